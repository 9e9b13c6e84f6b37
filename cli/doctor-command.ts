// `photon-netreset doctor`: read-only, every device unless one is named. The
// reading is recovery/doctor.ts's typed outcome; this draws it for a terminal.
import { formatBeforeAfter } from "../model/report-rows.ts";
import { CliError, EXIT, type CommandContext } from "./context.ts";
import { chooseDevices, describe, findDevices, NO_DEVICE_HELP } from "../recovery/find-devices.ts";
import type { CommandResult, DoctorOptions } from "./options.ts";
import { formatDct } from "../recovery/dct-readback.ts";
import { FIX_SERVER_KEY_FLAG } from "../recovery/server-key.ts";
import { plainAction } from "../recovery/context.ts";
import { deviceOsLabel } from "../model/device-os-versions.ts";
import { networkLabel } from "../recovery/scan-list.ts";
import { doctorDevice } from "../recovery/doctor.ts";
import type { DoctorResult, FlashRoute } from "../recovery/doctor-outcome.ts";

export async function doctorCommand(ctx: CommandContext, opts: DoctorOptions): Promise<CommandResult> {
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  if (devices.length === 0) throw new CliError(NO_DEVICE_HELP, EXIT.noDevice);
  const chosen = opts.device ? await chooseDevices(ctx, devices, opts) : devices;
  for (const d of devices) if (!chosen.includes(d)) await d.handle.close();
  const results: DoctorResult[] = [];
  for (const d of chosen) results.push(await doctorDevice(ctx, d, opts.dfu !== false));
  if (!opts.json) for (const r of results) ctx.io.out(render(ctx, r, describe(chosen.find((d) => d.id === r.id)!)));
  return { code: EXIT.ok, json: { devices: results } };
}

/** One device's reading for a terminal, its next steps where they belong. */
function render(ctx: CommandContext, r: DoctorResult, device: string): string {
  const lines = [device];
  const reset = r.next.find((a) => a.command === "flash" && !a.args?.includes(FIX_SERVER_KEY_FLAG));
  const key = r.next.find((a) => a.args?.includes(FIX_SERVER_KEY_FLAG));
  const wifi = r.next.find((a) => a.command === "wifi");
  if (r.modules) lines.push(`  modules: ${r.modules.map((m) => `${m.type} ${m.index} v${m.version}`).join(", ")}`);
  if (r.cloud) lines.push(`  cloud: ${r.cloud.toLowerCase()}`);
  const p = r.photonNetreset;
  if (typeof p === "object") lines.push(`  photon-netreset report:\n${formatBeforeAfter(p).replace(/^/gm, "  ")}`);
  else if (p) lines.push(`  photon-netreset: ${p}`);
  lines.push(`  flash would: ${describeRoute(r.recovery, r.systemModuleVersion)}`);
  if (r.dct) {
    lines.push(formatDct(r.dct).replace(/^/gm, "  "));
    if (reset) lines.push(`  to fix it: ${plainAction(ctx, reset)} (it sets dynamic IP and the internal antenna, and clears the stored networks)`);
    if (r.serverKey) lines.push(`  cloud server key: ${r.serverKey.verdict}: ${r.serverKey.summary}`);
    if (key) lines.push(`  to fix it: ${plainAction(ctx, key)} (it resets the network settings too, and writes Particle's key)`);
  } else if (r.dctNotRead) lines.push(`  stored settings: not read (${r.dctNotRead}; put it in DFU mode by hand, hold SETUP, tap RESET, release on yellow, and run doctor again)`);
  else lines.push("  stored settings: not read (--no-dfu)");
  if (r.scan) lines.push(`  networks it sees: ${r.scan.length ? r.scan.map((ap) => networkLabel(ap)).join("; ") : "none (only 5 GHz networks near, or a radio or antenna fault)"}`);
  if (wifi) lines.push(`  waiting for Wi-Fi credentials: ${plainAction(ctx, wifi)}`);
  return `${lines.join("\n")}\n`;
}

function describeRoute(r: FlashRoute, moduleVersion: number | null): string {
  switch (r.route) {
    case "firmware": return `flash the photon-netreset build for Device OS ${r.build}`;
    case "system-requests": return `reset it through its own system's network requests (${deviceOsLabel(moduleVersion!)} answers them; no build runs on it)`;
    case "update-first": return `nothing: ${deviceOsLabel(moduleVersion!)} is too old; update Device OS first (exit 6)`;
    default: return "nothing until its Device OS is known";
  }
}
