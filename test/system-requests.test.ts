// The system requests a Photon's release answers (finding 10), asked the way
// particle-usb's own integration tests ask a real device
// (node_modules/particle-usb/test/integration/device-base.js, device-quirks.js):
// through particle-usb over the simulated USB Photon.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseScenario, loadScenario } from "../host-shim/scenario.ts";
import { ControlEndpoint, MAX_ACTIVE_REQUESTS } from "../host-shim/usb/control-endpoint.ts";
import { photon } from "./cli-harness.ts";
import { parseModuleInfo } from "../model/system-part2-info.ts";
import { systemModuleVersionOf } from "../model/device-os-versions.ts";
import { DctServerKey } from "../host-shim/dct-server-key.ts";
import { systemRequest } from "../host-shim/usb/system-requests.ts";
import { readSettingsFromSystem } from "../model/system-settings-readback.ts";
import protobufModule from "@particle/device-os-protobuf";

const protobuf = protobufModule as unknown as { decode(name: string, b: Buffer): Record<string, unknown> };

type Dev = {
  id: string; firmwareVersion: string | null; usbDevice: { quirks: Record<string, boolean> };
  sendControlRequest(t: number, d?: string | Buffer | null): Promise<{ result: number; data?: string | Buffer }>;
  stopNyanSignal(): Promise<void>; getDeviceId(): Promise<string>; isClaimed(): Promise<boolean>;
  getServerAddress(protocol?: string): Promise<{ address: string; port: number }>;
  connectToCloud(o?: object): Promise<void>; disconnectFromCloud(o?: object): Promise<void>; getCloudConnectionStatus(): Promise<string>;
  close(): Promise<void>;
};
const usb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<Dev> };
const { MAX_CONTROL_TRANSFER_DATA_SIZE } = createRequire(import.meta.url)("particle-usb/src/usb-device-node") as { MAX_CONTROL_TRANSFER_DATA_SIZE: number };

const PRINTABLE = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const randomString = (min: number, max = min) =>
  Array.from({ length: min + Math.round(Math.random() * (max - min)) }, () => PRINTABLE[Math.floor(Math.random() * PRINTABLE.length)]).join("");

/** A Photon on this release, running Device OS with stored settings that reach the cloud. */
function onRelease(deviceOs: string, serverKey: "right" | "blank" = "right") {
  const healthy = loadScenario("healthy");
  return photon(parseScenario({ device: { deviceOs, serverKey, credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }] },
    environment: { accessPoints: [{ ssid: "home", security: "wpa2", password: "correct horse" }] }, description: healthy.description }, `on ${deviceOs}`),
  { app: { kind: "other", name: "Tinker" } });
}

async function open(deviceOs = "2.3.1", serverKey: "right" | "blank" = "right") {
  const d = onRelease(deviceOs, serverKey);
  d.os.start();
  d.os.connect();
  return { d, dev: await usb.openNativeUsbDevice(d.native()) };
}

