// A user part whose module header does not describe the file in the user slot
// is never sent: one check (model/user-part.ts) on every path that sends one,
// exit 4 and "Nothing was sent"; and the simulated Photon refuses or
// safe-modes such a part as Device OS 2.3.1 does (host-shim/device-os/user-module.ts).
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { updateAccepted, userModuleRuns } from "../host-shim/device-os/user-module.ts";
import { ownerAppBin } from "../host-shim/owner-app.ts";
import { loadScenario } from "../host-shim/scenario.ts";
import { inspectUserPart, userPartProblems } from "../model/user-part.ts";
import { chosenFirmware } from "../web/firmware-source.ts";
import { CliError } from "../cli/context.ts";
import { packageRoot, photon, runCli, scratchDir, userPart } from "./cli-harness.ts";
import { corruptedUserPart, REPORTED, setField, VALID, withCrc } from "./crafted-user-parts.ts";
import { program } from "./helpers.ts";

const problemsOf = async (bin: Buffer) => inspectUserPart(bin).then((i) => userPartProblems(i, { platform: "photon" }), (e: Error) => [e.message]);

describe("the one check of a user part", () => {
  it("accepts the valid part every crafted one is made from", async () => {
    expect(await problemsOf(VALID)).toEqual([]);
  });

  const expected: Record<keyof typeof REPORTED, RegExp> = {
    "start address 0x08020000": /start address 0x08020000, not the user slot's 0x080a0000/,
    "end address before the start": /end address 0x0809f000, not after its start address 0x080a0000/,
    "end 64 KiB past the file": /says the module is \d+ bytes .*but the file is 4\d{3} bytes/,
    "end address 0xFFFFFFFF": /end address 0xffffffff: \d+ bytes, past the 131072-byte user firmware slot/,
    "4,000 bytes after the module's end": /says the module is \d+ bytes .*but the file is \d+ bytes/,
  };
  for (const [name, bin] of Object.entries(REPORTED)) {
    it(`refuses ${name} (CRC recomputed), naming what is wrong`, async () => {
      expect((await inspectUserPart(bin)).crcOk).toBe(true); // the CRC alone would let it through
      expect(await problemsOf(bin)).toEqual([expect.stringMatching(expected[name as keyof typeof REPORTED])]);
    });
  }

  it("refuses a module index other than the user part's 1", async () => {
    expect(await problemsOf(withCrc(setField(VALID, "moduleIndex", 2)))).toEqual([expect.stringMatching(/module index 2: a Photon's user part is module 1/)]);
  });
});

describe("flash --bin and restore send none of them", () => {
  for (const [name, bin] of Object.entries(REPORTED)) {
    it(`${name}: exit 4, "Nothing was sent", nothing flashed, never "recovered"`, async () => {
      const { root, bins } = packageRoot();
      const file = join(scratchDir("crafted-"), "app.bin");
      writeFileSync(file, bin);
      for (const argv of [["flash", "--bin", file, "--json"], ["restore", file, "--json"]]) {
        const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
        const r = await runCli(argv, [d], root);
        expect(r.code, `${argv[0]}: ${r.err}`).toBe(4);
        expect(r.err).toMatch(/Nothing was sent to the device/);
        expect(r.err).not.toMatch(/recovered|is back on the device/);
        expect(JSON.parse(r.out)).toMatchObject({ ok: false, exitCode: 4 });
        expect(d.flashed).toEqual([]);
      }
    });
  }
});

describe("the backup's own check", () => {
  it("a slot holding a module whose header is wrong for a user part (index 2) is not kept, and says why", async () => {
    const { root, bins } = packageRoot();
    const scenario = loadScenario("healthy");
    scenario.device.app = { name: "weather-station", codeBytes: 6000, moduleVersion: 4, breaksSettings: null };
    const slot = withCrc(setField(ownerAppBin(scenario.device.app, "photon"), "moduleIndex", 2));
    const d = photon(scenario, { userPart: slot }, bins);
    const cwd = scratchDir("backup-");
    const r = await runCli(["flash", "--json", "--no-wifi"], [d], root, { cwd });
    expect(r.err).toMatch(/Nothing to back up: the user slot holds no valid user part \(its module header gives module index 2/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("property: no corrupted user part is ever sent", () => {
  it("the CLI (flash --bin) refuses every one with exit 4 and sends nothing", async () => {
    const { root, bins } = packageRoot();
    const dir = scratchDir("corrupted-");
    await fc.assert(fc.asyncProperty(corruptedUserPart, async ({ bin }) => {
      const file = join(dir, "app.bin");
      writeFileSync(file, bin);
      const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
      const r = await runCli(["flash", "--bin", file, "--no-backup"], [d], root);
      expect(r.code, r.err).toBe(4);
      expect(r.err).toMatch(/Nothing was sent/);
      expect(d.flashed).toEqual([]);
    }), { numRuns: 150 });
  }, 120_000);

  it("the page's file button (chosenFirmware) refuses every one before anything is sent", async () => {
    await fc.assert(fc.asyncProperty(corruptedUserPart, async ({ bin }) => {
      const file = { name: "app.bin", arrayBuffer: async () => bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) as ArrayBuffer };
      const refused = await chosenFirmware(file)({ platform: "photon", systemVersion: 2302 }).then(() => null, (e: unknown) => e);
      expect(refused).toBeInstanceOf(CliError);
      expect((refused as CliError).code).toBe(4);
      expect((refused as CliError).message).toMatch(/Nothing was sent/);
    }), { numRuns: 300 });
  });
});

describe("the simulated Photon, as Device OS 2.3.1 (HAL_FLASH_End / fetch_module, HAL_Core_Validate_User_Module)", () => {
  const PHOTON = 6;
  it("accepts and runs the valid part; refuses an update whose end address is outside the user part's bounds or whose CRC at the end address fails", () => {
    expect(updateAccepted(VALID, PHOTON)).toBe(true);
    expect(userModuleRuns(VALID, PHOTON)).toBe(true);
    expect(updateAccepted(VALID, 8)).toBe(false);
    expect(updateAccepted(REPORTED["end address 0xFFFFFFFF"], PHOTON)).toBe(false);
    expect(updateAccepted(REPORTED["end 64 KiB past the file"], PHOTON)).toBe(false);
    expect(updateAccepted(REPORTED["end address before the start"], PHOTON)).toBe(false);
  });

  it("a part with bytes after its CRC is accepted and runs: Device OS does not look past module_end_address", () => {
    expect(updateAccepted(REPORTED["4,000 bytes after the module's end"], PHOTON)).toBe(true);
    expect(userModuleRuns(REPORTED["4,000 bytes after the module's end"], PHOTON)).toBe(true);
  });

  it("a slot whose start address is not 0x080A0000 does not run (safe mode)", () => {
    const moved = withCrc(setField(userPart({ dataSize: 4000, moduleStartAddress: 0x080a0000 }), "startAddress", 0x080a0100));
    expect(userModuleRuns(moved, PHOTON)).toBe(false);
  });

  it("sent anyway over control requests, an update with end address 0xFFFFFFFF is refused and the application stays", async () => {
    const { bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const createRequire = (await import("node:module")).createRequire;
    const particleUsb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<{ updateFirmware(b: Buffer): Promise<void> }> };
    const dev = await particleUsb.openNativeUsbDevice(d.native());
    await expect(dev.updateFirmware(REPORTED["end address 0xFFFFFFFF"])).rejects.toThrow();
    expect(d.flashed).toEqual([]);
  });

  it("sent anyway over DFU, a part with a broken header leaves the Photon in safe mode", async () => {
    const { bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const createRequire = (await import("node:module")).createRequire;
    const particleUsb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<{
      enterDfuMode(o?: object): Promise<void>; writeOverDfu(data: Buffer, o: object): Promise<void>; close(): Promise<void> }> };
    const dev = await particleUsb.openNativeUsbDevice(d.native());
    await dev.enterDfuMode({ noReconnectWait: true });
    for (let i = 0; i < 200 && d.attached; i++) await new Promise((r) => setTimeout(r, 2));
    for (let i = 0; i < 200 && !d.attached; i++) await new Promise((r) => setTimeout(r, 5));
    const dfu = await particleUsb.openNativeUsbDevice(d.native());
    await dfu.writeOverDfu(REPORTED["start address 0x08020000"], { altSetting: 0, startAddr: 0x080a0000, leave: true, noErase: false });
    for (let i = 0; i < 400 && (d.mode === "dfu" || !d.attached); i++) await new Promise((r) => setTimeout(r, 5));
    expect(d.safeMode).toBe(true);
  });
});
