// The simulated Photon's server key and cloud handshake (host-shim/dct-server-key.ts,
// host-shim/device-os/cloud-handshake.ts), and the DFU step functions
// (model/server-key-dfu.ts) driven through particle-usb's own code.
import { describe, expect, it } from "vitest";
import { cloudHandshake } from "../host-shim/device-os/cloud-handshake.ts";
import { DctServerKey, standInWrongKey } from "../host-shim/dct-server-key.ts";
import { loadScenario, parseScenario, type Scenario } from "../host-shim/scenario.ts";
import { dctReadsOutside } from "../host-shim/usb/dct-image.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import type { DfuKeyDevice } from "../model/server-key-dfu.ts";
import { checkServerKey, writeServerKey } from "../model/server-key-dfu.ts";
import { encodeServerAddress, judgeServerKey, particleServerKeySegment, SERVER_KEY_SEGMENT } from "../model/server-key.ts";
import { run } from "./helpers.ts";
import { photon } from "./cli-harness.ts";
import { openWithParticleUsb, reopenedWithParticleUsb } from "./particle-usb-open.ts";

type Dev = DfuKeyDevice & {
  close(): Promise<void>; isInDfuMode: boolean; reset(): Promise<void>; enterDfuMode(o?: object): Promise<void>;
  getCloudConnectionStatus(): Promise<string>;
};
const open = (d: SimulatedUsbPhoton) => openWithParticleUsb<Dev>(d);
const reopened = (d: SimulatedUsbPhoton) => reopenedWithParticleUsb<Dev>(d);

/** An owner's app (AUTOMATIC: Device OS connects on its own) with a network that reaches the cloud. */
function connecting(over: Record<string, unknown> = {}, environment: Record<string, unknown> = {}): Scenario {
  return parseScenario({
    device: { credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }], app: { name: "greenhouse-monitor" }, ...over },
    environment: { accessPoints: [{ ssid: "home", security: "wpa2", password: "correct horse" }], ...environment },
  }, "server-key");
}

const segmentOf = (state: "right" | "wrong" | "blank") => new DctServerKey(state).segment();

describe("the scenario's server key (device.serverKey) and the cloud's side (environment.cloudKnowsDeviceKey)", () => {
  it("defaults to Particle's key and a cloud that knows the device: old scenario files load as before", () => {
    const s = loadScenario("healthy");
    expect(s.device.serverKey).toBe("right");
    expect(s.environment.cloudKnowsDeviceKey).toBe(true);
  });

  it("refuses a value it does not know, naming the field", () => {
    expect(() => parseScenario({ device: { serverKey: "mine" }, environment: {} }, "x")).toThrow(/device\.serverKey: expected one of right, wrong, blank/);
    expect(() => parseScenario({ environment: { cloudKnowsDeviceKey: "no" } }, "x")).toThrow(/environment\.cloudKnowsDeviceKey: expected true or false/);
  });

  it("right, wrong and blank segments are judged so by the model; the wrong one is an obvious stand-in", () => {
    expect(judgeServerKey(segmentOf("right")).verdict).toBe("right");
    expect(judgeServerKey(segmentOf("wrong")).verdict).toBe("wrong");
    expect(judgeServerKey(segmentOf("blank")).verdict).toBe("blank");
    expect(new TextDecoder().decode(standInWrongKey().subarray(33, 62))).toBe("NOT THE PARTICLE CLOUD'S KEY:");
  });

  it("a DFU write changes only the bytes it covers inside server_public_key", () => {
    const key = new DctServerKey("blank");
    key.write(2000, new Uint8Array(100)); // 82 of these bytes fall in the field (2082...)
    expect([...key.field.subarray(0, 18)]).toEqual(new Array(18).fill(0));
    expect(key.field[18]).toBe(0xff);
    key.write(2082 + 768, new Uint8Array(4)); // past the field: nothing
    expect(key.field.every((b, i) => i < 18 || b === 0xff)).toBe(true);
  });
});

