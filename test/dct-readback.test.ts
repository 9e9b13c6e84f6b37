// Reading a Photon's own network settings from its DCT over DFU (issue 9):
// through particle-usb against the simulated DfuSe bootloader.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { DCT, DCT_READ_RANGES, decodeDct, explainDct } from "../model/dct.ts";
import { dctDisagreements, readDctSettings, type DfuReader } from "../recovery/dct-readback.ts";
import { loadScenario } from "../host-shim/scenario.ts";
import { dctReadsOutside } from "../host-shim/usb/dct-image.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { photon } from "./cli-harness.ts";

const particleUsb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<DfuReader & { close(): Promise<void> }> };
const open = (d: SimulatedUsbPhoton) => particleUsb.openNativeUsbDevice(d.native());

describe("the DCT layout", () => {
  it("is Device OS 2.3.1's: ip_config at 1634 (24 bytes), antenna_selection at 2976 (1 byte), the private key at 34", () => {
    expect(DCT.ipConfig).toEqual({ offset: 1634, size: 24 });
    expect(DCT.antennaSelection).toEqual({ offset: 2976, size: 1 });
    expect(DCT.devicePrivateKey.offset).toBe(34);
    expect(DCT_READ_RANGES).toEqual([DCT.ipConfig, DCT.antennaSelection, DCT.serverKeySegment]);
    // The third range is the public server key, and none of them touches the device's private key.
    expect(DCT.serverKeySegment).toEqual({ offset: 2082, size: 512 });
    for (const r of DCT_READ_RANGES) expect(r.offset >= DCT.devicePrivateKey.offset + DCT.devicePrivateKey.size || r.offset + r.size <= DCT.devicePrivateKey.offset).toBe(true);
  });

  it("no range it reads touches the claim code (claim_code at 1762, 63 bytes: STATIC_ASSERT_DCT_OFFSET in dct.h)", () => {
    expect(DCT.claimCode).toEqual({ offset: 1762, size: 63 });
    for (const r of DCT_READ_RANGES) expect(r.offset >= DCT.claimCode.offset + DCT.claimCode.size || r.offset + r.size <= DCT.claimCode.offset, `${r.offset}+${r.size}`).toBe(true);
  });

  it("decodes addresses stored as the little-endian u32 a<<24|b<<16|c<<8|d, and erased ones as not set", () => {
    const ip = Uint8Array.from(Buffer.from(`01ffffff${"3200000a"}00ffffff${"0100000a"}08080808ffffffff`, "hex"));
    expect(decodeDct(ip, Uint8Array.of(0xff))).toEqual({
      antenna: "unset", ipSource: "static",
      staticIp: { host: "10.0.0.50", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: "8.8.8.8" },
    });
    expect(decodeDct(new Uint8Array(24).fill(0xff), Uint8Array.of(3))).toMatchObject({ antenna: "auto", ipSource: "dynamic",
      staticIp: { host: null, netmask: null, gateway: null, dns: null } });
    expect(decodeDct(new Uint8Array(24), Uint8Array.of(2)).antenna).toBe("invalid");
  });
});

describe("readDctSettings over DFU", () => {
  it("reads the forum Photon's static IP and external antenna, and only the two ranges", async () => {
    const d = photon(loadScenario("forum-static-ip-external-antenna"), { mode: "dfu" });
    const dev = await open(d);
    const dct = await readDctSettings(dev);
    await dev.close();
    expect(dct).toEqual({ antenna: "external", ipSource: "static",
      staticIp: { host: "10.0.0.50", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: "8.8.8.8" } });
    expect(dctReadsOutside(d.dfu.dctReads, DCT_READ_RANGES)).toEqual([]);
    expect(d.dfu.dctReads.length).toBe(2);
  });

  it("what the settings mean for the owner", () => {
    const forum = explainDct({ antenna: "external", ipSource: "static",
      staticIp: { host: "10.0.0.50", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: "8.8.8.8" } });
    expect(forum.ip).toBe("static IP 10.0.0.50/24, gateway 10.0.0.1: unless your network is 10.0.0.x, this Photon cannot get online.");
    expect(forum.antenna).toBe("external antenna selected: without one fitted the Photon sees no network.");
    expect(forum.ok).toBe(false);
    const wide = explainDct({ antenna: "unset", ipSource: "static", staticIp: { host: "172.16.5.9", netmask: "255.255.0.0", gateway: null, dns: null } });
    expect(wide.ip).toMatch(/unless your network is 172\.16\.0\.0\/16/);
    expect(explainDct({ antenna: "unset", ipSource: "dynamic", staticIp: { host: null, netmask: null, gateway: null, dns: null } }).ok).toBe(true);
  });
});

describe("the report against the device's own storage", () => {
  const reported = (antenna: "internal" | "external", ipSource: "dynamic" | "static") =>
    ({ after: { antenna, ipSource, credentials: 0 } });
  const stored = (antenna: "internal" | "external" | "unset", ipSource: "dynamic" | "static") =>
    ({ antenna, ipSource, staticIp: { host: null, netmask: null, gateway: null, dns: null } });

  it("agrees when both say internal/dynamic (a never-set antenna byte is internal)", () => {
    expect(dctDisagreements(stored("internal", "dynamic"), reported("internal", "dynamic"))).toEqual([]);
    expect(dctDisagreements(stored("unset", "dynamic"), reported("internal", "dynamic"))).toEqual([]);
  });

  it("names each field where a report disagrees with the storage", () => {
    expect(dctDisagreements(stored("external", "static"), reported("internal", "dynamic"))).toEqual([
      "antenna: the program reported internal, the device's storage says external",
      "IP source: the program reported dynamic, the device's storage says static",
    ]);
  });
});
