// `photon-netreset flash` against simulated USB Photons: every step and error.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../host-shim/scenario.ts";
import { markerSet } from "../host-shim/run-scenario.ts";
import { packageRoot, photon, runCli, userPart, VERSION } from "./cli-harness.ts";
import { OTHER_NETWORK } from "../recovery/scan-list.ts";
import { program } from "./helpers.ts";
import { FUNCTION } from "../model/user-part.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { binName, PREBUILT_DIR } from "../cli/prebuilt.ts";

const binFile = (bytes: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), "bin-")), "custom.bin");
  writeFileSync(file, bytes);
  return file;
};

describe("flash: the forum Photon", () => {
  it("flashes the bundled firmware with progress, waits, shows before → after, and exits 0", async () => {
    const { root, bins } = packageRoot();
    const d = photon("forum-static-ip-external-antenna", {}, bins);
    // --no-backup: the update over control requests (with a backup it goes over DFU: test/cli-backup.test.ts).
    const r = await runCli(["flash", "--no-wifi", "--no-backup"], [d], root);
    expect(r.code, r.err).toBe(0);
    expect(d.flashed).toEqual([bins.photon]);
    expect(r.err).toMatch(/Firmware: bundled photon-netreset-photon-9\.9\.9-deviceos-2\.3\.1\.bin .*needs Device OS 2\.3\.1, SHA-256 checked/);
    expect(r.err).toMatch(/Flashing: 100%/);
    expect(r.out).toMatch(/antenna +external +→ internal/);
    expect(r.out).toMatch(/IP source +static +→ dynamic/);
    expect(r.out).toMatch(/stored networks +1 +→ 0/);
    expect(r.out).toMatch(/Diagnosis: ok/);
    expect(r.out).toMatch(/Next step: Enter your Wi-Fi credentials/);
    expect(d.photon!.wifi.antenna).toBe("internal");
    expect(markerSet(d.photon!)).toBe(true);
    expect(d.mode).toBe("listening");
  });

  it("--json prints one object a script can read", async () => {
    const { root, bins } = packageRoot();
    const r = await runCli(["flash", "--json", "--no-wifi"], [photon("forum-static-ip-external-antenna", {}, bins)], root);
    const json = JSON.parse(r.out);
    expect(json.ok).toBe(true);
    expect(json.devices[0]).toMatchObject({ result: "recovered", diagnosis: "ok", cloud: false,
      report: { before: { antenna: "external" }, after: { antenna: "internal", ipSource: "dynamic", credentials: 0 } } });
  });

  it("says the radio may be damaged when it sees no access points", async () => {
    const { root, bins } = packageRoot();
    const r = await runCli(["flash", "--no-wifi"], [photon("only-5ghz", {}, bins)], root);
    expect(r.code).toBe(1); // the reset itself is done and verified, but a Photon that sees no network is not recovered
    expect(r.out).toMatch(/Not recovered: it sees no 2\.4 GHz network/);
    expect(r.out).toMatch(/Diagnosis: no-access-points/);
    expect(r.out).toMatch(/radio module is damaged \(look for a dented metal can/);
    expect(r.out).toMatch(/2\.4 GHz hotspot/);
  });

  it("says the radio module did not start when it never comes on", async () => {
    const { root, bins } = packageRoot();
    const r = await runCli(["flash", "--no-wifi"], [photon("damaged-radio", {}, bins)], root);
    expect(r.code).toBe(1); // the reset itself is done and verified, but a Photon whose radio is off is not recovered
    expect(r.out).toMatch(/Not recovered: its Wi-Fi radio does not come on/);
    expect(r.out + r.err).not.toMatch(/Next step:.*rerun/); // running it again cannot start a dead radio
    expect(r.out).toMatch(/Diagnosis: radio-off/);
    expect(r.out).toMatch(/did not come on within 10 seconds/);
  });

  it("reports eeprom-failure and exits 1 when the marker never sticks", async () => {
    const { root, bins } = packageRoot();
    const r = await runCli(["flash", "--no-wifi"], [photon("eeprom-stuck", {}, bins)], root);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Diagnosis: eeprom-failure/);
  });
});