describe("the cloud handshake, by Device OS version", () => {
  const hs = (state: "right" | "wrong" | "blank", systemModuleVersion: number, cloudKnowsDeviceKey = true) =>
    cloudHandshake({ serverKeySegment: segmentOf(state), cloudKnowsDeviceKey, systemModuleVersion });

  it("Particle's key and a known device: connected", () => {
    expect(hs("right", 2302)).toEqual({ ok: true, keyErrors: 0 });
  });

  it("a wrong server key: the cloud cannot read the nonce and closes; a red flash (IO_ERROR_LIGHTSSL_HANDSHAKE_RECV_KEY) on every version", () => {
    for (const v of [110, 1512, 2302]) expect(hs("wrong", v)).toMatchObject({ ok: false, key: "server", error: "IO_ERROR_LIGHTSSL_HANDSHAKE_RECV_KEY", flash: "red" });
  });

  it("a blank one: from 0.7.0 (module 200) the built-in copy connects, reporting key errors 1|4; before it, it fails like a wrong key", () => {
    expect(hs("blank", 2302)).toEqual({ ok: true, keyErrors: 5 });
    expect(hs("blank", 200)).toEqual({ ok: true, keyErrors: 5 });
    expect(hs("blank", 110)).toMatchObject({ ok: false, key: "server", flash: "red" });
  });

  it("a device key the cloud does not know: DECRYPTION_ERROR, an orange flash before 2.0.0, red from 2.0.0 (module 2000)", () => {
    expect(hs("right", 1512, false)).toMatchObject({ ok: false, key: "device", error: "DECRYPTION_ERROR", flash: "orange" });
    expect(hs("right", 2000, false)).toMatchObject({ ok: false, key: "device", flash: "red" });
    expect(hs("wrong", 2302, false)).toMatchObject({ key: "server" }); // the server key fails first
  });

  it("a server address that is not Particle's: no server answers (chosen), the socket fails: orange", () => {
    const segment = Uint8Array.from(segmentOf("right"));
    segment.set(encodeServerAddress("cloud.example.org"), 384);
    expect(cloudHandshake({ serverKeySegment: segment, cloudKnowsDeviceKey: true, systemModuleVersion: 2302 }))
      .toMatchObject({ ok: false, key: "address", flash: "orange" });
  });
});

describe("npm run sim with a key the cloud refuses", () => {
  it("a wrong server key: Wi-Fi joined, blinking cyan, never the cloud", () => {
    const r = run("healthy", (s) => { s.device.serverKey = "wrong"; });
    expect(r.final).toMatchObject({ led: "blinking-cyan", cloud: false });
    expect(r.outcome).toMatchObject({ wifi: true, cloud: false, handshakeFailure: { key: "server", flash: "red" } });
  });

  it("a device key the cloud does not know: the same LED, told apart in the outcome", () => {
    const r = run("healthy", (s) => { s.environment.cloudKnowsDeviceKey = false; });
    expect(r.final).toMatchObject({ led: "blinking-cyan", cloud: false });
    expect(r.outcome?.handshakeFailure).toMatchObject({ key: "device" });
  });

  it("the advice for blinking cyan names the Photon's cloud port: TCP 5683 (HAL_PLATFORM_CLOUD_TCP, SPARK_SERVER_PORT), not UDP 5684", () => {
    const r = run("healthy", (s) => { s.environment.cloudReachable = false; });
    expect(r.final.led).toBe("blinking-cyan");
    expect(r.advice.nextStep).toContain("TCP port 5683");
    expect(r.advice.nextStep).not.toContain("5684");
  });

  it("the built-in scenarios wrong-server-key and unknown-device-key: reset done, Wi-Fi joined, blinking cyan, told apart", () => {
    const wrong = run("wrong-server-key");
    expect(wrong.report?.action).toBe("done");
    expect(wrong.outcome).toMatchObject({ wifi: true, cloud: false, led: "blinking-cyan", handshakeFailure: { key: "server", flash: "red" } });
    expect(wrong.advice.summary).toContain("the stored server key is not the Particle cloud's");
    const unknown = run("unknown-device-key");
    expect(unknown.outcome).toMatchObject({ wifi: true, cloud: false, led: "blinking-cyan", handshakeFailure: { key: "device", flash: "red" } });
  });

  it("a blank server key on 2.3.1 still reaches the cloud (the built-in copy)", () => {
    const r = run("healthy", (s) => { s.device.serverKey = "blank"; });
    expect(r.final).toMatchObject({ led: "breathing-cyan", cloud: true });
  });

  it("a blank server key on 0.6.4 (no built-in copy) never reaches the cloud; on 0.7.0 it does", () => {
    const old = run("healthy", (s) => { s.device.serverKey = "blank"; s.device.deviceOs = "0.6.4"; });
    expect(old.outcome).toMatchObject({ wifi: true, cloud: false, handshakeFailure: { key: "server" } });
    const newer = run("healthy", (s) => { s.device.serverKey = "blank"; s.device.deviceOs = "0.7.0"; });
    expect(newer.outcome?.handshakeFailure).toBeUndefined();
  });
});

