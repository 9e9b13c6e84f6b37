// `photon-netreset flash`: recover one device or several, and the exit code
// for several (README, "Exit codes").
import { CliError, EXIT, type CommandContext } from "./context.ts";
import { chooseDevices, findDevices } from "../recovery/find-devices.ts";
import { chooseFirmware, readBinOption } from "./firmware.ts";
import { recoverDevice } from "../recovery/recover.ts";
import { failedResult, type DeviceResult } from "../recovery/outcome.ts";
import type { CommandResult, FlashOptions } from "./options.ts";
import { scriptedWifi } from "./options.ts";
import { writeBackupFile } from "./backup-file.ts";
import type { BackupOptions } from "../recovery/backup.ts";
import { backupJson, offerRestore, type Kept } from "./restore-offer.ts";

/** Backups go to files in the folder the command was run from (backup-file.ts); each one kept for the offer to restore it. */
function keepInFiles(ctx: CommandContext, kept: Map<string, Kept>): BackupOptions {
  return {
    keep: async (backup) => {
      const dir = ctx.cwd ?? process.cwd();
      let path: string;
      try {
        path = writeBackupFile(dir, backup);
      } catch (e) {
        throw new CliError(`Could not save the backup of your application in ${dir} (${(e as Error).message}). Nothing was flashed.
Run the command from a folder you can write to, or use --no-backup to flash without saving it.`, EXIT.failed);
      }
      kept.set(backup.id, { path, backup });
      return path;
    },
  };
}

/**
 * One exit code for several devices. "Already runs this build" is not a
 * failure: with none failed, 0, or 5 when every device already ran it
 * (nothing was done). With failures, their code when they share one, else 1.
 * For one device this is that device's own code.
 */
export function overallExit(codes: number[]): number {
  const failed = codes.filter((c) => c !== EXIT.ok && c !== EXIT.alreadyRecovered);
  if (failed.length === 0) return codes.length > 0 && codes.every((c) => c === EXIT.alreadyRecovered) ? EXIT.alreadyRecovered : EXIT.ok;
  return failed.every((c) => c === failed[0]) ? failed[0] : EXIT.failed;
}

const settings = (s: { antenna: string; ipSource: string; credentials: number | null }) => `${s.antenna}/${s.ipSource}/${s.credentials ?? "?"}`;

export function resultTable(results: DeviceResult[]): string {
  const rows = results.map((r) => [r.id, r.result, r.report ? settings(r.report.before) : "-", r.report ? settings(r.report.after) : "-",
    r.diagnosis ?? "-", r.cloud ? "yes" : "no", r.error ? r.error.split("\n")[0] : ""]);
  const head = ["device", "result", "before (antenna/IP/networks)", "after", "diagnosis", "cloud", "problem"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

export async function flashCommand(ctx: CommandContext, opts: FlashOptions): Promise<CommandResult> {
  const wifi = scriptedWifi(ctx, opts);
  if (opts.restore && opts.backup === false) throw new CliError("--restore puts the backup back: it cannot go with --no-backup", EXIT.usage);
  const kept = new Map<string, Kept>();
  // The file first: a bad --bin is refused (exit 4) whether or not a device is there.
  const bin = opts.bin ? await readBinOption(opts.bin) : undefined;
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const chosen = await chooseDevices(ctx, devices, opts);
  for (const d of devices) if (!chosen.includes(d)) await d.handle.close();
  const results: DeviceResult[] = [];
  for (const found of chosen) {
    try {
      const result = await recoverDevice(ctx, found, { firmware: (device) => chooseFirmware(ctx, device, bin), force: opts.force, wifi, offerWifi: opts.wifi !== false, dctCheck: opts.dctCheck !== false,
        backup: opts.backup === false ? undefined : keepInFiles(ctx, kept), fixServerKey: opts.fixServerKey, chosenFile: opts.bin ? `--bin ${opts.bin}` : undefined });
      results.push(await offerRestore(ctx, result, kept.get(found.id), opts));
    } catch (e) {
      if (!(e instanceof CliError) || e.code === EXIT.cancelled) throw e;
      ctx.io.err(`${e.message}\n`);
      await found.handle.close().catch(() => {});
      results.push({ ...failedResult(found, e), backup: backupJson(kept.get(found.id)), restored: null }); // a backup saved before the failure is still named
    }
  }
  if (results.length > 1) ctx.emit({ kind: "result", id: "", text: `\n${resultTable(results)}` });
  const code = overallExit(results.map((r) => r.exitCode));
  const problems = results.filter((r) => r.exitCode !== EXIT.ok)
    .map((r) => `${r.id}: ${r.error ?? (r.result === "already-recovered" ? "already runs this build, nothing was done (rerun runs the reset again)" : r.result)}`);
  return { code, error: problems.join("; ") || undefined, json: { devices: results.map(({ exitCode, ...r }) => r) } };
}
