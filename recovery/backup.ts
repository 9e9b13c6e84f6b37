// Before flashing, save the owner's own application: the user part in the
// device's flash slot (0x080A0000, at most 128 KiB), read over DFU alt
// setting 0, only as far as its module header says it goes, and checked with
// binary-version-reader (CRC, platform, user part). A running device restarts
// into DFU mode for it and stays there: the flash then goes over DFU, so the
// backup costs no second DFU visit. The CLI keeps it in a file of mode 0600
// (backup-file.ts); the page offers it as a download.
import { decodeModuleHeader, MODULE_INFO_SIZE, moduleLength } from "../model/module-header.ts";
import { inspectUserPart, NotAModuleError, PLATFORM_IDS, USER_PART_ADDRESS, USER_PART_MAX_BYTES, userPartProblems, type Platform, type UserPartInfo } from "../model/user-part.ts";
import type { ParticleDevice } from "../model/device.ts";
import { note, setState, type RecoveryContext } from "./context.ts";
import { restartIntoDfu, type DfuReader, type GrantDfuDevice } from "./dct-readback.ts";
import { readReport } from "./device-report.ts";
import type { Firmware } from "./firmware-check.ts";
import { sha256Hex } from "../model/sha256.ts";
import type { FoundDevice } from "./find-devices.ts";
import { readInternalFlash } from "./internal-flash.ts";
import { transfer } from "./progress.ts";

export interface UserPartBackup { id: string; bytes: Buffer; info: UserPartInfo; sha256: string }

/** `backup` in --json: where it was kept and what it is (never its bytes). */
import type { BackupJson } from "./events.ts";

export type { BackupJson };

export interface BackupOptions {
  /** Keeps the backup (a file, a download) and says where: its path or file name. */
  keep(backup: UserPartBackup): Promise<string>;
  /** A browser must be allowed to use the device in DFU mode (readDctRoundTrip's grant). */
  grant?: GrantDfuDevice;
}

/** photon-netreset-backup-<device id>-<date>.bin (the n-th of that day: -n before .bin); the page's download has the same name. */
export const backupFileName = (id: string, date: Date, n = 1) =>
  `photon-netreset-backup-${id}-${date.toISOString().slice(0, 10)}${n > 1 ? `-${n}` : ""}.bin`;

/** Reads per step of the progress bar: 16 KiB of the 128 KiB slot. */
const CHUNK = 16 * 1024;

export type UserPartFinding = { kind: "found"; backup: UserPartBackup } | { kind: "nothing"; why: string };

/** The user part in the slot of a device in DFU mode, or why there is nothing of the owner's to keep. */
export async function readUserPart(ctx: RecoveryContext, dfu: DfuReader, device: { id: string; platform: Platform }, ours: Buffer): Promise<UserPartFinding> {
  const header = decodeModuleHeader(await readInternalFlash(dfu, USER_PART_ADDRESS, MODULE_INFO_SIZE));
  const length = moduleLength(header, { address: USER_PART_ADDRESS, maxBytes: USER_PART_MAX_BYTES, platformIds: [PLATFORM_IDS[device.platform]] });
  if ("problem" in length) return { kind: "nothing", why: length.problem };
  const bar = transfer(ctx, "Saving your application", length.bytes);
  const chunks: Buffer[] = [];
  for (let at = 0; at < length.bytes; at += CHUNK) {
    const size = Math.min(CHUNK, length.bytes - at);
    chunks.push(await readInternalFlash(dfu, USER_PART_ADDRESS + at, size));
    bar.add(size);
  }
  bar.done();
  const bytes = Buffer.concat(chunks);
  let info: UserPartInfo;
  try {
    info = await inspectUserPart(bytes);
  } catch (e) {
    if (e instanceof NotAModuleError) return { kind: "nothing", why: `the user slot holds no valid module: ${e.message}` };
    throw e;
  }
  // Any Device OS it needs: it ran on this device.
  const problems = userPartProblems(info, { platform: device.platform, maxSystemVersion: 0xffff });
  if (problems.length) return { kind: "nothing", why: `the user slot holds no valid user part (${problems.join("; ")})` };
  if (bytes.equals(ours)) return { kind: "nothing", why: "it already holds this photon-netreset build, nothing of yours" };
  return { kind: "found", backup: { id: device.id, bytes, info, sha256: await sha256Hex(bytes) } };
}

/**
 * The backup step of a flash: returns the device to flash (in DFU mode unless
 * nothing needed reading) and the backup kept, or null. A device running
 * photon-netreset (any build: it answers the report request) holds nothing of
 * the owner's and is not restarted for it.
 */
export async function backupBeforeFlash(ctx: RecoveryContext, found: FoundDevice, fw: Firmware, opts: BackupOptions): Promise<{ found: FoundDevice; backup: BackupJson | null; kept: UserPartBackup | null }> {
  const out = (text: string) => note(ctx, text);
  let now = found;
  if (found.mode !== "dfu") {
    const answer = await readReport(found.handle).catch(() => null);
    if (answer && answer.kind !== "not-ours") {
      out("Nothing to back up: it runs photon-netreset, not an application of yours.\n");
      return { found, backup: null, kept: null };
    }
    setState(ctx, { id: found.id, is: "dfu", for: "backup", resetDone: false });
    out("Saving your application first: it restarts into DFU mode (blinking yellow) and is flashed from there...\n");
    // Found again in DFU mode by the DCT read-back's rule: its DFU serial number may be shared (device-os issue 1425).
    now = { ...found, handle: await restartIntoDfu(ctx, found.handle, opts.grant), mode: "dfu" };
  }
  const finding = await readUserPart(ctx, now.handle as ParticleDevice & DfuReader, found, fw.bytes);
  if (finding.kind === "nothing") {
    out(`Nothing to back up: ${finding.why}.\n`);
    return { found: now, backup: null, kept: null };
  }
  const { backup } = finding;
  let path: string;
  try {
    path = await opts.keep(backup);
  } catch (e) {
    await now.handle.reset().catch(() => {}); // out of DFU mode: its own application starts again, nothing was flashed
    await now.handle.close().catch(() => {});
    throw e;
  }
  const json: BackupJson = { path, bytes: backup.bytes.length, sha256: backup.sha256, moduleVersion: backup.info.moduleVersion };
  ctx.emit({ kind: "backup", id: found.id, backup: json });
  ctx.emit({ kind: "result", id: found.id, text: `Your application (${backup.bytes.length} bytes, module version ${backup.info.moduleVersion}) is saved in ${path}.` });
  if (ctx.simulated) out(`(Simulation: this is the simulated Photon's made-up application from scenario "${ctx.simulated.scenario}", not one of yours; delete the file when you are done.)\n`);
  return { found: now, kept: backup, backup: json };
}
