// Once before the suite, whatever tiers run: build/netreset.wasm from the
// current sources, and the standard user parts every test package root ships
// (test/standard-parts.ts), named to the test files' processes in the environment.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureWasm } from "../../scripts/build-wasm.ts";
import { writeStandardParts } from "../standard-parts.ts";

export default async function setup(): Promise<() => void> {
  await ensureWasm();
  const dir = mkdtempSync(join(tmpdir(), "photon-netreset-parts-"));
  writeStandardParts(dir);
  process.env.PHOTON_NETRESET_TEST_PARTS = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
