// Where the page's firmware comes from: the release files published beside
// the page (manifest.json, SHA256SUMS, one .bin per platform and build, the
// newest build the device's Device OS can run is fetched: the hash is
// checked before flashing), or a .bin the owner chose. Either way the CLI's
// own checks decide (recovery/firmware-check.ts).
import type { RecoverOptions } from "../recovery/recover.ts";
import { EXIT, RecoveryError as CliError } from "../recovery/errors.ts";
import { checkFirmware } from "../recovery/firmware-check.ts";
import { buildFor } from "../model/device-os-versions.ts";
import { binName, MANIFEST_FILE, parseSums, SUMS_FILE, type Manifest } from "../model/release-names.ts";

export type FirmwareFor = RecoverOptions["firmware"];

/** The folder beside the page that the release workflow fills. */
export const RELEASE_DIR = "firmware/";

export interface Release { version: string; buildId: number | null; sums: Map<string, string>; base: string }

/** The release beside the page, or null when there is none (a local build of the page). */
export async function loadRelease(base = RELEASE_DIR): Promise<Release | null> {
  const manifest = await fetch(`${base}${MANIFEST_FILE}`, { cache: "no-cache" }).then((r) => (r.ok ? r.json() as Promise<Manifest> : null)).catch(() => null);
  if (!manifest) return null;
  const sums = await fetch(`${base}${SUMS_FILE}`, { cache: "no-cache" }).then((r) => (r.ok ? r.text() : "")).catch(() => "");
  return { version: manifest.version, buildId: Number(manifest.buildId), sums: parseSums(sums), base };
}

export function releaseFirmware(release: Release): FirmwareFor {
  return async (device) => {
    const build = device.systemVersion === null ? null : buildFor(device.systemVersion);
    if (!build) throw new CliError(`No photon-netreset build runs on this device's Device OS.`, EXIT.badFirmware);
    const name = binName(device.platform, release.version, build.deviceOs);
    const response = await fetch(`${release.base}${name}`, { cache: "no-cache" }).catch(() => null);
    if (!response?.ok) throw new CliError(`Could not download ${name} from this site. Check your connection and reload the page.`, EXIT.badFirmware);
    const bytes = Buffer.from(await response.arrayBuffer());
    return checkFirmware({ path: name, source: "bundled", buildId: release.buildId,
      sums: { file: SUMS_FILE, expected: release.sums.get(name), remedy: "reload the page; if it happens again, report it" } }, bytes, device);
  };
}

export function chosenFirmware(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): FirmwareFor {
  return async (device) => checkFirmware({ path: file.name, source: "--bin", buildId: null }, Buffer.from(await file.arrayBuffer()), device);
}
