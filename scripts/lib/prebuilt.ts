// The prebuilt firmware folder: one .bin per platform, SHA256SUMS, and a
// manifest with the program's build id (written by the release workflow).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Platform } from "./user-part.ts";

export const PREBUILT_DIR = "firmware/prebuilt";
export const SUMS_FILE = "SHA256SUMS";
export const MANIFEST_FILE = "manifest.json";

export interface Manifest { version: string; buildId: string; deviceOs: string }

/** The program's build id as compiled into the committed generated C; null when absent (an installed package). */
export function generatedBuildId(root: string): number | null {
  const inc = join(root, "firmware/host/src/generated/netreset.inc");
  if (!existsSync(inc)) return null;
  const m = /w2c_BUILD_ID = (\d+)u;/.exec(readFileSync(inc, "utf8"));
  return m ? Number(m[1]) : null;
}

export const binName = (platform: Platform, version: string) => `photon-netreset-${platform}-${version}.bin`;

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** SHA256SUMS as sha256sum writes it: "<hex>  <file>" per line. */
export function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}

export function formatSums(files: { name: string; bytes: Buffer }[]): string {
  return files.map((f) => `${sha256(f.bytes)}  ${f.name}\n`).join("");
}

export function readSums(dir: string): Map<string, string> | null {
  const file = join(dir, SUMS_FILE);
  return existsSync(file) ? parseSums(readFileSync(file, "utf8")) : null;
}

export function readManifest(dir: string): Manifest | null {
  const file = join(dir, MANIFEST_FILE);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) as Manifest : null;
}
