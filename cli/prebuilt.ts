// The prebuilt firmware folder: one .bin per platform, SHA256SUMS, and a
// manifest with the program's build id (written by the release workflow).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, parseSums, SUMS_FILE, type Manifest } from "../model/release-names.ts";
import { sha256Hex } from "../model/sha256.ts";

export { binName, MANIFEST_FILE, parseSums, PREBUILT_DIR, SUMS_FILE, type Manifest } from "../model/release-names.ts";

/** The program's build id as compiled into the committed generated C; null when absent (an installed package). */
export function generatedBuildId(root: string): number | null {
  const inc = join(root, "firmware/host/src/generated/netreset.inc");
  if (!existsSync(inc)) return null;
  const m = /w2c_BUILD_ID = (\d+)u;/.exec(readFileSync(inc, "utf8"));
  return m ? Number(m[1]) : null;
}

/** SHA256SUMS for `files`, as sha256sum writes it. */
export async function formatSums(files: { name: string; bytes: Buffer }[]): Promise<string> {
  return (await Promise.all(files.map(async (f) => `${await sha256Hex(f.bytes)}  ${f.name}\n`))).join("");
}

export function readSums(dir: string): Map<string, string> | null {
  const file = join(dir, SUMS_FILE);
  return existsSync(file) ? parseSums(readFileSync(file, "utf8")) : null;
}

export function readManifest(dir: string): Manifest | null {
  const file = join(dir, MANIFEST_FILE);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) as Manifest : null;
}
