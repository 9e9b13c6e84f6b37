// A Photon on any Device OS (issue 20): `flash` and `doctor`, running and in
// DFU mode, take the route its system allows (model/device-os-versions.ts):
// the build it can run, its own system's network requests, or nothing and
// what to do. The scenario key device.deviceOs sets the simulated system.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { InputError } from "../host-shim/validate.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { packageRoot, photon, runCli, scratchDir } from "./cli-harness.ts";
import { routeFor, systemModuleVersionOf } from "../model/device-os-versions.ts";

const forum = JSON.parse(readFileSync(join(SCENARIO_DIR, "forum-static-ip-external-antenna.json"), "utf8"));
const scenarioOn = (deviceOs: string, usbMode: "normal" | "dfu") =>
  parseScenario({ ...forum, device: { ...forum.device, deviceOs, usbMode } }, `forum on ${deviceOs}`);

type Expect = { route: "firmware"; build: "2.3.1" | "1.5.2" } | { route: "system-requests" } | { route: "update-first" };
const CASES: [string, number, Expect][] = [
  ["3.3.1", 3302, { route: "firmware", build: "2.3.1" }],
  ["3.0.0", 3005, { route: "firmware", build: "2.3.1" }],
  ["2.3.1", 2302, { route: "firmware", build: "2.3.1" }],
  ["2.2.0", 2202, { route: "firmware", build: "1.5.2" }],
  ["2.0.1", 2011, { route: "firmware", build: "1.5.2" }],
  ["1.5.2", 1512, { route: "firmware", build: "1.5.2" }],
  ["1.4.4", 1406, { route: "system-requests" }],
  ["0.7.0", 207, { route: "update-first" }],
];

describe("the version table", () => {
  it.each(CASES)("Device OS %s is system module %i", (v, module, expected) => {
    expect(systemModuleVersionOf(v)).toBe(module);
    const route = routeFor(module);
    expect(route.kind === "flash" ? { route: "firmware", build: route.build.deviceOs } : { route: route.kind }).toEqual(expected);
  });
});

