// "Download a report" on the page: the same report the command writes with
// --report (model/report-file.ts, from recovery/report.ts), built from the
// latest outcome and the steps the workflow's events recorded, offered as a
// text file. No password, key or claim code (the events carry none; a password
// typed in the form is scrubbed too); the device id shortened.
import { buildReportFile, shortDeviceId } from "../model/report-file.ts";
import type { RecoveryEvent } from "../recovery/events.ts";
import type { DeviceResult } from "../recovery/outcome.ts";
import { flashReportInput, reportSteps } from "../recovery/report.ts";
import { $ } from "./page.ts";

let recorder = reportSteps();
let url: string | null = null;

/** Every event of the workflow, for "what was done and when". */
export const observeForReport = (e: RecoveryEvent) => recorder.observe(e);

/** A new demo or Photon: the last one's report and steps go. */
export function forgetReport(): void {
  recorder = reportSteps();
  if (url) URL.revokeObjectURL(url);
  url = null;
  $("report-download").hidden = true;
}

/** Offers the report of this outcome; `secrets`: what the owner typed that must never be in it (a Wi-Fi password). */
export function offerReport(result: DeviceResult, version: string, secrets: string[] = []): void {
  const text = buildReportFile(flashReportInput(result, { tool: { version }, createdAt: new Date().toISOString(), steps: recorder.steps }), { secrets });
  if (url) URL.revokeObjectURL(url);
  url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const link = $<HTMLAnchorElement>("report-link");
  link.href = url;
  link.download = `photon-netreset-report-${shortDeviceId(result.id).replace("…", "-")}.txt`;
  $("report-download").hidden = false;
}
