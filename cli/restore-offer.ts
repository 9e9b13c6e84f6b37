// The end of `flash` when the owner's application was saved (issue 21): put
// it back (--restore, or yes at the terminal's question), or say how to later.
import type { BackupJson, UserPartBackup } from "./backup.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import type { Firmware } from "./firmware-check.ts";
import type { DeviceResult } from "./recover.ts";
import { reopen, restoreUserPart } from "./restore.ts";

export interface Kept { path: string; backup: UserPartBackup }

/** `backup` in --json for a kept backup. */
export const backupJson = (kept: Kept | undefined): BackupJson | null => kept
  ? { path: kept.path, bytes: kept.backup.bytes.length, sha256: kept.backup.sha256, moduleVersion: kept.backup.info.moduleVersion } : null;

/** A path as a shell takes it: quoted when it holds anything but plain characters (a folder with a space). */
const shellWord = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** The restore command for later, with --simulate kept in a simulated run (its device is made again from the scenario). */
export const restoreLater = (ctx: CliContext, path: string) =>
  `To put your application back later: npx photon-netreset restore ${shellWord(path)}${ctx.simulated ? ` --simulate ${ctx.simulated.option}` : ""}`;

/** The recovered device's result with `backup` and `restored` filled in. */
export async function offerRestore(ctx: CliContext, result: DeviceResult, kept: Kept | undefined,
  opts: { restore?: boolean; dctCheck?: boolean }): Promise<DeviceResult> {
  const done = { ...result, backup: backupJson(kept), restored: null };
  if (!kept) {
    if (opts.restore) ctx.io.err("--restore: there is no backup of an application of yours to put back.\n");
    return done;
  }
  const ask = !opts.restore && ctx.io.interactive && result.result === "recovered";
  if (result.result !== "recovered" || !(opts.restore || (ask && await ctx.io.prompts.confirm("Put your own application back on it now?", true)))) {
    ctx.io.err(`${restoreLater(ctx, kept.path)}\n`);
    return done;
  }
  const app: Firmware = { path: kept.path, bytes: kept.backup.bytes, info: kept.backup.info, source: "--bin", buildId: null };
  try {
    const restored = await restoreUserPart(ctx, await reopen(ctx, { id: result.id, platform: kept.backup.info.platform! }), app, { dctCheck: opts.dctCheck });
    return { ...done, restored };
  } catch (e) {
    if (!(e instanceof CliError) || e.code === EXIT.cancelled) throw e;
    ctx.io.err(`${e.message}\n${restoreLater(ctx, kept.path)}\n`);
    return { ...done, error: `restoring the application failed: ${e.message.split("\n")[0]}`, exitCode: EXIT.failed };
  }
}
