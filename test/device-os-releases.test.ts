// Every Device OS a Photon can run (0.6 to 3.3.1) in every driver, and the
// owner's application as a real module: each finding of the Device OS review,
// checked against the simulator and the tools over it.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { deviceFor, runScenario } from "../host-shim/run-scenario.ts";
import { runNativeScenario } from "../host-shim/native-photon.ts";
import { program } from "./helpers.ts";
import { packageRoot, photon, runCli, scratchDir } from "./cli-harness.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { decodeModuleInfo, moduleInfoEncoding } from "../model/module-info.ts";
import { systemModuleVersionOf } from "../model/device-os-versions.ts";

const forum = JSON.parse(readFileSync(join(SCENARIO_DIR, "forum-static-ip-external-antenna.json"), "utf8"));
const forumOn = (deviceOs: string, device: object = {}, environment: object = {}) =>
  parseScenario({ ...forum, device: { ...forum.device, deviceOs, ...device }, environment: { ...forum.environment, ...environment } }, `forum on ${deviceOs}`);

describe("npm run sim honours device.deviceOs (finding 2)", () => {
  it("on 1.4.4 the 2.3.1 build is refused (HAL_Core_Validate_User_Module): safe mode, no marker, settings untouched", () => {
    const r = runScenario(forumOn("1.4.4"), program());
    expect(r).toMatchObject({ deviceOs: "1.4.4", build: "2.3.1", safeMode: true, diagnosis: "safe-mode", boots: [] });
    expect(r.final).toMatchObject({ marker: false, antenna: "external", ipSource: "static", cloud: false });
    expect(r.advice.summary).toMatch(/depends on Device OS 2\.3\.1 \(system module 2302\); this Photon runs Device OS 1\.4\.4 \(1406\)/);
  });

  it("on 1.5.2 and 3.3.1 the build that system runs resets the settings", () => {
    for (const [v, build] of [["1.5.2", "1.5.2"], ["2.2.0", "1.5.2"], ["3.3.1", "2.3.1"]]) {
      const r = runScenario(forumOn(v), program());
      expect(r, v).toMatchObject({ deviceOs: v, build, safeMode: false });
      expect(r.final, v).toMatchObject({ marker: true, antenna: "internal", ipSource: "dynamic" });
    }
  });

  it("safe mode with settings that reach the cloud breathes magenta", () => {
    const r = runScenario(forumOn("1.4.4", { antenna: "internal", ipSource: "dynamic", credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }] }), program());
    expect(r.final).toMatchObject({ led: "breathing-magenta", cloud: true, marker: false });
  });
});

describe("rerun and wifi --simulate honour device.deviceOs (finding 2)", () => {
  const file = (deviceOs: string) => {
    const path = join(scratchDir("photon-netreset-dos-"), `forum-${deviceOs}.json`);
    writeFileSync(path, JSON.stringify({ ...forum, device: { ...forum.device, deviceOs } }));
    return path;
  };

  it("on 1.4.4 no build of ours runs, so `rerun` finds none to ask", async () => {
    const r = await runCli(["rerun", "--simulate", file("1.4.4"), "--json"], [], process.cwd());
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: expect.stringMatching(/does not run photon-netreset/) });
  });

  it("on 1.5.2 the 1.5.2 build is there and reruns", async () => {
    const r = await runCli(["rerun", "--simulate", file("1.5.2"), "--json"], [], process.cwd());
    expect(r.code, r.err).toBe(0);
  });
});

const particleUsb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<{
  reset(): Promise<void>; close(): Promise<void>; sendControlRequest(t: number, d: null): Promise<{ result: number; data?: Buffer }> }> };

/** Resets it over USB and waits for it to be back. */
async function restart(d: SimulatedUsbPhoton): Promise<void> {
  const before = d.enumeration;
  const dev = await particleUsb.openNativeUsbDevice(d.native());
  await dev.reset();
  await dev.close().catch(() => {});
  for (let i = 0; i < 400 && !(d.enumeration > before && d.attached); i++) await new Promise((r) => setTimeout(r, 5));
}

const HOME = [{ ssid: "home", security: "wpa2", password: "correct horse" }];
const BROKEN = { antenna: "external", ipSource: "static", staticIp: forum.device.staticIp };

