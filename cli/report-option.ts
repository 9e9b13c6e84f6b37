// `--report FILE` (flash, doctor): the shareable report written to a file the
// owner names, created 0600 and never over an existing file (refused before
// anything is sent to a device, exit 2). The text is model/report-file.ts's,
// from recovery/report.ts's input: no password, key or claim code; the device
// id shortened unless --full-id.
import { closeSync, existsSync, fchmodSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { buildReportFile } from "../model/report-file.ts";
import type { RecoveryEvent } from "../recovery/events.ts";
import type { DeviceResult } from "../recovery/outcome.ts";
import { doctorReportInput, flashReportInput, reportSteps, type DoctorReading } from "../recovery/report.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { PASSWORD_ENV } from "./options.ts";

export const REPORT_MODE = 0o600;

export interface ReportOptions { report?: string; fullId?: boolean }

/** The file to write, checked now: an existing file is refused (exit 2), naming it. */
export function reportTarget(ctx: Pick<CliContext, "cwd">, file: string): string {
  const path = resolve(ctx.cwd ?? process.cwd(), file);
  if (existsSync(path)) throw new CliError(`--report: ${path} exists already; it is not overwritten. Name a new file.`, EXIT.usage);
  return path;
}

function writeNew(path: string, text: string): void {
  const fd = openSync(path, "wx", REPORT_MODE); // created 0600 (the umask only takes bits away); never an existing file
  try {
    fchmodSync(fd, REPORT_MODE);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Watches the run's events, then writes the report of what the command returned. */
export function reportWriter(ctx: Pick<CliContext, "io">, path: string, opts: ReportOptions & { version: string }) {
  const { observe, steps } = reportSteps();
  return {
    observe: (e: RecoveryEvent) => observe(e),
    /** Writes the file for the command's devices; returns the path. */
    write(command: string, devices: unknown[]): string {
      const made = { tool: { version: opts.version }, createdAt: new Date().toISOString(), steps };
      const password = ctx.io.env[PASSWORD_ENV];
      const options = { fullDeviceId: opts.fullId === true, secrets: password ? [password] : [] };
      const texts = devices.map((d) => buildReportFile(command === "doctor" ? doctorReportInput(d as DoctorReading, made) : flashReportInput(d as DeviceResult, made), options));
      writeNew(path, texts.length ? texts.join("\n") : buildReportFile({ ...made, device: { id: "none", platform: "none", deviceOs: null }, steps: [], verdicts: [] }, options));
      return path;
    },
  };
}
