// Keeping a backup of the owner's application on the computer: a file in the
// current folder, photon-netreset-backup-<device id>-<date>.bin, created with
// mode 0600 (an application can hold its owner's secrets: never
// world-readable, not even between creating and writing it), never
// overwriting an earlier backup, never uploaded or logged.
import { closeSync, fchmodSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { backupFileName, type UserPartBackup } from "../recovery/backup.ts";

export { backupFileName };
export const BACKUP_MODE = 0o600;

/** Writes the backup into `dir`; returns its path. */
export function writeBackupFile(dir: string, backup: UserPartBackup, date = new Date()): string {
  for (let n = 1; ; n++) {
    const path = join(dir, backupFileName(backup.id, date, n));
    let fd: number;
    try {
      fd = openSync(path, "wx", BACKUP_MODE); // created 0600 (the umask can only take bits away); never an existing file
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw e;
    }
    try {
      fchmodSync(fd, BACKUP_MODE);
      writeSync(fd, backup.bytes);
    } finally {
      closeSync(fd);
    }
    return path;
  }
}
