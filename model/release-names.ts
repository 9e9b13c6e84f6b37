// Names and formats of a release's firmware files, without file-system code:
// the CLI reads them from firmware/prebuilt/, the web page fetches them.
import type { Platform } from "./user-part.ts";

export const PREBUILT_DIR = "firmware/prebuilt";
export const SUMS_FILE = "SHA256SUMS";
export const MANIFEST_FILE = "manifest.json";

export interface Manifest { version: string; buildId: string; deviceOs: string }

export const binName = (platform: Platform, version: string) => `photon-netreset-${platform}-${version}.bin`;

/** SHA256SUMS as sha256sum writes it: "<hex>  <file>" per line. */
export function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}
