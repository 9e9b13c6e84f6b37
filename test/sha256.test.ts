// SHA-256 has one home, model/sha256.ts (Web Crypto, in Node and the page):
// SHA256SUMS written for a release, the check of a bundled or published .bin,
// and a backup's digest all come from it. A second implementation anywhere in
// the product fails here.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSums } from "../cli/prebuilt.ts";
import { sha256Hex } from "../model/sha256.ts";
import { checkFirmware } from "../recovery/firmware-check.ts";
import { userPart } from "./cli-harness.ts";

const HOME = "model/sha256.ts";
/** Hashes of many inputs, not a file's SHA-256 as anyone sees it: the program's build id and a build cache's folder name. */
const NOT_A_FILE_DIGEST = ["scripts/build-id.ts", "scripts/toolchain.ts"];

const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []);

describe("SHA-256 in one place", () => {
  it("is the standard digest (FIPS 180-2 vectors, and Node's own on any bytes)", async () => {
    expect(await sha256Hex(new Uint8Array())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
      expect(await sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
    }), { numRuns: 50 });
  });

  it("the release's SHA256SUMS and the command's check of a .bin agree: a line written is a line accepted", async () => {
    const bytes = userPart();
    const [line] = (await formatSums([{ name: "a.bin", bytes }])).split("\n");
    expect(line).toBe(`${await sha256Hex(bytes)}  a.bin`);
    const expected = line.split("  ")[0];
    const where = { path: "a.bin", source: "bundled" as const, buildId: null, sums: { file: "SHA256SUMS", expected, remedy: "reinstall" } };
    await expect(checkFirmware(where, bytes, { platform: "photon", systemVersion: null })).resolves.toMatchObject({ path: "a.bin" });
    await expect(checkFirmware({ ...where, sums: { ...where.sums, expected: "0".repeat(64) } }, bytes, { platform: "photon", systemVersion: null }))
      .rejects.toThrow(/its SHA-256 does not match SHA256SUMS/);
  });

  it(`no product file but ${HOME} computes a SHA-256 (node:crypto or Web Crypto)`, () => {
    const digesting = ["model", "host-shim", "recovery", "cli", "web", "scripts"].flatMap(sources)
      .filter((f) => /createHash\(\s*["'`]sha256|subtle\s*\.\s*digest\(/i.test(readFileSync(f, "utf8")));
    expect(digesting.sort()).toEqual([HOME, ...NOT_A_FILE_DIGEST].sort());
  });
});
