// The simulated USB Photon against Device OS 2.3.1, driven through
// particle-usb's own code (openNativeUsbDevice): modes, module info,
// descriptors, raw vendor requests, DfuSe UPLOAD and the DCT over alt setting 1.
import { describe, expect, it } from "vitest";
import { loadScenario, parseScenario } from "../host-shim/scenario.ts";
import { DCT } from "../host-shim/usb/dct-image.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { program } from "./helpers.ts";
import { packageRoot, photon, runCli, userPart } from "./cli-harness.ts";
import { isGoneError } from "../recovery/device-errors.ts";
import { openWithParticleUsb, reopenedWithParticleUsb } from "./particle-usb-open.ts";

type Dev = {
  close(): Promise<void>; isInDfuMode: boolean; sendControlRequest(type: number, data?: Buffer): Promise<{ result: number; data?: Buffer }>;
  getDeviceMode(): Promise<string>; enterSafeMode(): Promise<void>; enterDfuMode(o?: object): Promise<void>; reset(): Promise<void>;
  getFirmwareModuleInfo(): Promise<{ type: string; index: number; version: number; size: number; dependencies: { type: string; index: number; version: number }[] }[]>;
  readOverDfu(o: { altSetting: number; startAddr: number; size: number }): Promise<Buffer>;
  getCloudConnectionStatus(): Promise<string>; leave?(): Promise<void>;
};
const open = (d: SimulatedUsbPhoton) => openWithParticleUsb<Dev>(d);
const reopened = (d: SimulatedUsbPhoton) => reopenedWithParticleUsb<Dev>(d);


const native = (d: SimulatedUsbPhoton) => d.native();
function transfer(d: SimulatedUsbPhoton, bmRequestType: number, bRequest: number, wValue: number, wIndex: number, dataOrLength: number | Buffer) {
  return new Promise<Buffer | undefined>((resolve, reject) =>
    native(d).controlTransfer(bmRequestType, bRequest, wValue, wIndex, dataOrLength, (e, data) => (e ? reject(e) : resolve(data))));
}
const descriptor = (d: SimulatedUsbPhoton, index: number) =>
  new Promise<string>((resolve, reject) => native(d).getStringDescriptor(index, (e, v) => (e ? reject(e) : resolve(v!))));

