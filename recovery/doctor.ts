// `doctor` for one device, read only: what it runs, its own report, the
// networks it sees, and (over DFU and back) the settings in its own storage
// and the cloud's server key; then what would help, as next steps.
import { CONTROL_REQUESTS_FROM, deviceOsLabel, deviceOsOf, routeFor } from "../model/device-os-versions.ts";
import { moduleInfoOf } from "../model/module-info.ts";
import type { NextAction } from "./actions.ts";
import { setState, type RecoveryContext } from "./context.ts";
import { readReport } from "./device-report.ts";
import { cloudStatusOf } from "./device-state.ts";
import type { DoctorResult, FlashRoute } from "./doctor-outcome.ts";
import type { FoundDevice } from "./find-devices.ts";
import { readScanList, scanJson } from "./scan-list.ts";
import { FIX_SERVER_KEY_FLAG, readStoredSettings } from "./server-key.ts";
import { systemVersionOf } from "./system-version.ts";
import { storageNeedsReset } from "./target-settings.ts";

function flashRoute(moduleVersion: number | null): FlashRoute {
  if (moduleVersion === null) return { route: "unknown" };
  const route = routeFor(moduleVersion);
  return route.kind === "flash" ? { route: "firmware", build: route.build.deviceOs } : { route: route.kind };
}

/** What would help, from what was read: the reset for settings that keep it offline, Particle's key for a wrong one, credentials when it listens. */
export function doctorNext(r: Pick<DoctorResult, "dct" | "serverKey" | "mode">): NextAction[] {
  const next: NextAction[] = [];
  if (r.dct && storageNeedsReset(r.dct)) next.push({ command: "flash" });
  if (r.dct && r.serverKey && r.serverKey.verdict !== "right") next.push({ command: "flash", args: [FIX_SERVER_KEY_FLAG] });
  if (r.mode === "listening") next.push({ command: "wifi" });
  return next;
}

export async function doctorDevice(ctx: RecoveryContext, found: FoundDevice, readDct: boolean): Promise<DoctorResult> {
  const h = found.handle;
  // Read only: in DFU mode from its flash (alt setting 0), else asked.
  const system = await systemVersionOf(h);
  const r: Omit<DoctorResult, "dct" | "next"> & Partial<Pick<DoctorResult, "dct">> = {
    id: found.id, platform: found.platform, mode: found.mode,
    deviceOs: found.deviceOs ?? (system.moduleVersion !== null ? deviceOsOf(system.moduleVersion) ?? String(system.moduleVersion) : null),
    systemModuleVersion: system.moduleVersion, recovery: flashRoute(system.moduleVersion),
  };
  if (found.mode !== "dfu") {
    r.modules = (await moduleInfoOf(h).catch(() => [])).map((m) => ({ type: m.type, index: m.index, version: m.version }));
    r.cloud = await cloudStatusOf(h).catch(() => "unknown");
    const answer = await readReport(h).catch(() => null);
    r.photonNetreset = answer?.kind === "report" ? answer.report : answer?.kind === "none-yet" ? "running, no report yet" : "not running";
    // The networks its own scan saw (our firmware's list, or its system's on 0.8.0-rc.2 to 1.5.x), when it gives one.
    const list = await readScanList(h);
    if (list) Object.assign(r, scanJson(list));
  }
  // The device's own stored IP and antenna settings: at once in DFU mode, else through DFU and back.
  const canEnterDfu = system.moduleVersion === null || system.moduleVersion >= CONTROL_REQUESTS_FROM;
  if (found.mode !== "dfu" && readDct && !canEnterDfu) {
    // Before 0.8.0-rc.2 there is no control request to enter DFU mode over USB.
    r.dct = null;
    r.dctNotRead = `${deviceOsLabel(system.moduleVersion!)} cannot be asked to enter DFU mode over USB`;
    await h.close();
  } else if (readDct || found.mode === "dfu") {
    if (found.mode !== "dfu") setState(ctx, { id: found.id, is: "dfu", for: "settings", resetDone: false });
    const stored = await readStoredSettings(ctx, h, { policy: "read-only", systemModuleVersion: system.moduleVersion ?? undefined });
    r.dct = stored.dct;
    r.serverKey = stored.serverKey;
    setState(ctx, { id: found.id, is: "finished" });
  } else {
    r.dct = null;
    await h.close();
  }
  const done = { ...r, dct: r.dct ?? null };
  return { ...done, next: doctorNext(done) };
}
