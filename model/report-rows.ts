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
  return [...rows, `  ${"access points".padEnd(16)} ${value(report.accessPoints)} seen on 2.4 GHz`].join("\n");
}