describe.each(["normal", "dfu"] as const)("flash, the device %s", (mode) => {
  it.each(CASES)("on Device OS %s", async (deviceOs, _module, expected) => {
    const { root, bins } = packageRoot();
    const d: SimulatedUsbPhoton = photon(scenarioOn(deviceOs, mode), {}, bins);
    expect(d.systemVersion).toBe(deviceOs);
    const r = await runCli(["flash", "--no-wifi", "--json"], [d], root);
    const json = JSON.parse(r.out);
    if (expected.route === "firmware") {
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(new RegExp(`Firmware: bundled photon-netreset-photon-9\\.9\\.9-deviceos-${expected.build.replace(/\./g, "\\.")}\\.bin`));
      expect(d.flashed).toEqual([expected.build === "2.3.1" ? bins.photon : bins.older.photon]);
      expect(d.safeMode).toBe(false);
      expect(json.devices[0]).toMatchObject({ result: "recovered", route: "firmware", deviceOs, dct: { antenna: "internal", ipSource: "dynamic" } });
    } else if (expected.route === "system-requests") {
      expect(r.code, r.err).toBe(0);
      expect(d.flashed).toEqual([]); // nothing flashed: no build runs on it
      expect(r.err).toMatch(/its own system resets the settings/);
      expect(r.err).toMatch(/The device's storage confirms it: dynamic IP, internal antenna/);
      expect(d.wifiSettings().credentials()).toEqual([]);
      expect(json.devices[0]).toMatchObject({ result: "recovered", route: "system-requests", deviceOs, dct: { antenna: "internal", ipSource: "dynamic" } });
    } else {
      expect(r.code, r.err).toBe(6);
      expect(d.flashed).toEqual([]);
      expect(r.err).toMatch(/runs Device OS 0\.7\.0: older than every photon-netreset build/);
      expect(r.err).toMatch(/Device Restore USB page: https:\/\/docs\.particle\.io\/tools\/device-restore\/device-restore-usb\//);
      expect(r.err).toMatch(/`particle update`/);
      expect(r.err).toMatch(/then run this command again/);
      expect(r.out + r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(d.wifiSettings().antenna).toBe("external"); // untouched
      expect(json).toMatchObject({ ok: false, exitCode: 6 });
    }
  });
});

describe.each(["normal", "dfu"] as const)("flash on 1.4.4, the device %s, then Wi-Fi as after our firmware", (mode) => {
  // The owner's application in AUTOMATIC mode: with no network stored, Device OS waits in listening mode.
  const on144 = (environment: object = {}) => parseScenario({ ...forum, environment: { ...forum.environment, ...environment },
    device: { ...forum.device, deviceOs: "1.4.4", usbMode: mode, app: { name: "greenhouse-monitor" } } }, "1.4.4 with its app");

  it("WPA2 over the console reaches the cloud", async () => {
    const { root, bins } = packageRoot();
    const d = photon(on144(), {}, bins);
    const r = await runCli(["flash", "--ssid", "home", "--security", "wpa2", "--json"], [d], root, { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" } });
    expect(r.code, r.err).toBe(0);
    expect(d.flashed).toEqual([]);
    expect(d.cloudConnected).toBe(true);
    expect(JSON.parse(r.out).devices[0]).toMatchObject({ route: "system-requests", result: "recovered", cloud: true, diagnosis: "ok" });
    expect(r.out + r.err).not.toContain("correct horse");
  });

  it.each([["open", "cafe", undefined], ["wep", "old", "abcde"]] as const)(
    "an %s network: its own system stores it (control request 113, no cipher: toSecurity gives a valid entry) and it reaches the cloud", async (security, ssid, key) => {
      const { root, bins } = packageRoot();
      const d = photon(on144({ accessPoints: [{ ssid, security, ...(key ? { password: key } : {}) }] }), {}, bins);
      const r = await runCli(["flash", "--ssid", ssid, "--security", security, "--json"], [d], root, { env: key ? { PHOTON_NETRESET_WIFI_PASSWORD: key } : {} });
      expect(r.code, r.err).toBe(0);
      expect(d.flashed).toEqual([]);
      expect(d.console.typed.join("")).toBe(""); // not through the console, whose entries never join
      expect(d.wifiSettings().credentials()).toMatchObject([{ ssid, security }]);
      expect(d.cloudConnected).toBe(true);
      expect(r.out + r.err).not.toContain("6162636465");
    });
});

describe("an open network where no system request and no build of ours stores it", () => {
  it("on 2.3.1 running the owner's app: no working way, said before anything is stored", async () => {
    const { root, bins } = packageRoot();
    const d = photon(parseScenario({ ...forum, environment: { accessPoints: [{ ssid: "cafe", security: "open" }] },
      device: { ...forum.device, antenna: "internal", ipSource: "dynamic", credentials: [], app: { name: "greenhouse-monitor" } } }, "2.3.1 with its app"), {}, bins);
    const r = await runCli(["wifi", "--ssid", "cafe", "--security", "open"], [d], root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no other working way/);
    expect(d.console.typed.join("")).toBe("");
    expect(d.wifiSettings().credentials()).toEqual([]);
  });
});

describe("flash --bin on a Device OS where nothing is flashed", () => {
  it.each([["1.4.4", 0, /nothing is flashed on Device OS 1\.4\.4 \(its own system resets the settings instead\)/, "IP: dynamic (DHCP)"],
    ["0.7.0", 6, /Device OS 0\.7\.0 is too old for photon-netreset to send anything/, "Nothing was sent to it"]] as const)(
    "on %s says the file is not flashed, before anything is sent, and exits %i", async (deviceOs, code, why, next) => {
      const { root, bins } = packageRoot();
      const file = join(scratchDir("photon-netreset-bin-"), "mine.bin");
      writeFileSync(file, bins.older.photon);
      const d = photon(scenarioOn(deviceOs, "normal"), {}, bins);
      const r = await runCli(["flash", "--no-wifi", "--bin", file], [d], root);
      expect(r.code, r.err).toBe(code);
      const said = r.err.split("\n").filter((l) => l.startsWith(`--bin ${file} is not flashed: `));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(why);
      expect(r.err.indexOf(said[0])).toBeLessThan(r.err.indexOf(next));
      expect(d.flashed).toEqual([]);
    });
});

describe.each(["normal", "dfu"] as const)("doctor, the device %s", (mode) => {
  it.each(CASES)("on Device OS %s says what flash would do", async (deviceOs, module, expected) => {
    const { root, bins } = packageRoot();
    const d = photon(scenarioOn(deviceOs, mode), {}, bins);
    const r = await runCli(["doctor", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    const [dev] = JSON.parse(r.out).devices;
    expect(dev).toMatchObject({ deviceOs, systemModuleVersion: module, recovery: expected });
    expect(d.flashed).toEqual([]);
    if (mode === "normal" && module < 301) {
      expect(dev.dct).toBeNull(); // 0.7.0 has no request to enter DFU mode
      expect(dev.dctNotRead).toMatch(/cannot be asked to enter DFU mode over USB/);
    } else expect(dev.dct).toMatchObject({ antenna: "external", ipSource: "static" });
    const text = await runCli(["doctor"], [photon(scenarioOn(deviceOs, mode), {}, bins)], root);
    expect(text.out).toMatch(/flash would: /);
  });
});

describe("the simulated system (scenario key device.deviceOs)", () => {
  it("defaults to 2.3.1 and refuses an unknown version, naming the field", () => {
    expect(parseScenario(forum, "x").device.deviceOs).toBe("2.3.1");
    expect(() => parseScenario({ ...forum, device: { ...forum.device, deviceOs: "9.9.9" } }, "x")).toThrow(InputError);
    expect(() => parseScenario({ ...forum, device: { ...forum.device, deviceOs: "9.9.9" } }, "x")).toThrow(/device\.deviceOs: expected a Photon Device OS version/);
    expect(() => parseScenario({ ...forum, device: { ...forum.device, deviceOs: 231 } }, "x")).toThrow(/device\.deviceOs: expected a string/);
  });

  const particleUsb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<{
    getFirmwareModuleInfo(): Promise<{ type: string; index: number; version: number }[]>; setWifiAntenna(a: string): Promise<unknown>;
    updateFirmware(b: Buffer, o: object): Promise<void>; close(): Promise<void>; firmwareVersion: string | null }> };

  it("reports its module versions, and answers the legacy network requests only on 0.8.0-rc.2 to 1.5.x", async () => {
    const answers: Record<string, string> = {};
    for (const v of ["1.4.4", "1.5.2", "1.5.4-rc.1", "2.3.1"]) {
      const dev = await particleUsb.openNativeUsbDevice(photon(scenarioOn(v, "normal")).native());
      expect((await dev.getFirmwareModuleInfo()).find((m) => m.type === "SYSTEM_PART" && m.index === 2)?.version).toBe(systemModuleVersionOf(v));
      answers[v] = await dev.setWifiAntenna("INTERNAL").then(() => "ok", (e: Error) => e.message);
      await dev.close();
    }
    expect(answers["1.4.4"]).toBe("ok");
    expect(answers["1.5.2"]).toBe("ok");
    expect(answers["1.5.4-rc.1"]).toMatch(/not supported/i);
    expect(answers["2.3.1"]).toMatch(/not supported/i);
  });

  it("on 0.7.0 answers the version string but no control request (module info fails, plainly)", async () => {
    const dev = await particleUsb.openNativeUsbDevice(photon(scenarioOn("0.7.0", "normal")).native());
    expect(dev.firmwareVersion).toBe("0.7.0");
    await expect(dev.getFirmwareModuleInfo()).rejects.toThrow();
    await dev.close();
  });

  it("accepts an update it cannot run, then boots in safe mode: blinking green without the cloud, breathing magenta with it", async () => {
    const { bins } = packageRoot();
    for (const [fixed, led] of [[false, "blinking-green"], [true, "breathing-magenta"]] as const) {
      const s = parseScenario({ ...forum, device: { ...forum.device, deviceOs: "1.5.2" } }, "x");
      // Safe mode reconnects with the stored settings: the forum's static IP from another network never gets
      // online (blinking green); settings that join "home" reach the cloud (breathing magenta).
      if (fixed) Object.assign(s.device, { ipSource: "dynamic", antenna: "internal", credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }] });
      const d = photon(s, {}, bins);
      const dev = await particleUsb.openNativeUsbDevice(d.native());
      await dev.updateFirmware(bins.photon, {}); // depends on 2302: Device OS 1.5.2 takes it (ota_flash_hal_stm32f2xx.cpp)
      await dev.close();
      for (let i = 0; i < 400 && !(d.enumeration > 0 && d.attached); i++) await new Promise((r) => setTimeout(r, 5));
      expect(d.safeMode).toBe(true);
      expect(d.led).toBe(led);
    }
  });
});
