// Names and formats of a release's firmware files, without file-system code:
// the CLI reads them from firmware/prebuilt/, the web page fetches them.
import { FIRMWARE_BUILDS } from "./device-os-versions.ts";
import { PLATFORM_IDS, type Platform } from "./user-part.ts";

export const PREBUILT_DIR = "firmware/prebuilt";
export const SUMS_FILE = "SHA256SUMS";
export const MANIFEST_FILE = "manifest.json";

export interface Manifest { version: string; buildId: string; deviceOs: string }

/** One .bin per platform and build; the name says which Device OS it needs (it runs on that one and newer). */
export const binName = (platform: Platform, version: string, deviceOs: string) => `photon-netreset-${platform}-${version}-deviceos-${deviceOs}.bin`;

/** Every .bin a release of this version carries: each platform, each build. */
export const releaseBinNames = (version: string) =>
  (Object.keys(PLATFORM_IDS) as Platform[]).flatMap((p) => FIRMWARE_BUILDS.map((b) => binName(p, version, b.deviceOs)));

/** SHA256SUMS as sha256sum writes it: "<hex>  <file>" per line. */
export function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}
