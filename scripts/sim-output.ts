// The simulator's printout: a timeline, before → after, and the diagnosis.
import type { LedPattern } from "../host-shim/environment.ts";
import type { SimResult } from "../host-shim/run-scenario.ts";
import type { Scenario } from "../host-shim/scenario.ts";
import { beforeAfterRows } from "../model/report-rows.ts";
import { painter } from "./terminal.ts";

const paint = painter(process.stdout);

const LED_STYLE: Record<LedPattern, Parameters<typeof paint>[0]> = {
  "breathing-white": "white", "breathing-blue": "blue", "blinking-blue": "blue",
  "blinking-green": "green", "breathing-green": "green", "blinking-cyan": "cyan",
  "breathing-cyan": "cyan", "breathing-magenta": "magenta", "fast-blinking-orange": "yellow",
};

export const led = (pattern: LedPattern) => paint(LED_STYLE[pattern], `● ${pattern}`);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)}s`;

export function formatTimeline(result: SimResult, scenario: Scenario): string {
  const lines: string[] = [];
  lines.push(paint("bold", `photon-netreset simulator: ${scenario.name} (${scenario.device.platform}, Device OS ${result.deviceOs}, build ${result.buildId} for ${result.build})`));
  if (scenario.description) lines.push(paint("dim", scenario.description));
  lines.push("");
  for (const e of result.timeline) {
    const text = e.kind === "led" ? `LED ${led(e.text as LedPattern)}`
      : e.kind === "boot" ? paint("bold", e.text)
      : e.kind === "power-cut" || e.kind === "reset" ? paint("yellow", e.text)
      : `  ${e.text}`;
    lines.push(`${paint("dim", seconds(e.ms))}  ${text}`);
  }
  lines.push("");
  const r = result.report;
  if (r) {
    lines.push(paint("bold", `Report (boot ${result.boots.length}): ${r.action}, diagnosis ${r.diagnosis}`));
    for (const [label, before, after] of beforeAfterRows(r)) lines.push(`  ${label.padEnd(16)} ${before} → ${after}`);
    lines.push(`  ${"access points".padEnd(16)} ${r.accessPoints === null ? "not known (no scan)" : `${r.accessPoints} seen (2.4 GHz)`}`);
    lines.push(`  ${"reset attempts".padEnd(16)} ${r.resetAttempts}`);
  }
  const f = result.final;
  lines.push(`Final: ${led(f.led)}, antenna ${f.antenna}, ${f.ipSource} IP, ${f.credentials} stored network(s), marker ${f.marker ? "set" : "not set"}, ${result.resets} reset(s)${result.powerCuts ? `, ${result.powerCuts} power cut(s)` : ""}, cloud ${f.cloud ? "connected" : "not connected"}`);
  const colour = result.diagnosis === "ok" ? "green" : "red";
  lines.push(paint(colour, `Diagnosis: ${result.diagnosis}. ${result.advice.summary}`));
  lines.push(`Next step: ${result.advice.nextStep}`);
  return lines.join("\n");
}