describe("particle-usb's device-base tests against the simulated Photon on 2.3.1", () => {
  it("can process multiple requests (100 ECHOs at once: BUSY past 4 active, retried)", async () => {
    const { dev } = await open();
    await Promise.all(Array.from({ length: 100 }, async () => {
      const data = randomString(0, 512);
      const rep = await dev.sendControlRequest(1, data);
      expect(rep.result).toBe(0);
      expect(String(rep.data ?? "")).toBe(data);
    }));
    await dev.close();
  });

  it("can send a request and receive a reply larger than 4096 bytes", async () => {
    const { dev } = await open();
    for (let i = 0; i < 3; i++) {
      const data = randomString(MAX_CONTROL_TRANSFER_DATA_SIZE + 1);
      expect(String((await dev.sendControlRequest(1, data)).data)).toBe(data);
    }
    await dev.close();
  });

  it("answers stopNyanSignal, device id, is-claimed, capabilities and the system version as 2.3.1 does", async () => {
    const { d, dev } = await open();
    await dev.stopNyanSignal();
    expect(await dev.getDeviceId()).toBe(d.id);
    expect(await dev.isClaimed()).toBe(false);
    for (const type of [20, 30, 32, 100, 201, 223, 230, 231]) expect((await dev.sendControlRequest(type)).result, `request ${type}`).toBe(0);
    expect([...((await dev.sendControlRequest(223)).data as Buffer)]).toEqual([0x08, 0x01]); // GetServerProtocolReply { protocol: TCP_PROTOCOL }
    await dev.close();
  });

  it("device-quirks: disconnectFromCloud({ force: true }) with controlOutTransfersRequireDataStage: the raw vendor request 302 takes it off line", async () => {
    const { d, dev } = await open();
    expect(d.cloudConnected).toBe(true);
    const quirks = dev.usbDevice.quirks;
    quirks.controlOutTransfersRequireDataStage = true;
    dev.usbDevice.quirks = quirks;
    await dev.disconnectFromCloud({ force: true, timeout: 5000 });
    expect(d.cloudConnected).toBe(false);
    expect(d.os.led).toBe("breathing-white"); // cancelNetworkConnection(true): SPARK_WLAN_SLEEP
    await dev.close();
  });

  it("cloud connect and disconnect (control requests 301/302)", async () => {
    const { d, dev } = await open();
    await dev.disconnectFromCloud({ timeout: 5000 });
    expect(d.cloudConnected).toBe(false);
    expect(d.os.led).toBe("breathing-green");
    await dev.connectToCloud({ timeout: 5000 });
    expect(d.cloudConnected).toBe(true);
    await dev.close();
  });
});

describe("GET_SERVER_ADDRESS (221): config::handleGetServerAddressRequest → load_server_address, from 0.8.0-rc.2 on", () => {
  it.each(["0.8.0-rc.2", "1.0.1", "1.5.2", "2.3.1", "3.3.1"])("on %s particle-usb's getServerAddress reads the DCT's address, the erased port as stored", async (v) => {
    const { dev } = await open(v);
    expect(await dev.getServerAddress()).toEqual({ address: "device.spark.io", port: 0xffff });
    await dev.close();
  });

  it("an erased address (type byte 0xFF) is NOT_FOUND (-170); UDP is NOT_SUPPORTED on the Photon (no HAL_PLATFORM_CLOUD_UDP)", async () => {
    const blank = await open("2.3.1", "blank");
    await expect(blank.dev.getServerAddress()).rejects.toThrow(/not found/i);
    expect((await blank.dev.sendControlRequest(221, Buffer.from([0x08, 0x01]))).result).toBe(-170);
    await blank.dev.close();
    const { dev } = await open("2.3.1");
    expect((await dev.sendControlRequest(221, Buffer.from([0x08, 0x02]))).result).toBe(-120);
    await dev.close();
  });

  it("an IP address written over DFU comes back as dotted text with its port", () => {
    const field = new DctServerKey().field;
    field.set([0, 4, 192, 0, 2, 7], 384);
    field.set([0x16, 0x33], 384 + 66);
    const r = systemRequest({ os: {} as never, id: "x", systemVersion: "2.3.1", systemModuleVersion: 2302, claimed: false, serverKeyField: field },
      221, Buffer.from([0x08, 0x01]));
    expect(r?.result).toBe(0);
    expect(protobuf.decode("GetServerAddressReply", r!.data as Buffer)).toMatchObject({ address: "192.0.2.7", port: 5683 });
  });
});

