// The prebuilt firmware folder: one .bin per platform, SHA256SUMS, and a
// manifest with the program's build id (written by the release workflow).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, parseSums, SUMS_FILE, type Manifest } from "../model/release-names.ts";

export { binName, MANIFEST_FILE, parseSums, PREBUILT_DIR, SUMS_FILE, type Manifest } from "../model/release-names.ts";

/** The program's build id as compiled into the committed generated C; null when absent (an installed package). */
export function generatedBuildId(root: string): number | null {
  const inc = join(root, "firmware/host/src/generated/netreset.inc");
  if (!existsSync(inc)) return null;
  const m = /w2c_BUILD_ID = (\d+)u;/.exec(readFileSync(inc, "utf8"));
  return m ? Number(m[1]) : null;
}

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

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
