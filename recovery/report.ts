// The shareable report's input (model/report-file.ts builds the text) from
// what the workflow did: its events give "what was done and when", a flash's
// outcome or doctor's reading gives the device, the DCT, the verdicts. One
// home for both faces: the command writes it to a file, the page offers it as
// a download. Nothing here holds a password or a key: the events carry none.
import { explainDct, type DctSettings } from "../model/dct.ts";
import type { ReportFileInput } from "../model/report-file.ts";
import type { PhotonState, RecoveryEvent } from "./events.ts";
import type { DoctorResult } from "./doctor-outcome.ts";
import type { DeviceResult } from "./outcome.ts";
import type { ServerKeyJson } from "./server-key-json.ts";

export interface ReportStep { at: string; what: string; id?: string }

/** A state as a step in words (null: not worth a line). */
function stateStep(s: PhotonState): string | null {
  switch (s.is) {
    case "untouched": return "found on USB";
    case "dfu": return s.for === "backup" ? "restarted into DFU mode to save its application" : "restarted into DFU mode (or found there) to read its stored settings";
    case "flashing": return s.what === "owner-app" ? `putting the owner's application back (${s.over === "dfu" ? "over DFU" : "over USB"})` : `flashing photon-netreset (${s.over === "dfu" ? "over DFU" : "over USB"})`;
    case "resetting": return s.again ? "asked photon-netreset to run the reset again" : "photon-netreset restarting to run the reset";
    case "listening": return "in listening mode (blinking blue), waiting for Wi-Fi credentials";
    case "joining": return `Wi-Fi credentials sent for "${s.ssid}"; joining`;
    case "entering-listening": return "asked to enter listening mode";
    case "system-reset": return "its own system resetting the network settings";
    case "owner-app": return "the owner's application back and running";
    case "finished": return null;
  }
}

/** The steps as they happen, each with the time (HH:MM:SS, UTC), from the workflow's events. */
export function reportSteps(now: () => Date = () => new Date()): { observe: (e: RecoveryEvent) => void; steps: ReportStep[] } {
  const steps: ReportStep[] = [];
  const add = (what: string | null, id?: string) => {
    if (!what || steps.at(-1)?.what === what) return;
    steps.push({ at: now().toISOString().slice(11, 19), what, ...(id ? { id } : {}) });
  };
  const observe = (e: RecoveryEvent) => {
    switch (e.kind) {
      case "state": add(stateStep(e.state), e.state.id); break;
      case "backup": add(`saved its application (${e.backup.bytes} bytes, module version ${e.backup.moduleVersion})`, e.id); break;
      case "report": add(`photon-netreset reported: ${e.report.action}, diagnosis ${e.report.diagnosis}`, e.id); break;
      case "dct": add(`read the stored settings: ${e.dct.ipSource} IP, ${e.dct.antenna} antenna${e.disagreements.length ? "; they contradict the report" : ""}`, e.id); break;
      case "server-key": add(`read the cloud server key: ${e.serverKey.verdict}${e.serverKey.write?.written ? `; wrote Particle's, read back ${e.serverKey.write.after}` : ""}`, e.id); break;
      default: break;
    }
  };
  return { observe, steps };
}

const stepsOf = (steps: ReportStep[], id: string) => steps.filter((s) => !s.id || s.id === id).map(({ at, what }) => ({ at, what }));

function dctVerdicts(dct: DctSettings | null | undefined, serverKey: ServerKeyJson | undefined): ReportFileInput["verdicts"] {
  const out: ReportFileInput["verdicts"] = [];
  if (dct) out.push({ about: "stored settings", verdict: explainDct(dct).ok ? "as they should be" : "need a reset" });
  if (serverKey) out.push({ about: "cloud server key", verdict: serverKey.verdict, ...(serverKey.write ? { detail: serverKey.write.written ? `written, read back ${serverKey.write.after}` : `not written: ${serverKey.write.why}` } : {}) });
  return out;
}

interface Made { tool: { version: string }; createdAt: string; steps: ReportStep[] }

/** A flash's outcome for one device. */
export function flashReportInput(r: DeviceResult, made: Made): ReportFileInput {
  const verdicts: ReportFileInput["verdicts"] = [{ about: "result", verdict: r.result, ...(r.error ? { detail: r.error.split("\n")[0] } : {}) }];
  if (r.advice) verdicts.push({ about: "diagnosis", verdict: r.advice.code, detail: r.advice.headline });
  if (r.disagreements?.length) verdicts.push({ about: "stored settings against the report", verdict: "contradict it", detail: r.disagreements.join("; ") });
  verdicts.push(...dctVerdicts(r.dct, r.serverKey));
  if (r.credentialsSent !== undefined) verdicts.push({ about: "Wi-Fi credentials", verdict: r.credentialsSent ? "sent" : "not sent" });
  verdicts.push({ about: "cloud", verdict: r.cloud ? "connected" : "not connected" });
  if (r.cloudFailure) verdicts.push({ about: "why not on the cloud", verdict: r.cloudFailure.cause, detail: r.cloudFailure.summary });
  return {
    tool: made.tool, createdAt: made.createdAt,
    device: { id: r.id, platform: r.platform, deviceOs: r.deviceOs ?? null },
    ...(r.dct || r.serverKey ? { dct: { ...(r.dct ? { settings: r.dct } : {}), ...(r.serverKey ? { serverKey: r.serverKey } : {}) } } : {}),
    firmwareReport: r.report,
    ...(r.scan ? { scan: r.scan, ...(r.scanSeen !== undefined ? { scanSeen: r.scanSeen } : {}) } : {}),
    steps: stepsOf(made.steps, r.id), verdicts,
  };
}

/** What doctor read of one device (its --json device object). */
export type DoctorReading = DoctorResult;

export function doctorReportInput(d: DoctorReading, made: Made): ReportFileInput {
  const report = typeof d.photonNetreset === "object" ? d.photonNetreset : undefined;
  const verdicts = dctVerdicts(d.dct, d.serverKey);
  if (report) verdicts.unshift({ about: "photon-netreset's last report", verdict: report.diagnosis, detail: report.action });
  else if (typeof d.photonNetreset === "string") verdicts.unshift({ about: "photon-netreset", verdict: d.photonNetreset });
  return {
    tool: made.tool, createdAt: made.createdAt,
    device: { id: d.id, platform: d.platform, deviceOs: d.deviceOs ?? null, ...(d.systemModuleVersion ? { systemModuleVersion: d.systemModuleVersion } : {}),
      ...(d.modules ? { modules: d.modules } : {}), ...(d.mode ? { mode: d.mode } : {}), ...(d.cloud ? { cloudStatus: d.cloud.toLowerCase() } : {}) },
    ...(d.dct || d.serverKey ? { dct: { ...(d.dct ? { settings: d.dct } : {}), ...(d.serverKey ? { serverKey: d.serverKey } : {}) } } : {}),
    ...(report ? { firmwareReport: report } : {}),
    ...(d.scan ? { scan: d.scan, ...(d.scanSeen !== undefined ? { scanSeen: d.scanSeen } : {}) } : {}),
    steps: stepsOf(made.steps, d.id), verdicts,
  };
}
