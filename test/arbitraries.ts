// fast-check generators for Photon states and radio worlds.
import fc from "fast-check";
import { EEPROM_LENGTH } from "../host-shim/eeprom.ts";
import type { Scenario } from "../host-shim/scenario.ts";
import { RETAINED_SLOTS } from "../host-shim/simulated-photon.ts";
import type { Credential } from "../host-shim/wifi-settings.ts";
import { program } from "./helpers.ts";

const ssid = fc.constantFrom("home", "office", "cafe", "lab", "phone", "mesh", "garage");
const password = fc.string({ minLength: 8, maxLength: 20 });
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(fc.constantFrom(10, 172, 192), octet, octet, octet).map((p) => p.join("."));

const credential: fc.Arbitrary<Credential> = fc.oneof(
  fc.record({ ssid, security: fc.constantFrom("wpa2" as const, "wpa" as const), password }),
  fc.record({ ssid, security: fc.constant("open" as const) }),
);

/** The forum program's magic 0x000c0ffe as EEPROM.put stores it: little-endian. */
export const FORUM_MAGIC_BYTES = [0xfe, 0x0f, 0x0c, 0x00] as const;
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];

/**
 * EEPROM contents: erased, the forum program's marker alone (its devices), the
 * marker with another build's id or with this build's (a device that ran this
 * build already), or noise.
 */
const eeprom = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.constant(Uint8Array.from(FORUM_MAGIC_BYTES)),
  fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constant(program().buildId))
    .map((id) => Uint8Array.from([...FORUM_MAGIC_BYTES, ...u32le(id)])),
  fc.uint8Array({ minLength: 0, maxLength: 64 }),
).map((b) => b.slice(0, EEPROM_LENGTH));

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  device: fc.record({
    platform: fc.constantFrom("photon" as const, "p1" as const),
    antenna: fc.constantFrom("internal" as const, "external" as const, "auto" as const),
    externalAntennaFitted: fc.boolean(),
    ipSource: fc.constantFrom("dynamic" as const, "static" as const),
    staticIp: fc.option(fc.record({ host: ipv4, netmask: fc.constant("255.255.255.0"), gateway: ipv4, dns: ipv4 }), { nil: null }),
    credentials: fc.uniqueArray(credential, { maxLength: 5, selector: (c) => c.ssid }),
    eeprom,
    retained: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: RETAINED_SLOTS }),
    radioDamaged: fc.boolean(),
    eepromWritable: fc.constant(true),
    resetInfo: fc.boolean(),
  }),
  environment: fc.record({
    accessPoints: fc.array(fc.record({
      ssid, band: fc.constantFrom("2.4" as const, "5" as const), security: fc.constantFrom("wpa2" as const, "open" as const),
      password: fc.option(password, { nil: undefined }), rssi: fc.integer({ min: -90, max: -30 }),
      dhcp: fc.boolean(), internet: fc.boolean(), subnet: fc.constantFrom("192.168.1.0/24", "10.0.0.0/8"),
    }), { maxLength: 6 }),
    cloudReachable: fc.boolean(),
  }),
  afterReset: fc.constant(null),
  powerCutAfterCall: fc.constant(null),
}).map((s) => ({ ...s, name: "generated", description: "" }));