describe("over USB: read, write and read back the segment in DFU mode (particle-usb)", () => {
  it("a wrong key: cloud status connecting, blinking cyan; written as `particle keys server` writes it, read back right, and it connects", async () => {
    const d = photon(connecting({ serverKey: "wrong" }), { rebootMs: 20 });
    let dev = await open(d);
    await dev.reset(); // the owner's app starts and Device OS connects
    dev = await reopened(d);
    expect(await dev.getCloudConnectionStatus()).toBe("CONNECTING");
    expect(d.led).toBe("blinking-cyan");
    await dev.enterDfuMode({ noReconnectWait: true });
    dev = await reopened(d);
    expect(dev.isInDfuMode).toBe(true);
    expect((await checkServerKey(dev)).verdict).toBe("wrong");
    const fixed = await writeServerKey(dev);
    expect(fixed).toMatchObject({ written: 512, after: { verdict: "right", problems: [] } });
    expect(dctReadsOutside(d.dfu.dctReads, [{ offset: SERVER_KEY_SEGMENT.offset, size: SERVER_KEY_SEGMENT.size }])).toEqual([]);
    expect(d.dfu.dctReads.length).toBeGreaterThan(0);
    expect(d.mode).toBe("dfu"); // leave: false, as particle-cli
    await dev.reset(); // leaves DFU mode
    dev = await reopened(d);
    expect(Buffer.from(d.os.world.cloud!.serverKey.segment())).toEqual(Buffer.from(particleServerKeySegment()));
    expect(await dev.getCloudConnectionStatus()).toBe("CONNECTED");
    expect(d.led).toBe("breathing-cyan");
    await dev.close();
  });

  it("an unreachable cloud with Wi-Fi joined also reads connecting (Device OS keeps trying the socket), and no handshake failure is claimed", async () => {
    const d = photon(connecting({}, { cloudReachable: false }), { rebootMs: 20 });
    let dev = await open(d);
    await dev.reset();
    dev = await reopened(d);
    expect(await dev.getCloudConnectionStatus()).toBe("CONNECTING");
    expect(d.os.outcome).toMatchObject({ wifi: true, cloud: false });
    expect(d.os.outcome?.handshakeFailure).toBeUndefined();
    await dev.close();
  });

  it("the written key survives leaving DFU mode and a later visit reads it back right", async () => {
    const d = photon(connecting({ serverKey: "blank", usbMode: "dfu" }), { rebootMs: 20 });
    let dev = await open(d);
    expect((await checkServerKey(dev)).verdict).toBe("blank");
    await writeServerKey(dev);
    await dev.reset();
    dev = await reopened(d);
    await dev.enterDfuMode({ noReconnectWait: true });
    dev = await reopened(d);
    expect((await checkServerKey(dev)).verdict).toBe("right");
    await dev.close();
  });

  it("a device key the cloud does not know: the server key reads right, writing it changes nothing, still connecting", async () => {
    const d = photon(connecting({}, { cloudKnowsDeviceKey: false }), { rebootMs: 20 });
    let dev = await open(d);
    await dev.reset();
    dev = await reopened(d);
    expect(await dev.getCloudConnectionStatus()).toBe("CONNECTING");
    await dev.enterDfuMode({ noReconnectWait: true });
    dev = await reopened(d);
    expect((await checkServerKey(dev)).verdict).toBe("right");
    await writeServerKey(dev);
    await dev.reset();
    dev = await reopened(d);
    expect(await dev.getCloudConnectionStatus()).toBe("CONNECTING");
    expect(d.os.outcome?.handshakeFailure?.key).toBe("device");
    await dev.close();
  });
});
