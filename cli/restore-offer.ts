// The end of `flash` when the owner's application was saved: put
// it back (--restore, or yes at the terminal's question), or say how to later.
import type { BackupJson, UserPartBackup } from "../recovery/backup.ts";
import { plainAction } from "../recovery/context.ts";
import { CliError, EXIT, type CommandContext } from "./context.ts";
import type { Firmware } from "../recovery/firmware-check.ts";
import type { DeviceResult } from "../recovery/outcome.ts";
import { reopen, restoreUserPart } from "../recovery/restore.ts";

export interface Kept { path: string; backup: UserPartBackup }

/** `backup` in --json for a kept backup. */
export const backupJson = (kept: Kept | undefined): BackupJson | null => kept
  ? { path: kept.path, bytes: kept.backup.bytes.length, sha256: kept.backup.sha256, moduleVersion: kept.backup.info.moduleVersion } : null;

/** The restore command for later, in this run's form, with its --simulate (its device is made again from the scenario) and --device. */
export const restoreLater = (ctx: CommandContext, path: string) => `To put your application back later: ${plainAction(ctx, { command: "restore", args: [path] })}`;

/** The recovered device's result with `backup` and `restored` filled in. */
export async function offerRestore(ctx: CommandContext, result: DeviceResult, kept: Kept | undefined,
  opts: { restore?: boolean; dctCheck?: boolean }): Promise<DeviceResult> {
  const done = { ...result, backup: backupJson(kept), restored: null };
  if (!kept) {
    if (opts.restore) ctx.io.err("--restore: there is no backup of an application of yours to put back.\n");
    return done;
  }
  const ask = !opts.restore && ctx.io.interactive && result.result === "recovered";
  if (result.result !== "recovered" || !(opts.restore || (ask && await ctx.io.prompts.confirm("Put your own application back on it now?", true)))) {
    ctx.emit({ kind: "result", id: result.id, text: restoreLater(ctx, kept.path) });
    return done;
  }
  const app: Firmware = { path: kept.path, bytes: kept.backup.bytes, info: kept.backup.info, source: "--bin", buildId: null };
  try {
    const restored = await restoreUserPart(ctx, await reopen(ctx, { id: result.id, platform: kept.backup.info.platform! }), app, { dctCheck: opts.dctCheck });
    return { ...done, restored };
  } catch (e) {
    if (!(e instanceof CliError) || e.code === EXIT.cancelled) throw e;
    ctx.io.err(`${e.message}\n`);
    ctx.emit({ kind: "result", id: result.id, text: restoreLater(ctx, kept.path) });
    return { ...done, error: `restoring the application failed: ${e.message.split("\n")[0]}`, exitCode: EXIT.failed };
  }
}
