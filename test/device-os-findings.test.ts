// Issue 18's findings, each against the one Device OS model (host-shim/device-os/)
// and the drivers over it: the scenario runner, the simulated USB Photon and
// its console, the CLI's Wi-Fi step.
import { describe, expect, it } from "vitest";
import { parseScenario, loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { deviceFor, runScenario } from "../host-shim/run-scenario.ts";
import { buildDctImage } from "../host-shim/usb/dct-image.ts";
import { sendCredentials } from "../cli/wifi-setup.ts";
import { program } from "./helpers.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";

const scenario = (json: object, name = "t"): Scenario => parseScenario(json, name);
const ap = (o: object) => ({ ssid: "home", security: "wpa2", password: "correct horse", ...o });

describe("afterReset is typed at the console (findings 1 and 5)", () => {
  it("the console takes the access point's own security: a typed 'wpa2' for a WPA network still joins", () => {
    const r = runScenario(scenario({ environment: { accessPoints: [ap({ security: "wpa" })] },
      afterReset: { credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }] } }), program());
    expect(r.final).toMatchObject({ cloud: true, led: "breathing-cyan", credentials: 1 });
  });

  it("an open or a WEP network typed at the console never joins (cipher question → 4 or 5 → wlan_join skips it): back in listening mode", () => {
    for (const [net, typed] of [
      [{ ssid: "cafe", security: "open" }, { ssid: "cafe", security: "open" }],
      [{ ssid: "old", security: "wep", password: "abcde" }, { ssid: "old", security: "wep", password: "6162636465" }],
    ]) {
      const r = runScenario(scenario({ environment: { accessPoints: [net] }, afterReset: { credentials: [typed] } }), program());
      expect(r.final).toMatchObject({ cloud: false, led: "blinking-blue", credentials: 1 });
      expect(r.outcome?.reason).toMatch(/wlan_join skips it/);
    }
  });

  it("a hidden network is a scan record without a name (the console asks security and cipher) and still joins by name", () => {
    const r = runScenario(scenario({ environment: { accessPoints: [ap({ visibility: "hidden" })] },
      afterReset: { credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }] } }), program());
    expect(r.report?.accessPoints).toBe(1); // WiFi.scan() counts every record, hidden ones too (wlan_hal.cpp sniffer())
    expect(r.final.cloud).toBe(true);
  });
});

