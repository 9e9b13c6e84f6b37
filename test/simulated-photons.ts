// Simulated USB Photons and the package root a test runs the command from:
// firmware fixtures (binary-version-reader's test helper, test/standard-parts.ts)
// and scratch folders removed after the file. No CLI here (cli-harness.ts runs
// it): the browser tests need only these.
import { afterAll } from "vitest";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { SimulatedUsbPhoton, type UsbPhotonOptions } from "../host-shim/usb/simulated-usb-photon.ts";
import { binName, MANIFEST_FILE, PREBUILT_DIR, SUMS_FILE } from "../cli/prebuilt.ts";
import type { Platform } from "../model/user-part.ts";
import { program } from "./helpers.ts";
import { standardParts, userPart } from "./standard-parts.ts";

export const VERSION = "9.9.9";
export { userPart };

/** Temporary folders this test file made: removed after it, so test runs leave nothing in /tmp. */
const scratch: string[] = [];
afterAll(() => { for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true }); });
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/**
 * A package root holding prebuilt firmware for both platforms and both builds,
 * as a release ships it: `bins` are the 2.3.1 builds, `bins.older` the 1.5.2 ones.
 */
export function packageRoot(): { root: string; bins: Record<Platform, Buffer> & { older: Record<Platform, Buffer> } } {
  const root = scratchDir("photon-netreset-pkg-");
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "photon-netreset", version: VERSION }));
  const dir = join(root, PREBUILT_DIR);
  mkdirSync(dir, { recursive: true });
  const bins = standardParts();
  const { older } = bins;
  const files = (["photon", "p1"] as Platform[]).flatMap((p) => [
    { name: binName(p, VERSION, "2.3.1"), bytes: bins[p] }, { name: binName(p, VERSION, "1.5.2"), bytes: older[p] }]);
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  // Written with Node's own SHA-256, not the package's (model/sha256.ts): the command's check of them meets an independent digest.
  writeFileSync(join(dir, SUMS_FILE), files.map((f) => `${createHash("sha256").update(f.bytes).digest("hex")}  ${f.name}\n`).join(""));
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ version: VERSION, buildId: `0x${program().buildId.toString(16)}`, deviceOs: "2.3.1" }));
  return { root, bins };
}

let serial = 0;
export function photon(scenario: string | Scenario, over: Partial<UsbPhotonOptions> = {}, bins?: Record<Platform, Buffer>): SimulatedUsbPhoton {
  const all = Object.values(bins ?? {}).flatMap((b: Buffer | Record<string, Buffer>) => (Buffer.isBuffer(b) ? [b] : Object.values(b)));
  const ours = new Set(all.map((b) => b.toString("base64")));
  return new SimulatedUsbPhoton({
    id: `e00fce68${String(++serial).padStart(16, "0")}`,
    platform: "photon",
    scenario: typeof scenario === "string" ? loadScenario(scenario) : scenario,
    // A .bin of ours carries the program; anything else is some other application.
    programIn: (bin) => (ours.has(bin.toString("base64")) ? program() : null),
    // Our program already running came from our .bin: the device knows its bytes (module info, DFU reads).
    userPart: over.app?.kind === "netreset" && bins ? bins[over.platform === "p1" ? "p1" : "photon"] : undefined,
    rebootMs: 5,
    ...over,
  });
}
