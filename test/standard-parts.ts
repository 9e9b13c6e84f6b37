// The user parts a test package root ships (cli-harness.ts packageRoot()): the
// 2.3.1 and 1.5.2 builds for the Photon and the P1, made with
// binary-version-reader's test helper. The global setup makes them once per run
// and names the folder in PHOTON_NETRESET_TEST_PARTS; a test file then reads
// them instead of loading the helper (its index brings archiver and unzipper:
// a quarter of a second per file). No vitest here: the global setup imports it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { FUNCTION, type Platform } from "../model/user-part.ts";

type FirmwareTestHelper = { createFirmwareBinary(o: Record<string, unknown>): Buffer };
let helper: FirmwareTestHelper | undefined;
const firmwareTestHelper = (): FirmwareTestHelper => (helper ??= createRequire(import.meta.url)("binary-version-reader").firmwareTestHelper);

/** A well-formed Photon user part for Device OS 2.3.1 (random data), with `over` changed. */
export function userPart(over: Record<string, unknown> = {}): Buffer {
  return firmwareTestHelper().createFirmwareBinary({
    platformId: 6, moduleFunction: FUNCTION.USER_PART, moduleIndex: 1, moduleVersion: 6,
    deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: 2302 }], moduleStartAddress: 0x080a0000, dataSize: 20_000, ...over,
  });
}

export type StandardParts = Record<Platform, Buffer> & { older: Record<Platform, Buffer> };

const dep1512 = { deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: 1512 }] };
const MADE: Record<string, Record<string, unknown>> = {
  photon: {}, p1: { platformId: 8 },
  "older-photon": { ...dep1512, dataSize: 20_004 }, "older-p1": { ...dep1512, platformId: 8, dataSize: 20_004 },
};

/** Makes the standard parts into `dir` (the global setup). */
export function writeStandardParts(dir: string): void {
  for (const [name, over] of Object.entries(MADE)) writeFileSync(join(dir, `${name}.bin`), userPart(over));
}

/** The standard parts: read from the run's folder when the global setup made them, else made here. */
export function standardParts(): StandardParts {
  const dir = process.env.PHOTON_NETRESET_TEST_PARTS;
  const part = (name: string) => (dir && existsSync(join(dir, `${name}.bin`)) ? readFileSync(join(dir, `${name}.bin`)) : userPart(MADE[name]));
  return { photon: part("photon"), p1: part("p1"), older: { photon: part("older-photon"), p1: part("older-p1") } };
}