describe("flash: choosing devices", () => {
  it("with no device says what to check (udev rule included) and exits 3", async () => {
    const r = await runCli(["flash"], [], packageRoot().root);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/No Photon or P1 found over USB/);
    expect(r.err).toMatch(/50-particle\.rules/);
  });

  it("permission denied: names the udev rule, exits 3", async () => {
    const { root, bins } = packageRoot();
    const r = await runCli(["flash"], [photon("healthy", { faults: { permissionDenied: true } }, bins)], root);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/cannot be opened: permission denied: on Linux install Particle's udev rule/);
  });

  it("names another kind of device and why it is skipped", async () => {
    const { root, bins } = packageRoot();
    const argon = photon("healthy", { platform: "argon" }, bins);
    const r = await runCli(["flash", "--no-wifi"], [argon, photon("healthy", {}, bins)], root);
    expect(r.err).toMatch(new RegExp(`Skipping ${argon.id} is a argon \\(platform 12\\): photon-netreset is only for Photons \\(6\\) and P1s \\(8\\)`));
    expect(r.code).toBe(0);
    expect(argon.flashed).toEqual([]);
  });

  it("several devices without a terminal: lists them and exits 2, touching none", async () => {
    const { root, bins } = packageRoot();
    const ds = [photon("healthy", {}, bins), photon("healthy", {}, bins)];
    const r = await runCli(["flash"], ds, root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/2 devices are connected; say which with --device ID, or use --all/);
    for (const d of ds) expect(r.err).toContain(d.id);
    expect(ds.every((d) => d.flashed.length === 0)).toBe(true);
  });

  it("several devices at a terminal: asks which one", async () => {
    const { root, bins } = packageRoot();
    const ds = [photon("healthy", {}, bins), photon("healthy", {}, bins)];
    const r = await runCli(["flash", "--no-wifi"], ds, root, { interactive: true, answers: ["1"] });
    expect(r.asked[0]).toMatch(/2 devices are connected\. Which one\?/);
    expect(ds[0].flashed).toHaveLength(0);
    expect(ds[1].flashed).toHaveLength(1);
  });

  it("--device picks one by id (or a unique prefix)", async () => {
    const { root, bins } = packageRoot();
    const ds = [photon("healthy", {}, bins), photon("healthy", {}, bins)];
    const r = await runCli(["flash", "--device", ds[1].id, "--no-wifi"], ds, root);
    expect(r.code).toBe(0);
    expect(ds.map((d) => d.flashed.length)).toEqual([0, 1]);
    expect((await runCli(["flash", "--device", "ffff"], ds, root)).code).toBe(2);
  });

  it("--all recovers every Photon and P1 in turn and ends with a table", async () => {
    const { root, bins } = packageRoot();
    const ds = [photon("forum-static-ip-external-antenna", {}, bins), photon("damaged-radio", { platform: "p1" }, bins), photon("healthy", {}, bins)];
    const r = await runCli(["flash", "--all", "--no-wifi", "--json"], ds, root);
    expect(r.code).toBe(1); // the P1's radio is off: not recovered
    expect(ds[1].flashed).toEqual([bins.p1]);
    expect(r.err).toMatch(/device +result +before \(antenna\/IP\/networks\) +after +diagnosis +cloud +problem/);
    expect(r.err).toMatch(new RegExp(`${ds[0].id} +recovered +external/static/1 +internal/dynamic/0 +ok +no`));
    expect(r.err).toMatch(new RegExp(`${ds[1].id} +failed +internal/dynamic/1 +internal/dynamic/0 +radio-off +no +not recovered: its Wi-Fi radio does not come on`));
    expect(JSON.parse(r.out).devices).toHaveLength(3);
  });
});