describe("lifecycle and modes", () => {
  it("safe mode (request 60) answers 0, restarts without the user part, and a reset brings it back", async () => {
    const { bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    let dev = await open(d);
    expect((await dev.sendControlRequest(10, Buffer.from("report"))).result).toBe(0);
    await dev.enterSafeMode(); // particle-usb throws on a non-zero result
    dev = await reopened(d);
    expect(d.safeMode).toBe(true);
    expect(await dev.getDeviceMode()).toBe("LISTENING"); // no stored network (our program cleared them): listening mode
    expect((await dev.sendControlRequest(10, Buffer.from("report"))).result).toBe(-120); // no user part running
    expect(await dev.getCloudConnectionStatus()).toBe("DISCONNECTED"); // our program cleared the credentials: nothing to join
    await dev.reset();
    dev = await reopened(d);
    expect(d.safeMode).toBe(false);
    expect((await dev.sendControlRequest(10, Buffer.from("report"))).result).toBe(0);
  });

  it("in safe mode the system connects to the cloud on its own with the stored networks", async () => {
    const { bins } = packageRoot();
    const ours = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    ours.photon!.wifi.setCredentials({ ssid: "home", security: "wpa2", password: ours.options.scenario.environment.accessPoints[0].password });
    const dev = await open(ours);
    await dev.enterSafeMode();
    const safe = await reopened(ours);
    expect(ours.safeMode).toBe(true);
    expect(await safe.getCloudConnectionStatus()).toBe("CONNECTED");
    expect(await safe.getDeviceMode()).toBe("NORMAL");
  });

  it("entering DFU mode and leaving it without flashing keeps the application", async () => {
    const { bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const dev = await open(d);
    await dev.enterDfuMode({ noReconnectWait: true });
    const dfu = await reopened(d);
    expect(dfu.isInDfuMode).toBe(true);
    await dfu.reset(); // particle-usb leaves DFU mode with an empty DNLOAD
    const back = await reopened(d);
    expect(back.isInDfuMode).toBe(false);
    const r = await back.sendControlRequest(10, Buffer.from("report"));
    expect(r.result).toBe(0);
    expect(JSON.parse(r.data!.toString()).action).toBe("done");
    expect(d.flashed).toEqual([]); // nothing was flashed
  });

  it("a scenario can start the device in DFU mode; old scenarios start it running", async () => {
    const s = loadScenario("healthy");
    expect(s.device.usbMode).toBe("normal");
    const dfuScenario = parseScenario({ device: { usbMode: "dfu" }, environment: { accessPoints: [] } }, "t");
    const d = photon(dfuScenario);
    expect(d.mode).toBe("dfu");
    expect((await open(d)).isInDfuMode).toBe(true);
    expect(() => parseScenario({ device: { usbMode: "listening" }, environment: {} }, "t")).toThrow(/device\.usbMode/);
  });
});

describe("module info", () => {
  it("reports 2.3.1's bootloader, the system parts' dependencies and the flashed user part's own size", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    expect((await runCli(["flash", "--no-wifi"], [d], root)).code).toBe(0);
    const modules = await (await open(d)).getFirmwareModuleInfo();
    const find = (type: string, index: number) => modules.find((m) => m.type === type && m.index === index)!;
    expect(find("BOOTLOADER", 0).version).toBe(1006);
    expect(find("SYSTEM_PART", 1).dependencies).toEqual([{ type: "SYSTEM_PART", index: 2, version: 207 }]);
    expect(find("SYSTEM_PART", 2).dependencies).toEqual([{ type: "SYSTEM_PART", index: 1, version: 2302 }, { type: "BOOTLOADER", index: 0, version: 1003 }]);
    expect(find("USER_PART", 1)).toMatchObject({ version: 6, size: bins.photon.length, dependencies: [{ type: "SYSTEM_PART", index: 2, version: 2302 }] });
    expect(bins.photon.length).not.toBe(8192);
  });
});

describe("descriptors and raw vendor requests", () => {
  it("names the product Photon (Photon DFU Mode in DFU) and gives the serial number in lower case", async () => {
    const d = photon("healthy", { id: "E00FCE68AABBCCDDEEFF0011" });
    expect(await descriptor(d, 2)).toBe("Photon");
    expect(await descriptor(d, 3)).toBe("e00fce68aabbccddeeff0011");
    const p1 = photon("healthy", { platform: "p1" });
    expect(await descriptor(p1, 2)).toBe("P1");
    const inDfu = photon("healthy", { mode: "dfu" });
    expect(await descriptor(inDfu, 2)).toBe("Photon DFU Mode");
  });

  it("answers 'P' requests 20 (device id, upper-case hex) and 30 (version, no NUL); others stall", async () => {
    const d = photon("healthy", { id: "e00fce68aabbccddeeff0011" });
    expect((await transfer(d, 0xc0, 0x50, 0, 30, 64))!.toString("latin1")).toBe("2.3.1");
    expect((await transfer(d, 0xc0, 0x50, 0, 20, 64))!.toString("latin1")).toBe("E00FCE68AABBCCDDEEFF0011");
    await expect(transfer(d, 0xc0, 0x50, 0, 21, 64)).rejects.toThrow("LIBUSB_TRANSFER_STALL");
    await expect(transfer(d, 0xc0, 0x50, 0, 30, 3)).rejects.toThrow("LIBUSB_TRANSFER_STALL"); // too short for "2.3.1"
    await expect(transfer(d, 0xc0, 0x50, 0, 30, 65)).rejects.toThrow("LIBUSB_TRANSFER_STALL"); // no buffer past 64 bytes
    await expect(transfer(d, 0x40, 0x50, 0, 41, Buffer.alloc(0))).rejects.toThrow("LIBUSB_TRANSFER_STALL");
  });

  it("a raw reset (host-to-device 'P' 40) resets at once: the host sees the device go", async () => {
    const { bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const bootsBefore = d.photon!.boots;
    await expect(transfer(d, 0x40, 0x50, 0, 40, Buffer.alloc(0))).rejects.toThrow("LIBUSB_ERROR_NO_DEVICE");
    expect(d.attached).toBe(false);
    for (let i = 0; i < 200 && !d.attached; i++) await new Promise((r) => setTimeout(r, 5));
    expect(d.photon!.boots).toBeGreaterThan(bootsBefore); // it booted again
  });
});

describe("DfuSe UPLOAD and the DCT (alt setting 1)", () => {
  const staticScenario = () => {
    const s = loadScenario("forum-static-ip-external-antenna");
    s.device.staticIp = { host: "192.168.1.20", netmask: "255.255.255.0", gateway: "192.168.1.1", dns: "8.8.4.4" };
    return s;
  };

  it("readOverDfu reads ip_config and antenna_selection as Device OS lays them out, and records what was read", async () => {
    const d = photon(staticScenario(), { mode: "dfu" });
    const dev = await open(d);
    const ip = await dev.readOverDfu({ altSetting: 1, startAddr: DCT.ipConfig.offset, size: DCT.ipConfig.size });
    expect(ip.toString("hex")).toBe(`01ffffff14${"01a8c0"}00ffffff0101a8c0${"0404"}0808ffffffff`);
    const ant = await dev.readOverDfu({ altSetting: 1, startAddr: DCT.antennaSelection.offset, size: 1 });
    expect([...ant]).toEqual([1]); // external
    expect(d.dfu.dctReads).toEqual([{ start: 1634, length: 24 }, { start: 2976, length: 1 }]);
  });

  it("alt setting 0 reads the user part that is in flash; UPLOAD block 0 lists the DfuSe commands", async () => {
    const bin = userPart();
    const d = photon("healthy", { mode: "dfu", userPart: bin });
    const dev = await open(d);
    expect(await dev.readOverDfu({ altSetting: 0, startAddr: 0x080a0000, size: bin.length })).toEqual(bin);
    expect([...(await transfer(d, 0xa1, 2, 0, 0, 16))!]).toEqual([0x00, 0x21, 0x41]);
  });

  it("reads past the DCT's 16 KiB come back as zeros (MAL_Read), and are not recorded as DCT reads", async () => {
    const d = photon("healthy", { mode: "dfu" });
    const dev = await open(d);
    expect(await dev.readOverDfu({ altSetting: 1, startAddr: 0x4000, size: 16 })).toEqual(Buffer.alloc(16));
    expect(d.dfu.dctReads).toEqual([]);
  });
});

describe("when application requests are served (issue 15)", () => {
  const ms = (n: number) => new Promise((r) => setTimeout(r, n));
  const ours = (scenario: string, timeScale: number) => photon(scenario, { app: { kind: "netreset", program: program() }, timeScale }, packageRoot().bins);
  /** Waits until the enumeration `from` is gone and the device is on the bus again. */
  async function back(d: SimulatedUsbPhoton, from: number): Promise<void> {
    for (let i = 0; i < 400 && d.enumeration === from; i++) await ms(2);
    for (let i = 0; i < 400 && !d.attached; i++) await ms(2);
    expect(d.attached).toBe(true);
  }
  const report = (dev: Dev) => dev.sendControlRequest(10, Buffer.from("report"));
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: Error) => e);

  it("a report request sent while setup() runs waits until setup() returns, then gets this boot's report", async () => {
    const d = ours("healthy", 0.05); // the verifying boot: ~4.3 s of program time, ~210 ms here
    const from = d.enumeration;
    await (await open(d)).reset();
    await back(d, from);
    expect(d.runningSetup).toBe(true);
    const sent = Date.now();
    const r = await report(await open(d));
    expect(d.runningSetup).toBe(false);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(100);
    expect(r.result).toBe(0);
    expect(JSON.parse(r.data!.toString())).toMatchObject({ action: "done" });
  });

  it("a request sent during a boot that resets is lost when USB re-enumerates; asked again, the next boot answers", async () => {
    const d = ours("healthy", 0.05);
    d.photon!.wifi.antenna = "external"; // changed again by the owner's app: the next boot resets
    const from = d.enumeration;
    await (await open(d)).reset();
    await back(d, from);
    expect(d.runningSetup).toBe(true);
    const during = d.enumeration;
    const lost = await failure(report(await open(d)));
    expect(isGoneError(lost)).toBe(true); // CHECK said "pending" until the device went
    expect(d.enumeration).toBeGreaterThan(during);
    await back(d, during);
    const r = await report(await open(d));
    expect(r.result).toBe(0);
    expect(JSON.parse(r.data!.toString())).toMatchObject({ action: "done", after: { antenna: "internal" } });
  });

  it("rerun: the reset comes 1 s (scaled) after the computer collected the reply, not at once", async () => {
    const d = ours("healthy", 0.1); // 1 s: 100 ms
    const from = d.enumeration;
    const r = await (await open(d)).sendControlRequest(10, Buffer.from("rerun"));
    expect(r.result).toBe(0);
    await ms(40);
    expect({ attached: d.attached, enumeration: d.enumeration }).toEqual({ attached: true, enumeration: from });
    for (let i = 0; i < 200 && d.enumeration === from; i++) await ms(5);
    expect(d.enumeration).toBeGreaterThan(from);
  });

  it("rerun: no reset while the reply waits to be collected; the CHECK that collects it starts the 1 s", async () => {
    const d = ours("healthy", 0.1);
    const from = d.enumeration;
    const init = (await transfer(d, 0xc0, 1, 5, 10, 64))!; // INIT: 5 bytes of request type 10
    const id = init.readUInt16LE(6);
    await transfer(d, 0x40, 3, 0, id, Buffer.from("rerun")); // SEND
    await ms(300);
    expect(d.enumeration).toBe(from);
    const check = (await transfer(d, 0xc0, 2, 0, id, 64))!; // CHECK: status OK, size 0, result 0
    expect(check.readUInt16LE(4)).toBe(0);
    await ms(40);
    expect(d.enumeration).toBe(from);
    for (let i = 0; i < 200 && d.enumeration === from; i++) await ms(5);
    expect(d.enumeration).toBeGreaterThan(from);
  });

  it("after the rerun's reset the previous boot's report is never served: lost during the resetting boot, then the new one", async () => {
    const d = ours("forum-static-ip-external-antenna", 0.05);
    const old = await report(await open(d));
    expect(JSON.parse(old.data!.toString())).toMatchObject({ action: "done", before: { antenna: "external" } });
    const from = d.enumeration;
    expect((await (await open(d)).sendControlRequest(10, Buffer.from("rerun"))).result).toBe(0);
    await back(d, from);
    const answers: string[] = [];
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 400 && !d.attached; j++) await ms(2);
      const r = await report(await open(d)).catch((e: Error) => (isGoneError(e) ? null : Promise.reject(e)));
      if (!r) { answers.push("lost"); continue; }
      answers.push(r.result === 0 ? `before ${JSON.parse(r.data!.toString()).before.antenna}` : `error ${r.result}`);
      if (r.result === 0) break;
    }
    // The rerun's boot resets (lost); the boot after it verifies and reports what the rerun found.
    expect(answers).toEqual(["lost", "before internal"]);
  });
});
