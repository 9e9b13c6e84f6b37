// The simulated Photon's scan list: the firmware's "scan" request (normal and
// listening mode) and, on Device OS 0.8.0-rc.2 to 1.5.x, the system's own
// CTRL_REQUEST_WIFI_SCAN through particle-usb's scanWifiNetworks. Hidden
// access points are records with an empty SSID (wlan_hal.cpp sniffer()).
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { bootUntilSettled, photonFor } from "../host-shim/run-scenario.ts";
import { parseScenario } from "../host-shim/scenario.ts";
import { decodeScanList, decodeSystemScanReply, rankNetworks } from "../model/wifi-scan-list.ts";
import { packageRoot, photon } from "./cli-harness.ts";
import { program } from "./helpers.ts";

// The forum's settings by default; the system's own scan (no reset by us) needs the internal antenna.
const world = (deviceOs?: string) => parseScenario({
  device: deviceOs ? { deviceOs } : { antenna: "external", ipSource: "static" },
  environment: {
    accessPoints: [
      { ssid: "home", security: "wpa2", password: "correct horse", rssi: -48 },
      { ssid: "secret", security: "wpa2", password: "hidden one", rssi: -60, visibility: "hidden" },
      { ssid: "cafe", security: "open", rssi: -75 },
      { ssid: "fast", security: "wpa2", password: "five gigahertz", band: "5", rssi: -30 },
    ],
  },
}, "scan list");

const expected = [
  { ssid: "home", rssi: -48, security: "wpa2", cipher: "aes", channel: 6 },
  { ssid: "", rssi: -60, security: "wpa2", cipher: "aes", channel: 6 },
  { ssid: "cafe", rssi: -75, security: "open", cipher: "none", channel: 6 },
];

type Dev = {
  sendControlRequest(type: number, data?: Buffer): Promise<{ result: number; data?: Buffer }>;
  getDeviceMode(): Promise<string>; close(): Promise<void>; reset(): Promise<void>;
  scanWifiNetworks(): Promise<{ ssid: string; rssi: number; security: string; channel: number }[]>;
};
const particleUsb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<Dev> };

describe("the simulated Photon's scan list", () => {
  it("is what the boot's scan recorded: 2.4 GHz only, a hidden network with no SSID, security and cipher as Device OS reports them", () => {
    const device = photonFor(world(), program());
    bootUntilSettled(device);
    expect(device.reports.at(-1)?.accessPoints).toBe(3);
    expect(device.scanList).toEqual(expected);
  });

  it("is served on the firmware's \"scan\" request in listening mode, and the next boot forgets it until its own scan", async () => {
    const { bins } = packageRoot();
    const d = photon(world(), { app: { kind: "netreset", program: program() } }, bins);
    const dev = await particleUsb.openNativeUsbDevice(d.native());
    expect(await dev.getDeviceMode()).toBe("LISTENING"); // credentials cleared: listening mode
    const reply = await dev.sendControlRequest(10, Buffer.from("scan"));
    expect(reply.result).toBe(0);
    const list = decodeScanList(reply.data!);
    expect(list).toEqual({ seen: 3, aps: expected });
    expect(rankNetworks(list).map((a) => a.ssid)).toEqual(["home", "cafe"]);
    d.photon!.beginBoot(); // fresh RAM: nothing scanned yet
    expect((await dev.sendControlRequest(10, Buffer.from("scan"))).result).toBe(-170);
    await dev.close();
  });

  it("is served in normal mode too (credentials stored, joined)", async () => {
    const { bins } = packageRoot();
    const d = photon(world(), { app: { kind: "netreset", program: program() } }, bins);
    d.photon!.wifi.setCredentials({ ssid: "home", security: "wpa2", password: "correct horse" });
    await (await particleUsb.openNativeUsbDevice(d.native())).reset(); // the next boot verifies, scans and joins
    for (let i = 0; i < 200 && d.attached; i++) await new Promise((r) => setTimeout(r, 2));
    for (let i = 0; i < 200 && !d.attached; i++) await new Promise((r) => setTimeout(r, 5));
    const dev = await particleUsb.openNativeUsbDevice(d.native());
    expect(await dev.getDeviceMode()).toBe("NORMAL");
    expect(decodeScanList((await dev.sendControlRequest(10, Buffer.from("scan"))).data!)).toEqual({ seen: 3, aps: expected });
    await dev.close();
  });

  it("on 1.5.2 the system's own scan request answers with every record (particle-usb's scanWifiNetworks); on 2.3.1 it is not supported", async () => {
    const legacy = await particleUsb.openNativeUsbDevice(photon(world("1.5.2")).native());
    const raw = await legacy.sendControlRequest(112);
    expect(raw.result).toBe(0);
    expect(decodeSystemScanReply(raw.data!)).toEqual({ seen: 3, aps: expected });
    const aps = await legacy.scanWifiNetworks();
    expect(aps.map((a) => [a.ssid, a.rssi, a.security, a.channel])).toEqual([["home", -48, "WPA2", 6], ["", -60, "WPA2", 6], ["cafe", -75, "NONE", 6]]);
    await legacy.close();
    const current = await particleUsb.openNativeUsbDevice(photon(world("2.3.1")).native());
    expect((await current.sendControlRequest(112)).result).toBe(-120);
    await current.close();
  });
});

