// The cloud's server key on the command line: doctor reports it (right, wrong,
// blank) read over DFU with the IP and antenna settings, and never the private
// key; flash offers to write Particle's when it is wrong or blank (a question
// at a terminal, --fix-server-key in scripts), reads it back, and says so.
import { describe, expect, it } from "vitest";
import { DCT, DCT_READ_RANGES } from "../model/dct.ts";
import { judgeServerKey } from "../model/server-key.ts";
import { parseScenario } from "../host-shim/scenario.ts";
import { dctReadsOutside } from "../host-shim/usb/dct-image.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { FIX_QUESTION } from "../recovery/server-key.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";

type Json = { ok: boolean; error?: string; devices: Record<string, unknown>[] };
const json = (out: string) => JSON.parse(out) as Json;
const keyOf = (d: SimulatedUsbPhoton) => judgeServerKey(d.os.world.cloud!.serverKey.segment()).verdict;

/** wrong-server-key's Photon with a blank key instead. */
function blankKey() {
  return parseScenario({ device: { credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }], serverKey: "blank" },
    environment: { accessPoints: [{ ssid: "home", security: "wpa2", password: "correct horse" }] } }, "blank-server-key");
}

const privateKeyReads = (d: SimulatedUsbPhoton) => dctReadsOutside(d.dfu.dctReads, [{ offset: 0, size: DCT.devicePrivateKey.offset }, { offset: DCT.devicePrivateKey.offset + DCT.devicePrivateKey.size, size: DCT.size }]);

describe("doctor reports the server key", () => {
  it("wrong: --json gives serverKey with the verdict and why, reads only the three public ranges, never the private key", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const r = await runCli(["doctor", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    const key = json(r.out).devices[0].serverKey as Record<string, unknown>;
    expect(key).toMatchObject({ verdict: "wrong", address: { host: "device.spark.io", port: 5683 } });
    expect(String(key.summary)).toMatch(/another RSA key, not the Particle cloud's/);
    expect(dctReadsOutside(d.dfu.dctReads, DCT_READ_RANGES)).toEqual([]);
    expect(d.dfu.dctReads.some((x) => x.start === 2082 && x.length === 512)).toBe(true);
    expect(privateKeyReads(d)).toEqual([]);
    expect(keyOf(d)).toBe("wrong"); // doctor only reads
  });

  it("blank: said as blank, with what this Device OS does about it, and how to fix it", async () => {
    const { root, bins } = packageRoot();
    const d = photon(blankKey(), {}, bins);
    const r = await runCli(["doctor"], [d], root);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/cloud server key: blank: no server key is stored: this Device OS then uses its built-in copy/);
    expect(r.out).toMatch(/to fix it: npx photon-netreset flash --fix-server-key/);
  });

  it("right: said so, and no fix offered", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    const r = await runCli(["doctor"], [d], root);
    expect(r.out).toMatch(/cloud server key: right: the cloud's server key is Particle's, server device\.spark\.io:5683/);
    expect(r.out).not.toMatch(/--fix-server-key/);
  });
});

describe("flash writes Particle's server key when it is wrong or blank", () => {
  it("--fix-server-key in a script: written, read back right, and said so (terminal and --json)", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const r = await runCli(["flash", "--no-wifi", "--fix-server-key", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    expect(json(r.out).devices[0].serverKey).toMatchObject({ verdict: "wrong", write: { written: true, bytes: 512, after: "right" } });
    expect(r.err).toMatch(/Wrote Particle's server key \(512 bytes\) and read it back: right/);
    expect(keyOf(d)).toBe("right");
    expect(privateKeyReads(d)).toEqual([]);
  });

  it("a blank key, at a terminal: asked, written on yes, read back right", async () => {
    const { root, bins } = packageRoot();
    const d = photon(blankKey(), {}, bins);
    const r = await runCli(["flash", "--no-wifi"], [d], root, { interactive: true, answers: ["y"] });
    expect(r.code, r.err).toBe(0);
    expect(r.asked).toEqual([FIX_QUESTION]);
    expect(r.out).toMatch(/Cloud server key \(read from the device's storage\): blank/);
    expect(r.out).toMatch(/read it back: right/);
    expect(keyOf(d)).toBe("right");
  });

  it("declined at the question: nothing written, and said so", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const r = await runCli(["flash", "--no-wifi"], [d], root, { interactive: true, answers: ["n"] });
    expect(r.asked).toEqual([FIX_QUESTION]);
    expect(r.out).toMatch(/Server key not written: declined at the question/);
    expect(keyOf(d)).toBe("wrong");
  });

  it("a script without --fix-server-key: nothing written, and the flag named", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const r = await runCli(["flash", "--no-wifi", "--json"], [d], root);
    expect(json(r.out).devices[0].serverKey).toMatchObject({ verdict: "wrong", write: { written: false } });
    expect(String((json(r.out).devices[0].serverKey as { write: { why: string } }).write.why)).toMatch(/npx photon-netreset flash --fix-server-key writes it/);
    expect(keyOf(d)).toBe("wrong");
  });

  it("a right key: read, nothing asked or written", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    const r = await runCli(["flash", "--no-wifi", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    const key = json(r.out).devices[0].serverKey as Record<string, unknown>;
    expect(key.verdict).toBe("right");
    expect(key.write).toBeUndefined();
  });
});
