// Particle's own particle-cli (pinned devDependency, unchanged) against
// simulated Photons: its particle-usb and serialport are pointed at the
// simulated bus by test/particle-cli/simulated-usb-preload.cjs; its cloud API
// is a local server answering 404, so nothing leaves the machine.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { expect, it } from "./web/concurrent.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { program } from "./helpers.ts";
import { packageRoot, photon } from "./cli-harness.ts";
import { CLI_VERSION, particle, type CliRun } from "./particle-cli/run-particle-cli.ts";
import { parseScenario } from "../host-shim/scenario.ts";
import { judgeServerKey, particleServerKeySegment } from "../model/server-key.ts";

const SLOW = 180_000;
const ours = (scenario = "healthy", over = {}) => {
  const { bins } = packageRoot();
  return { bins, d: photon(scenario, { app: { kind: "netreset", program: program() }, rebootMs: 50, ...over }, bins) };
};
const file = (name: string, bytes: string | Buffer) => {
  const path = join(mkdtempSync(join(tmpdir(), "interop-")), name);
  writeFileSync(path, bytes);
  return path;
};
/** Every cloud look-up went to the local stand-in only (it has no other address to go to). */
const onlyLocalApi = (r: CliRun) => r.apiRequests.every((q) => /^GET \/v1\/devices\/[0-9a-f]{24}$/.test(q));

/**
 * Our program's report over particle-usb: answered only while our program
 * runs, once setup() has returned. A request sent during a boot that resets
 * is lost when the device re-enumerates: ask again, as the CLI does.
 */