describe("flash: refusing bad firmware before a byte is sent", () => {
  const refused = async (bytes: Buffer, pattern: RegExp, over = {}) => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", over, bins);
    const r = await runCli(["flash", "--bin", binFile(bytes)], [d], root);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(pattern);
    expect(r.err).toMatch(/Nothing was sent to the device/);
    expect(d.flashed).toEqual([]);
  };

  it("truncated", () => refused(userPart().subarray(0, 9000), /CRC does not match|not a Particle firmware module/));
  it("corrupted", () => { const b = userPart(); b[5000] ^= 0x55; return refused(b, /CRC does not match/); });
  it("for another platform", () => refused(userPart({ platformId: 8 }), /built for a p1, but the device is a photon/));
  it("not a user part", () => refused(userPart({ moduleFunction: FUNCTION.SYSTEM_PART }), /not a user part/));
  it("needs a newer Device OS than the device has", () =>
    refused(userPart(), /needs Device OS 2\.3\.1, newer than the device's Device OS 1\.5\.2: update the device with `particle update`/,
      { systemModuleVersion: 1512, systemVersion: "1.5.2" }));

  it("a bundled .bin that does not match SHA256SUMS", async () => {
    const { root, bins } = packageRoot();
    writeFileSync(join(root, PREBUILT_DIR, binName("photon", VERSION, "2.3.1")), userPart()); // another valid module
    const d = photon("healthy", {}, bins);
    const r = await runCli(["flash"], [d], root);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/SHA-256 does not match SHA256SUMS/);
    expect(d.flashed).toEqual([]);
  });
});

describe("flash: trouble during and after the transfer", () => {
  it("unplugged halfway: says it is safe to retry and how to reach DFU mode; the retry works", async () => {
    const { root, bins } = packageRoot();
    const d = photon("forum-static-ip-external-antenna", { faults: { unplugAfterBytes: 10_000 } }, bins);
    const r = await runCli(["flash", "--no-wifi", "--no-backup"], [d], root); // the update over control requests
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/disappeared from USB during the flash\. That is safe/);
    expect(r.err).toMatch(/hold SETUP, tap RESET, release SETUP when the\s+LED blinks yellow/);
    expect(d.flashed).toEqual([]); // the old firmware is still there
    expect(d.app.kind).toBe("other");
    d.plugIn();
    const again = await runCli(["flash", "--no-wifi"], [d], root);
    expect(again.code).toBe(0);
    expect(d.flashed).toEqual([bins.photon]);
  });

  it("a device that never comes back: times out with what to do, exit 1", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", { faults: { neverReboots: true } }, bins);
    const r = await runCli(["flash", "--no-wifi", "--no-backup"], [d], root, { timing: { rebootTimeoutMs: 300 } }); // after the update
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Timed out after 0 s waiting for .* to restart and report/);
    expect(r.err).toMatch(/DFU mode/);
  });

  it("a device already running this build: says so, offers rerun, exits 5 without flashing", async () => {
    const { root, bins } = packageRoot();
    const { program } = await import("./helpers.ts");
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const r = await runCli(["flash", "--no-wifi"], [d], root);
    expect(r.code).toBe(5);
    expect(r.out).toMatch(/already runs this photon-netreset build/);
    expect(r.out).toMatch(/npx photon-netreset rerun/);
    expect(d.flashed).toEqual([]);
    expect((await runCli(["flash", "--force", "--no-wifi"], [d], root)).code).toBe(0);
    expect(d.flashed).toHaveLength(1);
  });
});

