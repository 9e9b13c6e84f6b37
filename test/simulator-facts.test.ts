// The simulated Photon against ../shared/photon-facts.md (Device OS 2.3.1).
import { describe, expect, it } from "vitest";
import { Eeprom, EEPROM_LENGTH } from "../host-shim/eeprom.ts";
import { reachableAccessPoints, type AccessPoint } from "../host-shim/environment.ts";
import { connect } from "../host-shim/device-os/network.ts";
import { bootUntilSettled, photonFor } from "../host-shim/run-scenario.ts";
import { loadScenario } from "../host-shim/scenario.ts";
import { WifiSettings, type Credential } from "../host-shim/wifi-settings.ts";
import { program } from "./helpers.ts";

const net = (ssid: string, security: Credential["security"] = "wpa2"): Credential => ({ ssid, security, password: `${ssid}-password` });
const ssids = (w: WifiSettings) => w.slots.map((c) => c?.ssid ?? null);
const ap = (over: Partial<AccessPoint> = {}): AccessPoint => ({
  ssid: "home", band: "2.4", security: "wpa2", password: "home-password", rssi: -50, dhcp: true, internet: true, subnet: "192.168.1.0/24", ...over,
});

describe("EEPROM", () => {
  it("is 2048 bytes (EEPROM.length() on the Photon and P1) and reads 0xFF where never written", () => {
    const e = new Eeprom();
    expect(e.bytes.length).toBe(EEPROM_LENGTH);
    expect(EEPROM_LENGTH).toBe(2048);
    expect(e.getU32(0)).toBe(0xffffffff);
    expect(e.getU32(2043)).toBe(0xffffffff);
  });

  it("stores uint32 little-endian, as EEPROM.get/put copy the bytes on Cortex-M3", () => {
    const e = new Eeprom();
    e.putU32(0, 0x000c0ffe);
    expect([...e.bytes.slice(0, 4)]).toEqual([0xfe, 0x0f, 0x0c, 0x00]);
    expect(e.getU32(0)).toBe(0x000c0ffe);
  });

  it("ignores writes past the end and when the flash refuses them", () => {
    const e = new Eeprom();
    e.putU32(2045, 1);
    expect(e.getU32(2045)).toBe(0xffffffff);
    e.putU32(2044, 1);
    expect(e.getU32(2044)).toBe(1);
    e.writable = false;
    e.putU32(0, 7);
    expect(e.getU32(0)).toBe(0xffffffff);
  });
});

describe("what survives what", () => {
  const recovered = () => {
    const device = photonFor(loadScenario("forum-static-ip-external-antenna"), program(), false);
    bootUntilSettled(device);
    return device;
  };

  it("EEPROM and Wi-Fi settings survive reset, power loss and flashing a new program; retained RAM survives only reset", () => {
    const device = recovered();
    const eeprom = [...device.eeprom.bytes.slice(0, 8)];
    device.retained[3] = 0xabcd;
    device.wifi.setCredentials(net("home"));
    device.boot(); // a reset, from the program's point of view nothing to do
    expect(device.retained[3]).toBe(0xabcd);
    device.powerLoss();
    expect([...device.retained]).toEqual([0, 0, 0, 0]);
    device.flash(program());
    expect([...device.eeprom.bytes.slice(0, 8)]).toEqual(eeprom);
    expect(device.wifi.credentials().map((c) => c.ssid)).toEqual(["home"]);
    expect(device.wifi.antenna).toBe("internal");
  });

  it("reports the reset reason Device OS gives: update after flashing, user after System.reset, power-down after power loss", () => {
    const device = photonFor(loadScenario("healthy"), program(), false);
    const boots = bootUntilSettled(device);
    expect(boots.map((b) => b.resetReason)).toEqual([70, 140]);
    device.powerLoss();
    expect(device.boot().resetReason).toBe(40);
  });

  it("a static IP configuration stays stored after switching to dynamic", () => {
    const device = recovered();
    expect(device.wifi.ipSource).toBe("dynamic");
    expect(device.wifi.staticIp?.host).toBe("10.0.0.50");
  });
});

describe("credential slots (wlan_set_credentials)", () => {
  it("a new SSID takes slot 0 and shifts the rest along; the 5th (oldest) is dropped", () => {
    const w = new WifiSettings();
    for (const s of ["a", "b", "c", "d", "e"]) w.setCredentials(net(s));
    expect(ssids(w)).toEqual(["e", "d", "c", "b", "a"]);
    w.setCredentials(net("f"));
    expect(ssids(w)).toEqual(["f", "e", "d", "c", "b"]);
  });

  it("the same SSID is replaced in place", () => {
    const w = new WifiSettings();
    for (const s of ["a", "b", "c"]) w.setCredentials(net(s));
    w.setCredentials({ ssid: "b", security: "open" });
    expect(ssids(w)).toEqual(["c", "b", "a", null, null]);
    expect(w.slots[1]?.security).toBe("open");
  });

  it("keeps only one enterprise network, in the old one's slot", () => {
    const w = new WifiSettings();
    w.setCredentials(net("corp", "wpa2-enterprise"));
    w.setCredentials(net("home"));
    w.setCredentials(net("corp2", "wpa-enterprise"));
    expect(ssids(w)).toEqual(["home", "corp2", null, null, null]);
  });

  it("empty slots shift too, as the memmove in Device OS does", () => {
    const w = new WifiSettings();
    w.setCredentials(net("corp", "wpa2-enterprise"));
    w.setCredentials(net("a"));
    w.setCredentials(net("b"));
    w.setCredentials({ ...net("a"), security: "wpa2-enterprise" }); // same SSID as slot 1, clears the other enterprise slot
    expect(ssids(w)).toEqual(["b", "a", null, null, null]);
    w.setCredentials(net("c"));
    expect(ssids(w)).toEqual(["c", "b", "a", null, null]);
  });

  it("clearCredentials removes every stored network", () => {
    const w = new WifiSettings();
    for (const s of ["a", "b"]) w.setCredentials(net(s));
    w.clearCredentials();
    expect(w.credentials()).toEqual([]);
  });
});

