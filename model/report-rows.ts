// A report's before → after rows, as the simulator and the flash command print them.
import type { Report, Settings } from "./host-api.ts";

export const value = (v: string | number | null) => (v === null ? "unknown" : String(v));

export function beforeAfterRows(report: Report): [string, string, string][] {
  const row = (label: string, key: keyof Settings): [string, string, string] =>
    [label, value(report.before[key]), value(report.after[key])];
  return [row("antenna", "antenna"), row("IP source", "ipSource"), row("stored networks", "credentials")];
}

export function formatBeforeAfter(report: Report): string {
  const rows = beforeAfterRows(report).map(([label, before, after]) => `  ${label.padEnd(16)} ${before.padEnd(9)} → ${after}`);
  return [...rows, `  ${"access points".padEnd(16)} ${accessPointsSeen(report)}`].join("\n");
}

/** What the scan found: a count, or why there is none (a radio that never came on was not scanned at all). */
export function accessPointsSeen(report: Pick<Report, "accessPoints" | "diagnosis">): string {
  if (report.accessPoints !== null) return `${report.accessPoints} seen on 2.4 GHz`;
  if (report.diagnosis === "radio-off") return "not scanned: the radio is off";
  if (report.diagnosis === "scan-failed") return "not known: the scan failed";
  return "not known";
}
