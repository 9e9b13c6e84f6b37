// 0.8.0-rc.2 to rc.14 and 1.0.x have no device-mode (72) or cloud-status (300)
// request (system_control_internal.cpp at those tags): the simulated Photon
// refuses them as the system's default does, and the workflow tells listening
// mode and the cloud another way (recovery/device-state.ts).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { systemModuleVersionOf } from "../model/device-os-versions.ts";
import { answersSystemRequest } from "../model/system-requests-by-release.ts";
import { cloudStatusOf, consoleAnswers } from "../recovery/device-state.ts";
import { modeOf } from "../recovery/find-devices.ts";
import type { ParticleDevice } from "../model/device.ts";
import { SimulatedUsbBus } from "../host-shim/usb/simulated-bus.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";

const usb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<ParticleDevice & { close(): Promise<void> }> };
const HOME = { ssid: "home", security: "wpa2", password: "correct horse" };

/** A Photon on this release: on the cloud, or with nothing stored and in listening mode. */
function onRelease(deviceOs: string, state: "cloud" | "listening") {
  return photon(parseScenario({
    device: { deviceOs, credentials: state === "cloud" ? [HOME] : [] },
    environment: { accessPoints: [HOME] },
  }, `${state} on ${deviceOs}`), { app: { kind: "other", name: "Tinker" } });
}

async function connected(deviceOs: string, state: "cloud" | "listening") {
  const d = onRelease(deviceOs, state);
  d.os.start();
  if (state === "cloud") d.os.connect();
  else d.os.startListening();
  return { d, dev: await usb.openNativeUsbDevice(d.native()) };
}

describe("device mode (72) and cloud status (300) by release", () => {
  it.each(["0.8.0-rc.2", "0.8.0-rc.14", "1.0.0", "1.0.1"])("%s refuses both with NOT_SUPPORTED (-120), as processRequest's default does", async (v) => {
    expect(answersSystemRequest(systemModuleVersionOf(v)!, 72)).toBe(false);
    const { dev } = await connected(v, "cloud");
    for (const type of [72, 300]) expect((await dev.sendControlRequest(type, null)).result, `request ${type} on ${v}`).toBe(-120);
    await dev.close();
  });

  it.each(["0.8.0-rc.26", "1.1.0", "2.3.1"])("%s answers both", async (v) => {
    const { dev } = await connected(v, "cloud");
    for (const type of [72, 300]) expect((await dev.sendControlRequest(type, null)).result, `request ${type} on ${v}`).toBe(0);
    await dev.close();
  });
});

describe("the workflow on a release without them", () => {
  const probeOf = (d: ReturnType<typeof onRelease>) => ({ serial: new SimulatedUsbBus([d]), waitMs: 200 });

  it("1.0.1 on the cloud: cloud status from diagnostic info, and not listening (the serial console is silent)", async () => {
    const { d, dev } = await connected("1.0.1", "cloud");
    expect(await cloudStatusOf(dev)).toBe("CONNECTED");
    expect(await modeOf(dev, probeOf(d))).toBe("normal");
    await dev.close();
  });

  it("1.0.1 in listening mode: the serial console answers 'i', so listening; the cloud disconnected", async () => {
    const { d, dev } = await connected("1.0.1", "listening");
    expect(await consoleAnswers(probeOf(d), d.id)).toBe(true);
    expect(await modeOf(dev, probeOf(d))).toBe("listening");
    expect(await cloudStatusOf(dev)).toBe("DISCONNECTED");
    await dev.close();
  });

  it("the probe never asks the owner for a port: where the backend can open without asking, only that is used", async () => {
    const { d, dev } = await connected("1.0.1", "listening");
    const bus = new SimulatedUsbBus([d]);
    let asked = 0;
    const browserLike = { open: (id: string) => { asked++; return bus.open(id); }, openWithoutAsking: () => Promise.reject(new Error("no port allowed yet")) };
    expect(await modeOf(dev, { serial: browserLike, waitMs: 200 })).toBe("normal");
    expect(asked).toBe(0);
    expect(await modeOf(dev, { serial: { ...browserLike, openWithoutAsking: (id: string) => bus.open(id) }, waitMs: 200 })).toBe("listening");
    await dev.close();
  });

  it("doctor on 1.0.1 reports the cloud connected, not unknown", async () => {
    const d = onRelease("1.0.1", "cloud");
    d.os.start();
    d.os.connect();
    const { root } = packageRoot();
    const r = await runCli(["doctor", "--json", "--no-dfu"], [d], root);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).devices[0], r.out).toMatchObject({ mode: "normal", cloud: "CONNECTED" });
  });

  it.each(["0.8.0-rc.2", "0.8.0-rc.14"])("flash on %s: its own system resets, the Wi-Fi step sees listening mode over the console and the cloud in diagnostics", async (deviceOs) => {
    const forum = JSON.parse(readFileSync(join(SCENARIO_DIR, "forum-static-ip-external-antenna.json"), "utf8"));
    const d = photon(parseScenario({ ...forum, device: { ...forum.device, deviceOs, app: { name: "greenhouse-monitor" } } }, `forum on ${deviceOs}`));
    const { root } = packageRoot();
    const r = await runCli(["flash", "--json", "--ssid", "home", "--security", "wpa2"], [d], root, { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" } });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).devices[0]).toMatchObject({ deviceOs, route: "system-requests", result: "recovered", cloud: true });
    expect(d.cloudConnected).toBe(true);
  });
});