async function report(d: SimulatedUsbPhoton): Promise<{ result: number; data?: Buffer }> {
  const usb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<{ sendControlRequest(t: number, p: Buffer): Promise<{ result: number; data?: Buffer }>; close(): Promise<void> }> };
  for (let attempt = 1; ; attempt++) {
    for (let i = 0; i < 400 && !d.attached; i++) await new Promise((r) => setTimeout(r, 5));
    try {
      const dev = await usb.openNativeUsbDevice(d.native());
      const r = await dev.sendControlRequest(10, Buffer.from("report"));
      await dev.close();
      return r;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
}

// Each test has its own simulated Photons, files and particle-cli HOME: they run at once.
describe(`particle-cli ${CLI_VERSION} against simulated Photons`, { concurrent: true }, () => {
  it("is the pinned version", () => {
    expect(CLI_VERSION).toBe("3.43.1");
  });

  it("usb list, usb cloud-status, identify and serial inspect", async () => {
    const { d, bins } = ours();
    const inDfu = photon("healthy", { mode: "dfu", rebootMs: 50 }, bins);
    const list = await particle(["usb", "list"], [d, inDfu]);
    expect(list.code, list.err + list.out).toBe(0);
    expect(list.out).toContain(`[${d.id}] (Photon, LISTENING)`);
    expect(list.out).toContain(`[${inDfu.id}] (Photon, DFU)`);
    expect(onlyLocalApi(list)).toBe(true);

    const status = await particle(["usb", "cloud-status", d.id], [d]);
    expect(status.out).toMatch(/disconnected/);

    const id = await particle(["identify"], [d]);
    expect(id.code, id.err + id.out).toBe(0);
    expect(id.out).toContain(`Your device id is ${d.id}`);
    expect(id.out).toContain("Your system firmware version is 2.3.1");

    const inspect = await particle(["serial", "inspect"], [d]);
    expect(inspect.code, inspect.err + inspect.out).toBe(0);
    expect(inspect.out).toMatch(/Bootloader module #0 - version 1006/);
    expect(inspect.out).toMatch(/System part module #1 - version 2302[\s\S]*System part module #2 - version 207/);
    expect(inspect.out).toMatch(/User part module #1 - version 6\n {2}Size: 20\.068 kB/);
    expect(inspect.out).not.toMatch(/FAIL/);
  }, SLOW);

  it("usb start-listening, stop-listening, safe-mode, reset and dfu", async () => {
    const d = photon("healthy", { rebootMs: 50 });
    expect((await particle(["usb", "start-listening", d.id], [d])).code).toBe(0);
    expect(d.mode).toBe("listening");
    expect((await particle(["usb", "stop-listening", d.id], [d])).code).toBe(0);
    expect(d.mode).toBe("normal");
    const safe = await particle(["usb", "safe-mode", d.id], [d]);
    expect(safe.code, safe.err + safe.out).toBe(0);
    for (let i = 0; i < 100 && !d.safeMode; i++) await new Promise((r) => setTimeout(r, 5));
    expect(d.safeMode).toBe(true);
    const reset = await particle(["usb", "reset", d.id], [d]);
    expect(reset.code, reset.err + reset.out).toBe(0);
    for (let i = 0; i < 100 && d.safeMode; i++) await new Promise((r) => setTimeout(r, 5));
    expect(d.safeMode).toBe(false);
    const dfu = await particle(["usb", "dfu", d.id], [d]);
    expect(dfu.code, dfu.err + dfu.out).toBe(0);
    for (let i = 0; i < 100 && d.mode !== "dfu"; i++) await new Promise((r) => setTimeout(r, 5));
    expect(d.mode).toBe("dfu");
  }, SLOW);

  it("serial wifi --file enters the credentials through the listening console and the device connects", async () => {
    const { d } = ours("healthy");
    expect(d.mode).toBe("listening");
    const creds = file("wifi.json", JSON.stringify({ network: "home", security: "WPA2_AES", password: "correct horse battery" }));
    const r = await particle(["serial", "wifi", "--file", creds], [d]);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain("Done! Your device should now restart.");
    expect(r.out + r.err).not.toContain("correct horse battery");
    expect(d.photon!.wifi.credentials()).toMatchObject([{ ssid: "home", security: "wpa2", password: "correct horse battery" }]);
  }, SLOW);

  it("flash --usb puts our .bin on a Photon in DFU mode, and our program runs", async () => {
    const { bins } = packageRoot();
    const d = photon("forum-static-ip-external-antenna", { mode: "dfu", rebootMs: 50 }, bins);
    const r = await particle(["flash", "--usb", file("photon-netreset.bin", bins.photon)], [d]);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain("Flash success!");
    for (let i = 0; i < 100 && d.mode === "dfu"; i++) await new Promise((r) => setTimeout(r, 5)); // it leaves DFU mode and boots
    const rep = await report(d);
    expect(d.flashed).toEqual([bins.photon]);
    expect(rep.result).toBe(0);
    expect(JSON.parse(rep.data!.toString())).toMatchObject({ action: "done", before: { antenna: "external" }, after: { antenna: "internal" } });
  }, SLOW);

  it("a round trip into DFU mode and back leaves our program in place", async () => {
    const { d } = ours();
    expect((await particle(["usb", "dfu", d.id], [d])).code).toBe(0);
    for (let i = 0; i < 100 && d.mode !== "dfu"; i++) await new Promise((r) => setTimeout(r, 5));
    expect(d.mode).toBe("dfu");
    const back = await particle(["usb", "reset", d.id], [d]); // in DFU mode: leave DFU
    expect(back.code, back.err + back.out).toBe(0);
    for (let i = 0; i < 100 && d.mode === "dfu"; i++) await new Promise((r) => setTimeout(r, 5));
    expect(d.mode).not.toBe("dfu");
    expect(d.flashed).toEqual([]);
    expect((await report(d)).result).toBe(0);
  }, SLOW);

  it("keys address reads the server address from the DCT over alt setting 1, and nothing else", async () => {
    const { d } = ours();
    const r = await particle(["keys", "address"], [d]);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain("tcp://device.spark.io:5683");
    expect(d.dfu.dctReads).toEqual([{ start: 2082, length: 512 }]);
  }, SLOW);

  it("keys server writes Particle's server key segment into a wrong one over alt setting 1; the simulator keeps it and our verdict is right", async () => {
    const scenario = parseScenario({ device: { serverKey: "wrong" }, environment: {} }, "wrong-server-key");
    const d = photon(scenario, { rebootMs: 50 });
    expect(judgeServerKey(d.os.world.cloud!.serverKey.segment()).verdict).toBe("wrong");
    const r = await particle(["keys", "server"], [d]);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain("Okay!  New keys in place");
    expect(Buffer.from(d.os.world.cloud!.serverKey.segment())).toEqual(Buffer.from(particleServerKeySegment()));
    expect(judgeServerKey(d.os.world.cloud!.serverKey.segment()).verdict).toBe("right");
    expect(d.mode).toBe("dfu"); // it does not leave DFU mode ("your device will not restart")
  }, SLOW);
});