describe("wrong password typed after the reset (finding 2)", () => {
  it("npm run sim: listening mode (blinking blue)", () => {
    expect(runScenario(loadScenario("wrong-password"), program()).final.led).toBe("blinking-blue");
  });

  it("flash --simulate's device: listening mode too, and `wifi` with the right password then joins", async () => {
    const { root, bins } = packageRoot();
    const s = loadScenario("wrong-password");
    s.afterReset = null;
    const d = photon(s, {}, bins);
    const r = await runCli(["flash", "--ssid", "home", "--json"], [d], root,
      { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct-hors" }, timing: { cloudTimeoutMs: 5000 } });
    expect(r.code).toBe(1);
    expect(d.mode).toBe("listening");
    expect(d.os.mode).toBe("listening");
    expect(r.err).toMatch(/back in listening mode/);
    const retry = await runCli(["wifi", "--ssid", "home"], [d], root, { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" } });
    expect(retry.code, retry.err).toBe(0);
    expect(d.cloudConnected).toBe(true);
  });
});

describe("the Wi-Fi step reads the console to its verdict (finding 3)", () => {
  it("a 'Derp' is a refusal, not a send", async () => {
    const d = photon(scenario({ environment: { accessPoints: [ap({})] } }), { app: { kind: "netreset", program: program() } });
    expect(d.mode).toBe("listening");
    const link = d.console.open();
    // A 7-byte passphrase: the console says "Thanks!", then "Derp."
    expect(await sendCredentials(link, { ssid: "home", security: "wpa2", password: "1234567" })).toBe("refused");
    link.close();
    expect(d.photon!.wifi.credentials()).toEqual([]);
  });

  it("`wifi` with a wrong password: reported as soon as the Photon is back in listening mode, not at the cloud timeout", async () => {
    const { root, bins } = packageRoot();
    const d = photon(scenario({ environment: { accessPoints: [ap({})] } }), { app: { kind: "netreset", program: program() } }, bins);
    const started = Date.now();
    const r = await runCli(["wifi", "--ssid", "home", "--json"], [d], root,
      { env: { PHOTON_NETRESET_WIFI_PASSWORD: "not the password" }, timing: { cloudTimeoutMs: 60_000 } });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, cloud: false });
    expect(r.err).toMatch(/could not join "home" and is back in listening mode/);
  });
});

describe("open and WEP networks through the firmware's \"wifi\" request (finding 5)", () => {
  it("joins where the console cannot; a text WEP key is sent as hex; the key is never typed on the serial port", async () => {
    for (const [net, password] of [[{ ssid: "cafe", security: "open" }, undefined], [{ ssid: "old", security: "wep", password: "abcde" }, "abcde"]] as const) {
      const { root, bins } = packageRoot();
      const d = photon(scenario({ environment: { accessPoints: [net] } }), { app: { kind: "netreset", program: program() } }, bins);
      const r = await runCli(["wifi", "--ssid", net.ssid, "--security", net.security], [d], root,
        { env: password ? { PHOTON_NETRESET_WIFI_PASSWORD: password } : {} });
      expect(r.code, r.err).toBe(0);
      expect(d.cloudConnected).toBe(true);
      expect(d.console.typed.join("")).toBe("");
      expect(r.out + r.err).not.toContain("abcde");
    }
  });

  it("a device without our firmware: says there is no working way before sending anything", async () => {
    const { root, bins } = packageRoot();
    const d = photon(scenario({ environment: { accessPoints: [{ ssid: "cafe", security: "open" }] } }), {}, bins);
    const r = await runCli(["wifi", "--ssid", "cafe", "--security", "open"], [d], root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no other working way: Device OS 1\.4\.4 and later never join an open or WEP network typed at the serial console/);
    expect(d.console.typed.join("")).toBe("");
  });
});

describe("a damaged radio with credentials (finding 6)", () => {
  it("blinks green: connect() signals connecting even though on() failed", () => {
    const r = runScenario(scenario({ device: { radioDamaged: true }, environment: { accessPoints: [ap({})] },
      afterReset: { credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }] } }), program());
    expect(r.final.led).toBe("blinking-green");
  });
});

describe("the scenario validator counts bytes (finding 7)", () => {
  it("a 7-character, 8-byte passphrase is accepted; 33 two-byte characters (66 bytes) are refused", () => {
    const s = scenario({ device: { credentials: [{ ssid: "home", security: "wpa2", password: "abcdefé" }] }, environment: { accessPoints: [] } });
    expect(s.device.credentials[0].password).toBe("abcdefé");
    expect(() => scenario({ device: { credentials: [{ ssid: "home", security: "wpa2", password: "é".repeat(33) }] }, environment: { accessPoints: [] } }))
      .toThrow(/wpa2 needs a password of 8 to 64 characters, got 66 \(counted as UTF-8 bytes\)/);
  });
});

describe("new scenario keys", () => {
  it("any antenna byte: 0xFF (never set) reads as internal; an invalid byte reads back as it is, and the reset writes internal", () => {
    const never = runScenario(scenario({ device: { antenna: 255 }, environment: { accessPoints: [ap({})] } }), program());
    expect(never.boots[0].report?.before.antenna).toBe("internal");
    expect(buildDctImage(deviceFor(scenario({ device: { antenna: 255 }, environment: {} })).system.world.wifi)[2976]).toBe(0xff);
    const odd = runScenario(scenario({ device: { antenna: 2 }, environment: { accessPoints: [ap({})] } }), program());
    expect(odd.boots[0].report?.before.antenna).toBe("unknown");
    expect(odd.final.antenna).toBe("internal");
    expect(() => scenario({ device: { antenna: 256 }, environment: {} })).toThrow(/device\.antenna: expected a whole number from 0 to 255/);
  });

  it("firstResetReason and eepromWritesBeforeRefusing", () => {
    const r = runScenario(scenario({ device: { firstResetReason: "power-down", eepromWritesBeforeRefusing: 0 }, environment: { accessPoints: [ap({})] } }), program());
    expect(r.boots[0].resetReason).toBe(40);
    expect(r.report?.action).toBe("eeprom-failure");
  });
});
