// The owner's application on the page (issue 21): before the flash, the
// backup the CLI's own backupBeforeFlash() read is downloaded, and offered
// again as a link (a blob in this tab only: never uploaded); after the reset, “Put my
// application back” restores it with the CLI's restoreUserPart() and says
// what the application then changed in the stored settings.
import { backupFileName, type BackupOptions, type UserPartBackup } from "../cli/backup.ts";
import type { CliContext } from "../cli/context.ts";
import type { GrantDfuDevice } from "../cli/dct-readback.ts";
import { systemVersionOf } from "../cli/system-version.ts";
import { checkFirmware } from "../cli/firmware-check.ts";
import { reopen, restoreUserPart, type RestoredJson } from "../cli/restore.ts";

const $ = (id: string) => document.getElementById(id) as HTMLElement;

/** The backup of this visit, kept in the tab for the restore button. */
let saved: { backup: UserPartBackup; name: string } | null = null;

export const hasBackup = () => saved !== null;

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
      $("backup-note").textContent = `Your own application (${backup.bytes.length} bytes, module version ${backup.info.moduleVersion}) was read from the Photon before the reset. `
        + "Save the file and keep it private: an application can hold your secrets. It stays in this tab and on your computer; it is never uploaded.";
      $("backup").hidden = false;
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

/** “Put my application back”: the same checks as the restore command, then the read-back. */
export async function restoreSaved(ctx: CliContext, grant: GrantDfuDevice): Promise<RestoredJson> {
  if (!saved) throw new Error("no backup was made on this visit");
  const device = { id: saved.backup.id, platform: saved.backup.info.platform! };
  const found = await reopen(ctx, device);
  const app = await checkFirmware({ path: saved.name, source: "--bin", buildId: null }, saved.backup.bytes,
    { platform: device.platform, systemVersion: (await systemVersionOf(found.handle)).moduleVersion });
  const restored = await restoreUserPart(ctx, found, app, { dctCheck: true, grantDfuDevice: grant });
  $("restore-result").replaceChildren(...[
    "Your application is back on the Photon and has started.",
    ...(restored.settingsChanged.length
      ? ["But it changed the network settings again, so the Photon may not get online:", ...restored.settingsChanged]
      : ["Its stored network settings are still dynamic IP and the internal antenna: your application left them alone."]),
  ].map((line) => Object.assign(document.createElement("p"), { textContent: line })));
  $("restore-result").dataset.state = restored.settingsChanged.length ? "settings-changed" : "settings-kept";
  return restored;
}
