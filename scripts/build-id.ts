// The program's build id: a hash of everything that decides what the
// program does, so any different build gets a different id and runs the
// reset once more on a device that ran an older one.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const PROGRAM_DIR = "firmware/program";

export function programSources(root: string): string[] {
  const dir = join(root, PROGRAM_DIR);
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();
  return [...files.map((f) => join(dir, f)), join(root, "asconfig.json"),
    join(root, "node_modules/assemblyscript/package.json")];
}

/** 32 bits of SHA-256 over the sources; never 0 or 0xFFFFFFFF (erased EEPROM). */
export function computeBuildId(root: string): number {
  const hash = createHash("sha256");
  for (const file of programSources(root)) {
    hash.update(file.slice(root.length)).update("\0").update(readFileSync(file)).update("\0");
  }
  const id = hash.digest().readUInt32LE(0);
  return id === 0 || id === 0xffffffff ? 0x4e52 : id;
}
