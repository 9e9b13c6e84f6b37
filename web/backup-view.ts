// The owner's application on the page: before the flash, the
// backup the workflow's backupBeforeFlash() read is downloaded, and offered
// again as a link (a blob in this tab only: never uploaded); after the reset, “Put my
// application back” restores it with the workflow's restoreUserPart() and says
// what the application then changed in the stored settings. “Put back an
// application from a file…” does the same with a file saved earlier, checked
// as the CLI's `restore FILE` checks it before a byte is sent.
import { backupFileName, type BackupOptions, type UserPartBackup } from "../recovery/backup.ts";
import type { RecoveryContext } from "../recovery/context.ts";
import type { GrantDfuDevice } from "../recovery/dct-readback.ts";
import type { FoundDevice } from "../recovery/find-devices.ts";
import { systemVersionOf } from "../recovery/system-version.ts";
import { checkFirmware, refuseFirmware, type Firmware } from "../recovery/firmware-check.ts";
import { reopen, restoreUserPart, type RestoredJson } from "../recovery/restore.ts";
import { USER_PART_MAX_BYTES } from "../model/user-part.ts";
import { state } from "./page.ts";

const $ = (id: string) => document.getElementById(id) as HTMLElement;

/** The backup of this visit, kept in the tab for the restore button. */
let saved: { backup: UserPartBackup; name: string } | null = null;

export const hasBackup = () => saved !== null;

/** A new demo or Photon: the backup of the last one is not this one's (its download link goes too). */
export function forgetBackup(): void {
  saved = null;
  const link = $("backup-link") as HTMLAnchorElement;
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.removeAttribute("download");
  link.href = "#backup";
}

/** A Photon is connected: the section with “Put back an application from a file…”. */
export function showBackupSection(): void {
  $("backup").hidden = false;
}

/** recoverDevice's backup option: the download link appears as soon as the application has been read. */
export function keepAsDownload(grant: GrantDfuDevice): BackupOptions {
  return {
    grant,
    keep: async (backup) => {
      const name = backupFileName(backup.id, new Date());
      saved = { backup, name };
      const link = $("backup-link") as HTMLAnchorElement;
      if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(new Blob([new Uint8Array(backup.bytes)], { type: "application/octet-stream" }));
      link.download = name;
      link.textContent = `Download ${name}`;
      $("backup-note").textContent = state.demo
        ? `Demo: this is the simulated Photon's made-up application (${backup.bytes.length} bytes, module version ${backup.info.moduleVersion}), not one of yours, `
          + "read and downloaded as a real Photon's would be. You can delete the file."
        : `Your own application (${backup.bytes.length} bytes, module version ${backup.info.moduleVersion}) was read from the Photon before the reset. `
          + "Save the file and keep it private: an application can hold your secrets. It stays in this tab and on your computer; it is never uploaded.";
      $("backup").hidden = false;
      $("backup-download").hidden = false;
      $("restore").hidden = true;
      link.click(); // the browser saves it now, before the flash; the link stays for another copy
      return name;
    },
  };
}

/** After a finished reset: offer to put it back. */
export function offerRestore(): void {
  if (!saved) return;
  $("restore").hidden = false;
  $("restore-result").textContent = "";
}

/** Checked as `restore FILE` checks it (CRC, user part, platform, the device's Device OS), flashed, and read back. */
async function restoreOnto(ctx: RecoveryContext, found: FoundDevice, name: string, bytes: Buffer, grant: GrantDfuDevice, fromFile: boolean): Promise<RestoredJson> {
  let app: Firmware;
  try {
    app = await checkFirmware({ path: name, source: "--bin", buildId: null }, bytes,
      { platform: found.platform, systemVersion: (await systemVersionOf(found.handle)).moduleVersion, ownerApp: true });
  } catch (e) {
    await found.handle.close().catch(() => {});
    throw e;
  }
  $("restore-result").textContent = "";
  const restored = await restoreUserPart(ctx, found, app, { dctCheck: true, grantDfuDevice: grant });
  const p = (text: string) => Object.assign(document.createElement("p"), { textContent: text });
  const changes = document.createElement("ul");
  changes.replaceChildren(...restored.settingsChanged.map((c) => Object.assign(document.createElement("li"), { textContent: c })));
  $("restore-result").replaceChildren(p(`Your application${fromFile ? ` (${name})` : ""} is back on the Photon and has started.`),
    ...(restored.settingsChanged.length
      ? [p("But it changed the network settings again, so the Photon may not get online:"), changes]
      : [p("Its stored network settings are still dynamic IP and the internal antenna: your application left them alone.")]),
    ...(restored.appVerdict ? [p(`${restored.appVerdict.headline}. ${restored.appVerdict.summary}`), p(`Next step: ${restored.appVerdict.nextStep}`)] : []));
  $("restore-result").dataset.state = restored.settingsChanged.length ? "settings-changed" : restored.appVerdict ? restored.appVerdict.code : "settings-kept";
  return restored;
}

/** “Put my application back”: the backup of this visit. */
export async function restoreSaved(ctx: RecoveryContext, grant: GrantDfuDevice): Promise<RestoredJson> {
  if (!saved) throw new Error("no backup was made on this visit");
  const found = await reopen(ctx, { id: saved.backup.id, platform: saved.backup.info.platform! });
  return restoreOnto(ctx, found, saved.name, saved.backup.bytes, grant, false);
}

/** “Put back an application from a file…”: a file saved earlier, onto the connected Photon (`found`). */
export async function restoreFile(ctx: RecoveryContext, found: FoundDevice, file: { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> },
  grant: GrantDfuDevice): Promise<RestoredJson> {
  // Bounded before it is read, as the CLI reads a file (cli/firmware.ts readBin).
  if (file.size > USER_PART_MAX_BYTES) {
    await found.handle.close().catch(() => {});
    throw refuseFirmware(file.name, [`it is ${file.size} bytes, over the ${USER_PART_MAX_BYTES}-byte user firmware slot`]);
  }
  return restoreOnto(ctx, found, file.name, Buffer.from(await file.arrayBuffer()), grant, true);
}