describe("the radio world", () => {
  const hw = { externalAntennaFitted: false, radioDamaged: false };
  const env = { accessPoints: [ap(), ap({ ssid: "fast", band: "5" })], cloudReachable: true };
  const withHome = (setup: (w: WifiSettings) => void = () => {}) => {
    const w = new WifiSettings();
    w.setCredentials({ ssid: "home", security: "wpa2", password: "home-password" });
    setup(w);
    return w;
  };

  it("sees 2.4 GHz networks only", () => {
    expect(reachableAccessPoints(env, hw, new WifiSettings()).map((a) => a.ssid)).toEqual(["home"]);
  });

  it("hears nothing on the external antenna with none fitted, and everything once one is fitted", () => {
    const w = withHome((w) => { w.antenna = "external"; });
    expect(reachableAccessPoints(env, hw, w)).toEqual([]);
    expect(reachableAccessPoints(env, { ...hw, externalAntennaFitted: true }, w)).toHaveLength(1);
    expect(connect(env, hw, w)).toMatchObject({ led: "blinking-green", cloud: false });
  });

  it("connects with good settings: breathing cyan", () => {
    expect(connect(env, hw, withHome())).toMatchObject({ led: "breathing-cyan", cloud: true, wifi: true });
  });

  it("a static IP outside the network's subnet joins Wi-Fi but never reaches the cloud", () => {
    const w = withHome((w) => { w.ipSource = "static"; w.staticIp = { host: "10.0.0.5", netmask: "255.0.0.0", gateway: "10.0.0.1", dns: "10.0.0.1" }; });
    expect(connect(env, hw, w)).toMatchObject({ led: "blinking-cyan", wifi: true, cloud: false });
    w.staticIp = { host: "192.168.1.9", netmask: "255.255.255.0", gateway: "192.168.1.1", dns: "192.168.1.1" };
    expect(connect(env, hw, w)).toMatchObject({ led: "breathing-cyan" });
  });

  it("stored wrong password: blinking green; unreachable cloud: blinking cyan; no DHCP: blinking green (join and DHCP are one call)", () => {
    const wrong = withHome((w) => w.setCredentials({ ssid: "home", security: "wpa2", password: "nope-nope" }));
    expect(connect(env, hw, wrong).led).toBe("blinking-green");
    expect(connect({ ...env, cloudReachable: false }, hw, withHome()).led).toBe("blinking-cyan");
    expect(connect({ ...env, accessPoints: [ap({ dhcp: false })] }, hw, withHome()).led).toBe("blinking-green");
  });

  it("credentials just typed in listening mode that do not join: back to listening mode (wifi_creds_changed)", () => {
    const wrong = withHome((w) => w.setCredentials({ ssid: "home", security: "wpa2", password: "nope-nope" }));
    expect(connect(env, hw, wrong, true)).toMatchObject({ led: "blinking-blue", rejectedCredentials: true });
    expect(connect({ ...env, accessPoints: [ap({ dhcp: false })] }, hw, withHome(), true).led).toBe("blinking-blue");
    expect(connect({ ...env, accessPoints: [] }, hw, withHome(), true).led).toBe("blinking-blue");
    // A join that works is not affected.
    expect(connect(env, hw, withHome(), true).led).toBe("breathing-cyan");
  });

  it("no credentials: listening mode, even with a damaged radio; damaged radio with credentials: blinking green (connect() signals connecting even when on() failed; finding 6)", () => {
    expect(connect(env, hw, new WifiSettings()).led).toBe("blinking-blue");
    expect(connect(env, { ...hw, radioDamaged: true }, new WifiSettings()).led).toBe("blinking-blue");
    expect(connect(env, { ...hw, radioDamaged: true }, withHome()).led).toBe("blinking-green");
    // Not even with credentials just typed: connect_finalize never runs, so notify_dhcp never sends it back to listening.
    expect(connect(env, { ...hw, radioDamaged: true }, withHome(), true).led).toBe("blinking-green");
  });

  it("a scan needs Wi-Fi on", () => {
    const device = photonFor(loadScenario("healthy"), program(), false);
    device.boot(); // reset boot
    const scanCalls = device.trace.filter((t) => t.call === "wifi_scan_count");
    expect(scanCalls).toHaveLength(0);
    device.boot();
    const before = device.trace.findIndex((t) => t.call === "wifi_on" && t.boot === 2);
    const scan = device.trace.findIndex((t) => t.call === "wifi_scan_count");
    expect(before).toBeLessThan(scan);
    expect(device.trace[scan].result).toBe(2);
  });
});

describe("the trace", () => {
  it("records every host call with its arguments and result", () => {
    const device = photonFor(loadScenario("forum-static-ip-external-antenna"), program(), false);
    bootUntilSettled(device);
    const calls = device.trace.map((t) => t.call);
    // Erased EEPROM: the magic does not match, so the build id is not even read.
    expect(calls.slice(0, 3)).toEqual(["eeprom_get_u32", "wifi_on", "retained_get"]);
    expect(device.trace.find((t) => t.call === "wifi_select_antenna")).toMatchObject({ args: [0], result: 0 });
    expect(device.trace.find((t) => t.call === "eeprom_put_u32")).toMatchObject({ args: [0, 0x000c0ffe] });
    expect(calls.filter((c) => c === "system_reset")).toHaveLength(1);
    expect(calls.at(-1)).toBe("cloud_connect");
  });
});
