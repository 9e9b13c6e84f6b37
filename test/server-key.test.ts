// The server key segment (model/server-key.ts) against particle-cli 3.43.1's
// own files (assets/keys/rsa.pub.der, src/lib/keys-specs.js) and Device OS
// v2.3.1's parseServerAddressData / Spark_Protocol_Init rules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DCT } from "../model/dct.ts";
import { cloudFailureCause } from "../model/cloud-failure.ts";
import {
  BUILT_IN_SERVER_KEY_FROM, decodeServerAddress, encodeServerAddress, explainServerKey, judgeServerKey,
  PARTICLE_SERVER_KEY, particleServerKeySegment, SERVER_KEY_SEGMENT,
} from "../model/server-key.ts";

const require = createRequire(import.meta.url);
const cliRoot = dirname(require.resolve("particle-cli/package.json"));
const cliSegment = readFileSync(join(cliRoot, "assets/keys/rsa.pub.der"));
const { keysDctOffsets } = require(join(cliRoot, "src/lib/keys-specs.js")) as { keysDctOffsets: { laterGenerations: Record<string, Record<string, unknown>> } };

const segmentWith = (edit: (s: Uint8Array) => void) => { const s = particleServerKeySegment(); edit(s); return s; };

describe("the server key segment's layout", () => {
  it("is where particle-cli reads and writes it on a Photon (keys-specs.js tcpServerKey) and inside dct.h's server_public_key", () => {
    expect(keysDctOffsets.laterGenerations.tcpServerKey).toMatchObject({
      address: SERVER_KEY_SEGMENT.offset, size: SERVER_KEY_SEGMENT.size, alt: 1,
      addressOffset: SERVER_KEY_SEGMENT.addressOffset, portOffset: SERVER_KEY_SEGMENT.addressOffset + SERVER_KEY_SEGMENT.portInAddress,
    });
    expect(SERVER_KEY_SEGMENT.offset).toBe(2082);
    expect(SERVER_KEY_SEGMENT.size).toBeLessThanOrEqual(DCT.serverPublicKey.size);
  });

  it("never overlaps the device's private key, its public key or the claim code", () => {
    const start = SERVER_KEY_SEGMENT.offset, end = start + SERVER_KEY_SEGMENT.size;
    // dct.h offsets: device_private_key 34 (1216), device_public_key 1250 (384), claim_code 1762 (63)
    for (const [offset, size] of [[34, 1216], [1250, 384], [1762, 63]]) expect(offset + size <= start || offset >= end).toBe(true);
  });

  it("Particle's key is particle-cli's rsa.pub.der, and the segment we write is that file byte for byte", () => {
    expect(cliSegment.length).toBe(512);
    expect(Buffer.from(PARTICLE_SERVER_KEY)).toEqual(cliSegment.subarray(0, 294));
    expect(Buffer.from(particleServerKeySegment())).toEqual(cliSegment);
  });
});

describe("the server address (parseServerAddressData)", () => {
  it("reads a domain name, an IPv4 address (big-endian) and the port at +66", () => {
    expect(decodeServerAddress(encodeServerAddress("device.spark.io"))).toEqual({ kind: "domain", host: "device.spark.io", port: 5683 });
    const ip = new Uint8Array(128).fill(0xff);
    ip.set([0, 4, 10, 0, 0, 9], 0);
    ip.set([0x16, 0x34], 66); // 5684
    expect(decodeServerAddress(ip)).toEqual({ kind: "ip", host: "10.0.0.9", port: 5684 });
  });

  it("an erased or unknown type is invalid: Device OS connects to device.spark.io on the default port", () => {
    expect(decodeServerAddress(new Uint8Array(128).fill(0xff))).toEqual({ kind: "invalid", host: "device.spark.io", port: 5683 });
    const tooLong = encodeServerAddress("x.io");
    tooLong[1] = 127; // longer than DCT_SERVER_ADDRESS_SIZE - 2
    expect(decodeServerAddress(tooLong).kind).toBe("invalid");
  });

  it("pads an odd-length name with a zero byte, as particle-cli does", () => {
    expect([...encodeServerAddress("device.spark.io").subarray(0, 19)]).toEqual([1, 15, ...Buffer.from("device.spark.io"), 0, 0xff]);
  });
});

