// fast-check generators for Photon states and radio worlds.
import fc from "fast-check";
import { EEPROM_LENGTH } from "../host-shim/eeprom.ts";
import type { Scenario } from "../host-shim/scenario.ts";
import { RETAINED_SLOTS } from "../host-shim/simulated-photon.ts";
import type { Credential } from "../host-shim/wifi-settings.ts";

const ssid = fc.constantFrom("home", "office", "cafe", "lab", "phone", "mesh", "garage");
const password = fc.string({ minLength: 8, maxLength: 20 });
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(fc.constantFrom(10, 172, 192), octet, octet, octet).map((p) => p.join("."));

const credential: fc.Arbitrary<Credential> = fc.oneof(
  fc.record({ ssid, security: fc.constantFrom("wpa2" as const, "wpa" as const), password }),
  fc.record({ ssid, security: fc.constant("open" as const) }),
);

/** EEPROM contents: erased, the forum magic, our marker with another build id, or noise. */
const eeprom = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.constant(Uint8Array.of(0xfe, 0x0c, 0x00, 0x00)),
  fc.integer({ min: 0, max: 0xffffffff }).map((id) => Uint8Array.of(0xfe, 0x0c, 0, 0, id & 0xff, (id >>> 8) & 0xff, (id >>> 16) & 0xff, id >>> 24)),
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