describe("the stored settings from the running system (111, 121) on 0.8.0-rc.2..1.5.x", () => {
  it("antenna and IP configuration as the DCT holds them: a static source with its addresses; unset reads internal, an invalid byte ANTENNA_NONE", async () => {
    const { d, dev } = await open("1.4.4");
    d.os.world.wifi.ipSource = "static";
    d.os.world.wifi.staticIp = { host: "10.0.0.20", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: "10.0.0.1" };
    d.os.world.wifi.antenna = "external";
    expect(await readSettingsFromSystem(dev)).toEqual({ antenna: "external", ipSource: "static",
      staticIp: { host: "10.0.0.20", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: null } });
    d.os.world.wifi.antennaByte = 0xff;
    expect((await readSettingsFromSystem(dev))?.antenna).toBe("internal");
    d.os.world.wifi.antennaByte = 7;
    expect((await readSettingsFromSystem(dev))?.antenna).toBe("invalid");
    expect((await dev.sendControlRequest(121, Buffer.from([0x08, 0x02]))).data ?? Buffer.alloc(0)).toHaveLength(0); // interface 2: not described
    await dev.close();
  });

  it("2.3.1 answers neither: nothing is read", async () => {
    const { dev } = await open("2.3.1");
    expect(await readSettingsFromSystem(dev)).toBeNull();
    await dev.close();
  });
});

describe("which release answers which", () => {
  it.each([["1.0.1", [100, 201, 230]], ["1.4.4", [20, 30, 32, 100, 201, 230, 301]], ["1.5.2", [1, 20, 30, 32, 100, 201, 230, 301]]] as const)(
    "%s answers %o and not the others", async (v, answered) => {
      const { dev } = await open(v);
      for (const type of [1, 20, 30, 32, 100, 201, 230, 301]) {
        const r = await dev.sendControlRequest(type);
        expect(r.result, `request ${type} on ${v}`).toBe((answered as readonly number[]).includes(type) ? 0 : -120);
      }
      await dev.close();
    });
});

describe("BUSY (usb_control_request_channel.cpp, USB_REQUEST_MAX_ACTIVE_COUNT)", () => {
  it("a fifth request while four are active is refused with BUSY; once one is collected, a new one is taken", () => {
    const e = new ControlEndpoint(() => new Promise(() => {}), { in: () => null, out: () => false });
    const status = (b: Buffer) => b.readUInt16LE(4);
    for (let i = 0; i < MAX_ACTIVE_REQUESTS; i++) expect(status(e.transferIn(1, 0, 1, 0))).toBe(0);
    expect(status(e.transferIn(1, 0, 1, 0))).toBe(3);
    e.transferIn(5, 0, 1, 0); // RESET request 1
    expect(status(e.transferIn(1, 0, 1, 0))).toBe(0);
  });
});

describe("DFU alt setting 0 holds every module's header (finding 10)", () => {
  it.each(["2.3.1", "1.4.4"])("on %s: the bootloader and both system parts, as module info reports them", async (v) => {
    const d = photon(parseScenario({ device: { deviceOs: v, usbMode: "dfu" }, environment: {} }, `dfu on ${v}`));
    const dev = await (usb as unknown as { openNativeUsbDevice(n: unknown): Promise<{ readOverDfu(o: object): Promise<Buffer>; close(): Promise<void> }> })
      .openNativeUsbDevice(d.native());
    const at = async (address: number) => parseModuleInfo(await dev.readOverDfu({ altSetting: 0, startAddr: address + 0x184, size: 24 }));
    const module = systemModuleVersionOf(v)!;
    expect(await at(0x08000000)).toMatchObject({ startAddress: 0x08000000, moduleFunction: 2, moduleIndex: 0, moduleVersion: 1006, platformId: 6 });
    expect(await at(0x08020000)).toMatchObject({ startAddress: 0x08020000, moduleFunction: 4, moduleIndex: 1, moduleVersion: module,
      dependency: { moduleFunction: 4, moduleIndex: 2, moduleVersion: 207 } });
    expect(await at(0x08060000)).toMatchObject({ moduleFunction: 4, moduleIndex: 2, moduleVersion: module });
    await dev.close();
  });
});