describe("judging what a device holds", () => {
  it("right: Particle's key and address", () => {
    expect(judgeServerKey(particleServerKeySegment())).toEqual({ verdict: "right", problems: [], address: { kind: "domain", host: "device.spark.io", port: 5683 } });
  });

  it("blank: the key's first byte is 0xFF (Spark_Protocol_Init's test), whether or not the address is erased too", () => {
    expect(judgeServerKey(new Uint8Array(512).fill(0xff)).verdict).toBe("blank");
    expect(judgeServerKey(segmentWith((s) => s.fill(0xff, 0, 294))).verdict).toBe("blank");
  });

  it("wrong: another RSA key, a corrupted key, or an address or port that is not Particle's", () => {
    const other = judgeServerKey(segmentWith((s) => { s[100] ^= 1; }));
    expect(other.verdict).toBe("wrong");
    expect(other.problems).toEqual(["the stored server key is another RSA key, not the Particle cloud's (a private cloud's, or one written by mistake)"]);
    expect(judgeServerKey(segmentWith((s) => { s[0] = 0; })).problems[0]).toMatch(/not an RSA public key/);
    const elsewhere = judgeServerKey(segmentWith((s) => s.set(encodeServerAddress("cloud.example.org"), 384)));
    expect(elsewhere.verdict).toBe("wrong");
    expect(elsewhere.problems).toEqual(["the server address is cloud.example.org, not the Particle cloud's device.spark.io"]);
    expect(judgeServerKey(segmentWith((s) => s.set([0x16, 0x34], 450))).problems).toEqual(["the server port is 5684, not the Particle cloud's 5683"]);
    // A blank key with a foreign address is not merely blank.
    expect(judgeServerKey(segmentWith((s) => { s.fill(0xff, 0, 294); s.set(encodeServerAddress("cloud.example.org"), 384); })).verdict).toBe("wrong");
  });

  it("an invalid address alone is right: Device OS falls back to device.spark.io", () => {
    expect(judgeServerKey(segmentWith((s) => s.fill(0xff, 384))).verdict).toBe("right");
  });

  it("refuses a segment of the wrong size rather than judging part of one", () => {
    expect(() => judgeServerKey(new Uint8Array(511))).toThrow(/512 bytes/);
  });

  it("explains blank by Device OS: a built-in copy from 0.7.0 (module 200), none before", () => {
    const blank = judgeServerKey(new Uint8Array(512).fill(0xff));
    expect(BUILT_IN_SERVER_KEY_FROM).toBe(200);
    expect(explainServerKey(blank, 2302)).toMatch(/built-in copy .* does not keep it off the cloud/);
    expect(explainServerKey(blank, 110)).toMatch(/before 0\.7\.0.*cannot finish the cloud handshake/);
    expect(explainServerKey(judgeServerKey(segmentWith((s) => { s[100] ^= 1; })))).toMatch(/cannot finish the Particle cloud's handshake.*`particle keys server`/);
  });
});

describe("properties (fast-check)", () => {
  it("any server name of 1 to 64 bytes reads back as written, on the default port", () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9.-]{1,64}$/), (host) => {
      expect(decodeServerAddress(encodeServerAddress(host))).toEqual({ kind: "domain", host, port: 5683 });
    }));
  });

  it("any 512 bytes get a verdict; right only with Particle's key, blank only with 0xFF first", () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 512, maxLength: 512 }), fc.boolean(), (bytes, particles) => {
      if (particles) bytes.set(particleServerKeySegment().subarray(0, 294), 0);
      const { verdict, problems } = judgeServerKey(bytes);
      expect(verdict === "right").toBe(problems.length === 0);
      if (verdict === "right") expect([...bytes.subarray(0, 294)]).toEqual([...PARTICLE_SERVER_KEY]);
      if (verdict === "blank") expect(bytes[0]).toBe(0xff);
      if (bytes[0] !== 0xff && !particles) expect(verdict).toBe("wrong");
    }));
  });
});

describe("telling a cloud failure apart on Wi-Fi (model/cloud-failure.ts)", () => {
  const ID = "e00fce68a1b2c3d4e5f60718";
  it("a wrong key, or a blank one before 0.7.0: the server key, fixable here", () => {
    const wrong = cloudFailureCause(judgeServerKey(segmentWith((s) => { s[100] ^= 1; })), 2302, ID);
    expect(wrong).toMatchObject({ cause: "server-key", fixableHere: true });
    expect(wrong.nextStep).toMatch(/particle keys server/);
    expect(cloudFailureCause(judgeServerKey(new Uint8Array(512).fill(0xff)), 110, ID).cause).toBe("server-key");
  });

  it("Particle's key (or a blank one Device OS replaces): the device key, never 'fixed' here; keys doctor with the id, and why it needs a login", () => {
    for (const [segment, version] of [[particleServerKeySegment(), 2302], [new Uint8Array(512).fill(0xff), 2302]] as const) {
      const f = cloudFailureCause(judgeServerKey(segment), version, ID);
      expect(f).toMatchObject({ cause: "device-key-or-network", fixableHere: false });
      expect(f.nextStep).toContain(`particle keys doctor ${ID}`);
      expect(f.nextStep).toMatch(/login/);
    }
  });
});