describe("an access point's channel (the scenario's optional \"channel\")", () => {
  // Channels 1 and 11 given, one left out (channel 6, as every access point was before the key), a hidden one on 13.
  const channels = (deviceOs?: string) => parseScenario({
    device: deviceOs ? { deviceOs } : { antenna: "external", ipSource: "static" },
    environment: { accessPoints: [
      { ssid: "home", security: "wpa2", password: "correct horse", rssi: -48, channel: 11 },
      { ssid: "secret", security: "wpa2", password: "hidden one", rssi: -60, visibility: "hidden", channel: 13 },
      { ssid: "cafe", security: "open", rssi: -75, channel: 1 },
      { ssid: "neighbour", security: "wpa", password: "next door!", rssi: -85 },
      { ssid: "fast", security: "wpa2", password: "five gigahertz", band: "5", rssi: -30, channel: 36 },
    ] },
  }, "channels");
  const seen = [["home", 11], ["", 13], ["cafe", 1], ["neighbour", 6]];

  it("is what the firmware's scan list serves over USB (wlan_hal.cpp sniffer: data.channel = record->channel)", async () => {
    const { bins } = packageRoot();
    const d = photon(channels(), { app: { kind: "netreset", program: program() } }, bins);
    const dev = await particleUsb.openNativeUsbDevice(d.native());
    const list = decodeScanList((await dev.sendControlRequest(10, Buffer.from("scan"))).data!);
    expect(list.aps.map((a) => [a.ssid, a.channel])).toEqual(seen);
    await dev.close();
  });

  it("is what 1.5.2's own scan request gives (control/wifi.cpp: ap.channel), as particle-usb's scanWifiNetworks reads it", async () => {
    const legacy = await particleUsb.openNativeUsbDevice(photon(channels("1.5.2")).native());
    expect((await legacy.scanWifiNetworks()).map((a) => [a.ssid, a.channel])).toEqual(seen);
    await legacy.close();
  });

  it("is checked against the band: a 2.4 GHz channel is 1 to 14, a 5 GHz one 32 to 177; the message names the field", () => {
    const one = (ap: Record<string, unknown>) => () => parseScenario({ environment: { accessPoints: [{ ssid: "home", password: "correct horse", ...ap }] } }, "bad channel");
    expect(one({ channel: 36 })).toThrow(/environment\.accessPoints\[0\]\.channel: expected a whole number from 1 to 14, got 36/);
    expect(one({ channel: 0 })).toThrow(/accessPoints\[0\]\.channel/);
    expect(one({ band: "5", channel: 6 })).toThrow(/environment\.accessPoints\[0\]\.channel: expected a whole number from 32 to 177, got 6/);
    expect(one({ channel: "11" })).toThrow(/accessPoints\[0\]\.channel/);
    expect(one({ channel: 14 })().environment.accessPoints[0].channel).toBe(14);
    expect(one({})().environment.accessPoints[0]).not.toHaveProperty("channel"); // an older file: no key, channel 6 in the scan as before
  });
});