describe("flash: Wi-Fi credentials after the reset", () => {
  it("asks at a terminal, types the password hidden, never prints it, and reports the cloud", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    d.options.scenario.afterReset = null;
    // Typed rather than chosen from the Photon's list (cli-scan-list.test.ts): "a hidden network...".
    const r = await runCli(["flash"], [d], root, { interactive: true, answers: ["y", OTHER_NETWORK, "", "home", "wpa2", "short", "correct horse"] });
    expect(r.code, r.err).toBe(0);
    expect(r.asked).toEqual(["Enter Wi-Fi credentials now?", "Network (those the Photon sees, strongest first)", "Network name (SSID, 2.4 GHz)", "Network name (SSID, 2.4 GHz)", "Security", "Password (hidden)", "Password (hidden)"]);
    // An empty name and a too-short password are asked again, never sent.
    expect(r.refused).toEqual(["Type the network's name (it cannot be empty).", "A WPA2 password is 8 to 64 bytes; this one is 5."]);
    expect(r.out).toMatch(/Connected to the Particle cloud/);
    expect(r.out + r.err).not.toContain("correct horse");
    expect(d.console.typed.join("")).toBe("whome\rcorrect horse\r"); // its own scan saw "home": no security prompt
    expect(d.cloudConnected).toBe(true);
  });

  it("scripts give --ssid/--security and the password in the environment", async () => {
    const { root, bins } = packageRoot();
    const scenario = loadScenario("healthy");
    scenario.environment.accessPoints = [{ ...scenario.environment.accessPoints[0], ssid: "hidden-net" }];
    const d = photon(scenario, {}, bins);
    const r = await runCli(["flash", "--ssid", "hidden-net", "--security", "wpa2", "--json"], [d], root,
      { env: { PHOTON_NETRESET_WIFI_PASSWORD: "home-password" } });
    // "hidden-net" is in range, so the device skips the security prompts; the password is wrong for it.
    expect(d.console.typed.join("")).toBe("whidden-net\rhome-password\r");
    expect(JSON.parse(r.out).devices[0].cloud).toBe(false);
    expect(r.out + r.err).not.toContain("home-password");
  });

  it("answers the security and cipher prompts for a network the device cannot see", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    await runCli(["flash", "--ssid", "far-away", "--security", "wpa"], [d], root,
      { env: { PHOTON_NETRESET_WIFI_PASSWORD: "far-away-pw" }, timing: { cloudTimeoutMs: 100 } });
    expect(d.console.typed.join("")).toBe("wfar-away\r2\r1\rfar-away-pw\r");
    expect(d.photon!.wifi.credentials()).toMatchObject([{ ssid: "far-away", security: "wpa", password: "far-away-pw" }]);
  });

  it("refuses --ssid without the password variable, before touching any device", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    const r = await runCli(["flash", "--ssid", "home"], [d], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs the password in the environment variable PHOTON_NETRESET_WIFI_PASSWORD/);
    expect(d.flashed).toEqual([]);
  });
});

describe("flash: a device in DFU mode (blinking yellow)", () => {
  it("flashes over DFU (DfuSe), leaves DFU mode, and verifies the reset", async () => {
    const { root, bins } = packageRoot();
    const d = photon("forum-static-ip-external-antenna", { mode: "dfu" }, bins);
    const r = await runCli(["flash", "--no-wifi"], [d], root);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/\(dfu mode\)/);
    expect(r.err).toMatch(/Device OS: Device OS 2\.3\.1 \(read from its flash over DFU\)/);
    expect(r.err).toMatch(/Flashing over DFU: 100%/);
    expect(d.flashed).toEqual([bins.photon]);
    expect(d.dfu.flash.subarray(0xa0000, 0xa0000 + bins.photon.length).equals(bins.photon)).toBe(true);
    expect(r.out).toMatch(/antenna +external +→ internal/);
  });

  it("reads the system's version from its flash (alt setting 0, read only) and flashes the build it can run", async () => {
    const { root, bins } = packageRoot();
    // Before issue 20 the 2.3.1 build went to this 1.5.2 Photon: safe mode, "the flash did not take".
    const old = photon("forum-static-ip-external-antenna", { mode: "dfu", systemVersion: "1.5.2" }, bins);
    const r = await runCli(["flash", "--no-wifi"], [old], root);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Device OS: Device OS 1\.5\.2 \(read from its flash over DFU\)/);
    expect(r.err).toMatch(/Firmware: bundled photon-netreset-photon-9\.9\.9-deviceos-1\.5\.2\.bin .*needs Device OS 1\.5\.2/);
    expect(old.flashed).toEqual([bins.older.photon]);
    expect(old.safeMode).toBe(false);
    expect(r.out).toMatch(/antenna +external +→ internal/);
  });
});

describe("flash: the verdict comes from the new firmware", () => {
  it("after an update Device OS resets 1 s later; no report of the old firmware is taken in between", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const r = await runCli(["flash", "--force", "--no-wifi", "--no-dct-check"], [d], root);
    expect(r.code, r.err).toBe(0);
    const finished = d.log.findIndex((e) => e.event === "update-finished");
    expect(finished).toBeGreaterThanOrEqual(0);
    const asked = d.log.slice(finished + 1).filter((e) => e.event === "report");
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((e) => e.enumeration === d.log[finished].enumeration)).toEqual([]);
  });
});
