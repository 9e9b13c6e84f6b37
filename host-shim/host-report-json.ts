// The report as the C++ host writes it (USB serial line and the USB "report"
// request): JSON with names, null for unknown. Turned back into a Report.
import { ACTIONS, DIAGNOSES, resetReasonName, type Report } from "./host-api.ts";

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
