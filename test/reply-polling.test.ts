// model/reply-polling.ts: a simulated Photon's handles ask for replies sooner
// than particle-usb's default, and nothing else about the request changes.
import { describe, expect, it } from "vitest";
import type { ParticleDevice } from "../model/device.ts";
import { QUICK_REPLY_POLLING, pollingRepliesWith } from "../model/reply-polling.ts";
import { SimulatedUsbBus } from "../host-shim/usb/simulated-bus.ts";
import { photon } from "./cli-harness.ts";

function recorder() {
  const calls: unknown[][] = [];
  const dev = { sendControlRequest: async (...args: unknown[]) => { calls.push(args); return { result: 0 }; } } as unknown as ParticleDevice;
  return { dev, calls };
}

describe("asking a simulated Photon for replies sooner", () => {
  it("starts at 1 ms, doubles, and never waits longer than particle-usb's own first 50 ms", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(QUICK_REPLY_POLLING)).toEqual([1, 2, 4, 8, 16, 32, 50, 50, 50]);
  });

  it("adds the policy to every request, keeping its type, data and timeout", async () => {
    const { dev, calls } = recorder();
    pollingRepliesWith(dev);
    await dev.sendControlRequest(20, "x", { timeout: 1234 });
    await dev.sendControlRequest(30);
    expect(calls).toEqual([[20, "x", { pollingPolicy: QUICK_REPLY_POLLING, timeout: 1234 }], [30, undefined, { pollingPolicy: QUICK_REPLY_POLLING }]]);
  });

  it("leaves a policy the caller names alone", async () => {
    const { dev, calls } = recorder();
    pollingRepliesWith(dev);
    await dev.sendControlRequest(20, null, { pollingPolicy: 500 });
    expect(calls[0][2]).toEqual({ pollingPolicy: 500 });
  });

  it("reaches particle-usb's own high-level requests on a simulated Photon, and they are answered the same", async () => {
    const d = photon("healthy", { app: { kind: "other", name: "Tinker" } });
    d.os.start();
    const [dev] = (await new SimulatedUsbBus([d]).openAll()).devices;
    // The bus has wrapped the handle; look under that wrapping at what particle-usb's getDeviceMode() sends.
    const seen: unknown[] = [];
    const wrapped = dev.sendControlRequest;
    const underneath = Object.getPrototypeOf(dev).sendControlRequest.bind(dev);
    dev.sendControlRequest = (type, data, opts) => { seen.push(opts?.pollingPolicy); return underneath(type, data, opts); };
    pollingRepliesWith(dev);
    expect(await dev.getDeviceMode()).toBe("NORMAL");
    expect(seen).toEqual([QUICK_REPLY_POLLING]);
    dev.sendControlRequest = wrapped;
    expect(await dev.getDeviceMode()).toBe("NORMAL");
    await dev.close();
  });
});
