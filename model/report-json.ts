// The report as the C++ host writes it (USB serial line and the USB "report"
// request): JSON with names, null for unknown. Turned back into a Report.
import { ACTIONS, DIAGNOSES, hex32, RESET_REASON, resetReasonName, type Report } from "./host-api.ts";

export const SERIAL_PREFIX = "netreset ";

export interface HostReportJson {
  build: string;
  action: string;
  diagnosis: string;
  before: { antenna: string; ipSource: string; credentials: number | null; resetReason: number | null };
  after: { antenna: string; ipSource: string; credentials: number | null };
  accessPoints: number | null;
  resetAttempts: number;
}

function member<T extends string>(list: readonly T[], value: string, what: string): T {
  if (!list.includes(value as T)) throw new Error(`the device's report has an unknown ${what} "${value}"`);
  return value as T;
}

/** The JSON the C++ host writes for a report (report.cpp), key for key. */
export function reportToHostJson(r: Report): string {
  const n = (v: number | null) => (v === null ? "null" : String(v));
  const reason = r.before.resetReason === "unknown" ? null : RESET_REASON[r.before.resetReason];
  return `{"build":"${hex32(r.buildId)}","action":"${r.action}","diagnosis":"${r.diagnosis}",`
    + `"before":{"antenna":"${r.before.antenna}","ipSource":"${r.before.ipSource}","credentials":${n(r.before.credentials)},"resetReason":${n(reason)}},`
    + `"after":{"antenna":"${r.after.antenna}","ipSource":"${r.after.ipSource}","credentials":${n(r.after.credentials)}},`
    + `"accessPoints":${n(r.accessPoints)},"resetAttempts":${r.resetAttempts}}`;
}

export function reportFromHostJson(text: string): Report {
  const j = JSON.parse(text) as HostReportJson;
  if (typeof j !== "object" || j === null || !j.before || !j.after) throw new Error(`not a photon-netreset report: ${text}`);
  return {
    buildId: Number.parseInt(j.build, 16) >>> 0,
    action: member(ACTIONS, j.action, "action"),
    diagnosis: member(DIAGNOSES, j.diagnosis, "diagnosis"),
    before: {
      antenna: j.before.antenna as Report["before"]["antenna"],
      ipSource: j.before.ipSource as Report["before"]["ipSource"],
      credentials: j.before.credentials,
      resetReason: j.before.resetReason === null ? "unknown" : resetReasonName(j.before.resetReason),
    },
    after: {
      antenna: j.after.antenna as Report["after"]["antenna"],
      ipSource: j.after.ipSource as Report["after"]["ipSource"],
      credentials: j.after.credentials,
    },
    accessPoints: j.accessPoints,
    resetAttempts: j.resetAttempts,
  };
}
