// `photon-netreset doctor`: read-only, every device unless one is named.
import { formatBeforeAfter } from "../model/report-rows.ts";
import { CliError, EXIT, type CommandContext } from "./context.ts";
import { readReport } from "../recovery/device-report.ts";
import { chooseDevices, describe, findDevices, NO_DEVICE_HELP, type FoundDevice } from "../recovery/find-devices.ts";
import { cloudStatusOf } from "../recovery/device-state.ts";
import type { CommandResult, DoctorOptions } from "./options.ts";
import { formatDct } from "../recovery/dct-readback.ts";
import { FIX_SERVER_KEY_FLAG, readStoredSettings, type ServerKeyJson } from "../recovery/server-key.ts";
import { plainAction, setState } from "../recovery/context.ts";
import { storageNeedsReset } from "../recovery/target-settings.ts";
import type { DctSettings } from "../model/dct.ts";
import { CONTROL_REQUESTS_FROM, deviceOsLabel, deviceOsOf, routeFor } from "../model/device-os-versions.ts";
import { systemVersionOf } from "../recovery/system-version.ts";
import { networkLabel, readScanList, scanJson } from "../recovery/scan-list.ts";
import type { ScannedAccessPoint } from "../model/wifi-scan-list.ts";
import { moduleInfoOf } from "../model/module-info.ts";

/** What `flash` would do for this system (docs/device-os.md), for the owner and in --json. */
function recoveryOf(moduleVersion: number | null) {
  if (moduleVersion === null) return { route: "unknown" as const };
  const route = routeFor(moduleVersion);
  return route.kind === "flash" ? { route: "firmware" as const, build: route.build.deviceOs } : { route: route.kind };
}


async function doctorOne(ctx: CommandContext, found: FoundDevice, readDct: boolean) {
  const h = found.handle;
  const info: Record<string, unknown> = { id: found.id, platform: found.platform, mode: found.mode, deviceOs: found.deviceOs };
  // Read only: in DFU mode from its flash (alt setting 0), else asked.
  const system = await systemVersionOf(h);
  info.systemModuleVersion = system.moduleVersion;
  if (system.moduleVersion !== null) info.deviceOs ??= deviceOsOf(system.moduleVersion) ?? String(system.moduleVersion);
  info.recovery = recoveryOf(system.moduleVersion);
  if (found.mode !== "dfu") {
    info.modules = (await moduleInfoOf(h).catch(() => [])).map((m) => ({ type: m.type, index: m.index, version: m.version }));
    info.cloud = await cloudStatusOf(h).catch(() => "unknown");
    const answer = await readReport(h).catch(() => null);
    info.photonNetreset = answer?.kind === "report" ? answer.report : answer?.kind === "none-yet" ? "running, no report yet" : "not running";
    // The networks its own scan saw (our firmware's list, or its system's on 0.8.0-rc.2 to 1.5.x), when it gives one.
    const list = await readScanList(h);
    if (list) Object.assign(info, scanJson(list));
  }
  // The device's own stored IP and antenna settings: at once in DFU mode, else through DFU and back.
  const canEnterDfu = system.moduleVersion === null || system.moduleVersion >= CONTROL_REQUESTS_FROM;
  if (found.mode !== "dfu" && readDct && !canEnterDfu) {
    // Before 0.8.0-rc.2 there is no control request to enter DFU mode over USB.
    info.dct = null;
    info.dctNotRead = `${deviceOsLabel(system.moduleVersion!)} cannot be asked to enter DFU mode over USB`;
    await h.close();
  } else if (readDct || found.mode === "dfu") {
    if (found.mode !== "dfu") setState(ctx, { id: found.id, is: "dfu", for: "settings", resetDone: false });
    const stored = await readStoredSettings(ctx, h, { policy: "read-only", systemModuleVersion: system.moduleVersion ?? undefined });
    info.dct = stored.dct;
    info.serverKey = stored.serverKey;
    setState(ctx, { id: found.id, is: "finished" });
  } else {
    info.dct = null;
    await h.close();
  }
  return info;
}

export async function doctorCommand(ctx: CommandContext, opts: DoctorOptions): Promise<CommandResult> {
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  if (devices.length === 0) throw new CliError(NO_DEVICE_HELP, EXIT.noDevice);
  const chosen = opts.device ? await chooseDevices(ctx, devices, opts) : devices;
  for (const d of devices) if (!chosen.includes(d)) await d.handle.close();
  const reports = [];
  for (const d of chosen) reports.push(await doctorOne(ctx, d, opts.dfu !== false));
  if (!opts.json) {
    for (const r of reports) {
      ctx.io.out(`${describe(chosen.find((d) => d.id === r.id)!)}\n`);
      if (r.modules) ctx.io.out(`  modules: ${(r.modules as { type: string; index: number; version: number }[]).map((m) => `${m.type} ${m.index} v${m.version}`).join(", ")}\n`);
      if (r.cloud) ctx.io.out(`  cloud: ${String(r.cloud).toLowerCase()}\n`);
      const p = r.photonNetreset;
      if (typeof p === "object" && p) ctx.io.out(`  photon-netreset report:\n${formatBeforeAfter(p as never).replace(/^/gm, "  ")}\n`);
      else if (p) ctx.io.out(`  photon-netreset: ${p}\n`);
      ctx.io.out(`  flash would: ${describeRecovery(r.recovery as ReturnType<typeof recoveryOf>, r.systemModuleVersion as number | null)}\n`);
      if (r.dct) {
        ctx.io.out(`${formatDct(r.dct as DctSettings).replace(/^/gm, "  ")}\n`);
        if (storageNeedsReset(r.dct as DctSettings)) {
          ctx.io.out(`  to fix it: ${plainAction(ctx, { command: "flash" })} (it sets dynamic IP and the internal antenna, and clears the stored networks)\n`);
        }
        const key = r.serverKey as ServerKeyJson | undefined;
        if (key) {
          ctx.io.out(`  cloud server key: ${key.verdict}: ${key.summary}\n`);
          if (key.verdict !== "right") ctx.io.out(`  to fix it: ${plainAction(ctx, { command: "flash", args: [FIX_SERVER_KEY_FLAG] })} (it resets the network settings too, and writes Particle's key)\n`);
        }
      } else if (r.dctNotRead) ctx.io.out(`  stored settings: not read (${r.dctNotRead}; put it in DFU mode by hand, hold SETUP, tap RESET, release on yellow, and run doctor again)\n`);
      else ctx.io.out("  stored settings: not read (--no-dfu)\n");
      if (Array.isArray(r.scan)) {
        const seen = r.scan as ScannedAccessPoint[];
        ctx.io.out(`  networks it sees: ${seen.length ? seen.map((ap) => networkLabel(ap)).join("; ") : "none (only 5 GHz networks near, or a radio or antenna fault)"}\n`);
      }
      if (r.mode === "listening") ctx.io.out(`  waiting for Wi-Fi credentials: ${plainAction(ctx, { command: "wifi" })}\n`);
    }
  }
  return { code: EXIT.ok, json: { devices: reports } };
}

function describeRecovery(r: ReturnType<typeof recoveryOf>, moduleVersion: number | null): string {
  switch (r.route) {
    case "firmware": return `flash the photon-netreset build for Device OS ${r.build}`;
    case "system-requests": return `reset it through its own system's network requests (${deviceOsLabel(moduleVersion!)} answers them; no build runs on it)`;
    case "update-first": return `nothing: ${deviceOsLabel(moduleVersion!)} is too old; update Device OS first (exit 6)`;
    default: return "nothing until its Device OS is known";
  }
}