describe("the owner's application as a module (findings 3 and 4)", () => {
  it.each(["1.4.4", "2.2.0", "3.3.1"])("on %s its image depends on that Device OS, so it runs after a restart (no safe mode)", async (v) => {
    const d = photon(forumOn(v, { app: { name: "greenhouse-monitor" }, antenna: "internal", ipSource: "dynamic", credentials: HOME }));
    await restart(d);
    expect(d.safeMode).toBe(false);
    expect(d.ownerAppRuns).toBe(1);
    expect(d.cloudConnected).toBe(true);
  });

  it("an app built for a newer Device OS (dependsOn) drops it into safe mode: breathing magenta once on the cloud", async () => {
    const d = photon(forumOn("1.4.4", { app: { name: "greenhouse-monitor", dependsOn: "2.3.1" }, antenna: "internal", ipSource: "dynamic", credentials: HOME }));
    await restart(d);
    expect(d.safeMode).toBe(true);
    expect(d.ownerAppRuns).toBe(0);
    expect(d.led).toBe("breathing-magenta");
  });

  it("on the system-requests route (1.4.4) the app stays and, started again after the read-back, sets its settings again", async () => {
    const { root, bins } = packageRoot();
    const d = photon(forumOn("1.4.4", { app: { name: "greenhouse-monitor", breaksSettings: BROKEN } }), {}, bins);
    const r = await runCli(["flash", "--no-wifi", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    // The read-back in DFU mode saw the system's reset; leaving DFU mode starts the owner's app again.
    expect(JSON.parse(r.out).devices[0]).toMatchObject({ route: "system-requests", dct: { antenna: "internal", ipSource: "dynamic" } });
    for (let i = 0; i < 200 && d.ownerAppRuns === 0; i++) await new Promise((res) => setTimeout(res, 5));
    expect(d.flashed).toEqual([]);
    expect(d.ownerAppRuns).toBe(1);
    expect(d.safeMode).toBe(false);
    expect(d.wifiSettings()).toMatchObject({ antenna: "external", ipSource: "static" });
  });

  it("on the system-requests route (1.4.4) the outcome says the app changed the settings again, as its system reports them once it ran (111, 121)", async () => {
    const { root, bins } = packageRoot();
    const d = photon(forumOn("1.4.4", { app: { name: "greenhouse-monitor", breaksSettings: BROKEN } }), {}, bins);
    const r = await runCli(["flash", "--no-wifi", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    const dev = JSON.parse(r.out).devices[0];
    expect(dev.dct).toMatchObject({ antenna: "internal", ipSource: "dynamic" }); // the read-back in DFU mode, before the app ran again
    expect(dev.afterApp.dct).toMatchObject({ antenna: "external", ipSource: "static", staticIp: { host: forum.device.staticIp.host, gateway: forum.device.staticIp.gateway } });
    expect(dev.afterApp.settingsChanged).toEqual([expect.stringMatching(/static IP again/), expect.stringMatching(/external antenna again/)]);
    expect(dev.advice.summary).toMatch(/its own application changed them again/);
    expect(d.ownerAppRuns).toBe(1); // no second restart for this read

    const quiet = photon(forumOn("1.4.4", { app: { name: "greenhouse-monitor" } }), {}, bins);
    const text = await runCli(["flash", "--no-wifi"], [quiet], root);
    expect(text.code, text.err).toBe(0);
    expect(text.out).not.toMatch(/changed the network settings again/);
    const shown = photon(forumOn("1.4.4", { app: { name: "greenhouse-monitor", breaksSettings: BROKEN } }), {}, bins);
    const told = await runCli(["flash", "--no-wifi"], [shown], root);
    expect(told.out).toMatch(/Its own application changed the network settings again once it ran:\n {2}- It switched the Photon to a static IP again/);
  });

  it.each([["semi-automatic", false, "breathing-white", false], ["manual", false, "breathing-white", false],
    ["semi-automatic", true, "breathing-cyan", true], ["automatic", false, "breathing-cyan", true]] as const)(
    "SYSTEM_MODE(%s), connects %s: %s", async (systemMode, connects, led, cloud) => {
      const d = photon(forumOn("2.3.1", { app: { name: "greenhouse-monitor", systemMode, connects }, antenna: "internal", ipSource: "dynamic", credentials: HOME }));
      await restart(d);
      expect(d.led).toBe(led);
      expect(d.cloudConnected).toBe(cloud);
    });

  it("AUTOMATIC without SYSTEM_THREAD runs setup() only once on the cloud: settings set in setup() on a Photon that cannot connect are not written", async () => {
    const offline = { app: { name: "x", breaksSettings: BROKEN, settingsCalledIn: "setup" }, antenna: "internal", ipSource: "dynamic", credentials: [] };
    const d = photon(forumOn("2.3.1", offline));
    await restart(d);
    expect(d.mode).toBe("listening");
    expect(d.wifiSettings()).toMatchObject({ antenna: "internal", ipSource: "dynamic" });
    const threaded = photon(forumOn("2.3.1", { ...offline, app: { ...offline.app, systemThread: true } }));
    await restart(threaded);
    expect(threaded.wifiSettings()).toMatchObject({ antenna: "external", ipSource: "static" });
  });

  it("old scenario files load unchanged: an app without the new keys is AUTOMATIC, connects, depends on the device's Device OS", () => {
    const s = forumOn("1.5.2", { app: { name: "greenhouse-monitor" } });
    expect(s.device.app).toMatchObject({ systemMode: "automatic", connects: true, systemThread: false, dependsOn: 1512, settingsCalledIn: "startup" });
    expect(() => forumOn("2.3.1", { app: { name: "x", systemMode: "threaded" } })).toThrow(/device\.app\.systemMode/);
  });
});

describe("WiFi.scan() counts hidden networks (finding 8)", () => {
  it("a Photon whose only network is hidden sees one access point: not diagnosed no-access-points", () => {
    const r = runScenario(forumOn("2.3.1", {}, { accessPoints: [{ ssid: "home", security: "wpa2", password: "correct horse", visibility: "hidden" }] }), program());
    expect(r.report?.accessPoints).toBe(1);
    expect(r.diagnosis).toBe("ok");
  });
});

describe("WEP keys are compared as bytes (finding 9)", () => {
  it.each([["6162636465", "abcde"], ["abcde", "6162636465"], ["6162636465", "6162636465"], ["68656C6C6F2C20776F726C6421", "hello, world!"]])(
    "an access point keyed %j joins with a stored key %j", (apKey, stored) => {
      const s = forumOn("3.3.1", { antenna: "internal", ipSource: "dynamic", credentials: [{ ssid: "old", security: "wep", password: stored }] },
        { accessPoints: [{ ssid: "old", security: "wep", password: apKey }] });
      const d = deviceFor(s);
      expect(d.system.connect()).toMatchObject({ cloud: true, led: "breathing-cyan" });
    });

  it("a different key still does not join", () => {
    const s = forumOn("2.3.1", { antenna: "internal", ipSource: "dynamic", credentials: [{ ssid: "old", security: "wep", password: "abcdf" }] },
      { accessPoints: [{ ssid: "old", security: "wep", password: "6162636465" }] });
    expect(deviceFor(s).system.connect()).toMatchObject({ cloud: false, led: "blinking-green" });
  });
});

describe("EEPROM writes counted as the emulation counts them (finding 7)", () => {
  it("putting the marker's magic already stored (an earlier build's marker) is no flash write: one write left is enough", () => {
    // fe0f0c00: MARKER_MAGIC 0x000c0ffe little-endian, left by an earlier build; its build id differs.
    const r = runScenario(forumOn("2.3.1", { eeprom: "fe0f0c0001020304", eepromWritesBeforeRefusing: 1 }), program());
    expect(r.final.marker).toBe(true);
    expect(r.diagnosis).toBe("ok");
  });

  it("a write that changes bytes still counts: none left is an eeprom-failure", () => {
    const r = runScenario(forumOn("2.3.1", { eeprom: "fe0f0c0001020304", eepromWritesBeforeRefusing: 0 }), program());
    expect(r.diagnosis).toBe("eeprom-failure");
  });
});

describe("module info in both encodings (finding 6)", () => {
  it.each([["0.8.0-rc.2", "json"], ["0.8.0-rc.14", "json"], ["1.0.1", "json"], ["0.8.0-rc.26", "protobuf"], ["1.1.0", "protobuf"], ["3.3.1", "protobuf"]] as const)(
    "%s answers request 90 as %s, and doctor lists its modules", async (v, encoding) => {
      const d = photon(forumOn(v));
      const dev = await particleUsb.openNativeUsbDevice(d.native());
      const raw = await dev.sendControlRequest(90, null);
      await dev.close();
      expect(raw.result).toBe(0);
      expect(raw.data![0] === 0x7b ? "json" : "protobuf").toBe(encoding);
      expect(moduleInfoEncoding(systemModuleVersionOf(v)!)).toBe(encoding);
      const { root } = packageRoot();
      const r = await runCli(["doctor", "--json", "--no-dfu"], [d], root);
      expect(r.code, r.err).toBe(0);
      const [dev0] = JSON.parse(r.out).devices;
      expect(dev0.modules).toEqual(expect.arrayContaining([
        { type: "BOOTLOADER", index: 0, version: 1006 },
        { type: "SYSTEM_PART", index: 2, version: systemModuleVersionOf(v) },
        { type: "USER_PART", index: 1, version: 6 },
      ]));
    });

  it("the JSON text is system_module_info()'s, dependencies included", () => {
    const text = Buffer.from('{"p":6,"m":[{"s":16384,"l":"m","vc":30,"vv":30,"f":"b","n":"0","v":1006,"d":[]},{"s":262144,"l":"m","vc":30,"vv":30,"f":"s","n":"2","v":1002,"d":[{"f":"s","n":"1","v":1002},{"f":"b","n":"0","v":1003}]}]}');
    expect(decodeModuleInfo(text)).toEqual([
      { type: "BOOTLOADER", index: 0, version: 1006, size: 16384, dependencies: [] },
      { type: "SYSTEM_PART", index: 2, version: 1002, size: 262144, dependencies: [{ type: "SYSTEM_PART", index: 1, version: 1002 }, { type: "BOOTLOADER", index: 0, version: 1003 }] },
    ]);
  });
});

describe("after a restore, an app that never connects is told (finding 4)", () => {
  const withApp = (app: object) => forumOn("2.3.1", { app: { name: "greenhouse-monitor", ...app } });

  it("SEMI_AUTOMATIC without Particle.connect(): the restore says breathing white and what to change, in --json too", async () => {
    const { root, bins } = packageRoot();
    const d = photon(withApp({ systemMode: "semi-automatic", connects: false }), {}, bins);
    const r = await runCli(["flash", "--json", "--ssid", "home", "--restore"], [d], root, { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" } });
    expect(r.code, r.err).toBe(0);
    expect(d.app.kind).toBe("owner");
    expect(d.led).toBe("breathing-white");
    const restored = JSON.parse(r.out).devices[0].restored;
    expect(restored.appVerdict).toMatchObject({ code: "app-never-connects", led: "breathing-white" });
    expect(restored.appVerdict.summary).toMatch(/SYSTEM_MODE is SEMI_AUTOMATIC or MANUAL and it does not call Particle\.connect\(\)/);
    expect(r.err).toMatch(/Your app runs but never connects to the cloud \(breathing white\)/);
    expect(r.err).toMatch(/call Particle\.connect\(\) in setup\(\)/);
  });

  it.each([{ systemMode: "automatic" }, { systemMode: "semi-automatic", connects: true }])("%o reaches the cloud: no such verdict", async (app) => {
    const { root, bins } = packageRoot();
    const d = photon(withApp(app), {}, bins);
    const r = await runCli(["flash", "--json", "--ssid", "home", "--restore"], [d], root, { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" } });
    expect(r.code, r.err).toBe(0);
    expect(d.cloudConnected).toBe(true);
    expect(JSON.parse(r.out).devices[0].restored.appVerdict).toBeUndefined();
    expect(r.err).not.toMatch(/never connects/);
  });
});

describe("the native harness honours device.deviceOs too (finding 2)", () => {
  it("on 1.4.4 the C++ host's build is refused before it runs: safe mode, no process started", async () => {
    const { native, result } = await runNativeScenario(forumOn("1.4.4"), program(), "/nonexistent/native-host");
    expect(result).toMatchObject({ safeMode: true, diagnosis: "safe-mode", boots: [] });
    expect(result.final).toMatchObject({ marker: false, antenna: "external" });
    native.stop();
  });
});
