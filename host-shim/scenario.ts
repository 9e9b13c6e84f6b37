// Scenario files: a Photon's state and the radio world around it (format in
// README.md, "Scenario files"). Built-in scenarios live in ./scenarios/.
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Eeprom, EEPROM_LENGTH } from "./eeprom.ts";
import { CHANNELS, isIpv4, type AccessPoint, type Environment, type Hardware } from "./environment.ts";
import { ANTENNA, IP_SOURCE, RESET_REASON, type AntennaName, type IpSourceName, type ResetReasonName } from "../model/host-api.ts";
import { RETAINED_SLOTS } from "./simulated-photon.ts";
import { CREDENTIAL_SLOTS, SECURITIES, WifiSettings, isEnterprise, type Credential, type StaticIpConfig } from "./wifi-settings.ts";
import { PLATFORM_IDS, type Platform } from "../model/user-part.ts";
import { BadFileError, readBoundedText, SCENARIO_MAX_BYTES } from "../model/bounded-file.ts";
import { BadJsonError, parseBoundedJson, SCENARIO_MAX_DEPTH, shortMessage } from "../model/bounded-json.ts";
import { DEFAULT_DEVICE_OS, deviceOsVersion } from "./system-version.ts";
import { InputError, array, bool, fail, integer, object, oneOf, optional, printableText, string, type Json } from "./validate.ts";
import { CREDENTIAL_LIMITS, hasControlCharacter, passwordProblem, ssidProblem, utf8Bytes } from "../model/wifi-credentials.ts";
import { CIPHERS, type Cipher } from "../model/setup-console.ts";
import { parseOwnerApp, type OwnerApp } from "./owner-app.ts";
import { SERVER_KEY_STATES, type ServerKeyState } from "./dct-server-key.ts";

/** An antenna by name, or any DCT byte 0-255 (0xFF: never set): a byte that is not a named value hears as internal. */
function antennaOf(v: unknown, path: string): AntennaName {
  if (typeof v !== "number") return oneOf(v, path, Object.keys(ANTENNA) as AntennaName[]);
  const byte = integer(v, path, 0, 255);
  return (Object.keys(ANTENNA) as AntennaName[]).find((name) => ANTENNA[name] === byte) ?? "internal";
}

/** A reset reason by name ("power-down") or by its RESET_REASON value (40). */
function resetReason(v: unknown, path: string): number {
  if (typeof v === "number" && (Object.values(RESET_REASON) as number[]).includes(v)) return v;
  if (typeof v === "string" && Object.hasOwn(RESET_REASON, v)) return RESET_REASON[v as ResetReasonName];
  return fail(path, `expected a reset reason (${Object.keys(RESET_REASON).join(", ")}) or its number, got ${JSON.stringify(v)}`);
}

export type PlatformName = Platform;
export const USB_START_MODES = ["normal", "dfu"] as const;
export type UsbStartMode = (typeof USB_START_MODES)[number];

export interface Scenario {
  name: string;
  description: string;
  device: {
    platform: PlatformName;
    antenna: AntennaName;
    externalAntennaFitted: boolean;
    ipSource: IpSourceName;
    staticIp: StaticIpConfig | null;
    credentials: Credential[];
    eeprom: Uint8Array;
    retained: number[];
    radioDamaged: boolean;
    eepromWritable: boolean;
    /** The DCT feature flag FEATURE_RESET_INFO: off means System.resetReason() returns 0 (none). */
    resetInfo: boolean;
    /** How a simulated USB Photon starts: running, or in DFU mode (blinking yellow). Optional for older callers. */
    usbMode?: UsbStartMode;
    /** The DCT antenna byte when the file gives one that is not a named value (0xFF: never set). */
    antennaByte?: number;
    /** EEPROM writes that succeed before the flash refuses every later one; absent: no limit. */
    eepromWritesBeforeRefusing?: number;
    /** The first boot's reset reason (RESET_REASON value); absent: update (70), as after a flash. */
    firstResetReason?: number;
    /** issue 21: the owner's application in the user slot (owner-app.ts); absent: an app we have no image of, as before. */
    app?: OwnerApp;
    /** issue 20 hook: the Device OS it runs ("2.3.1" unless the file says; host-shim/system-version.ts). */
    deviceOs?: string;
    /** The DCT's server key segment: Particle's, another key, or erased (dct-server-key.ts); absent: right. */
    serverKey?: ServerKeyState;
  };
  environment: Environment;
  afterReset: { credentials: (Credential & { cipher?: Cipher })[] } | null;
  powerCutAfterCall: number | null;
}

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), "scenarios");

/** Device OS's own checks on credentials (wlan_set_credentials_internal), in bytes (model/wifi-credentials.ts). */
function credential(v: unknown, path: string): Credential {
  const o = object(v, path, ["ssid", "security", "password"]);
  return credentialFields(o, path);
}

/** An SSID of 1 to 32 bytes. */
function ssidOf(o: Json, path: string): string {
  const ssid = string(o.ssid, `${path}.ssid`);
  const wrong = ssidProblem(ssid);
  if (!wrong) return ssid;
  const n = utf8Bytes(ssid);
  return fail(`${path}.ssid`, n >= 1 && n <= CREDENTIAL_LIMITS.ssidMax ? wrong : `expected 1 to ${CREDENTIAL_LIMITS.ssidMax} characters, got ${n} (counted as UTF-8 bytes)`);
}

function credentialFields(o: Json, path: string): Credential {
  const ssid = ssidOf(o, path);
  const security = oneOf(o.security ?? "wpa2", `${path}.security`, SECURITIES);
  const password = optional(o, "password", path, string, undefined);
  // Device OS's limits in bytes for every security type; an enterprise network may have no password (EAP-TLS).
  const wrong = isEnterprise(security) && password === undefined ? undefined : passwordProblem(security, password);
  if (wrong) {
    if (hasControlCharacter(password ?? "")) fail(`${path}.password`, `${security}: the password contains a control character, which Device OS's console cannot take (the value is not shown)`);
    const L = CREDENTIAL_LIMITS;
    const [what, min, max] = security === "wep" ? ["key", L.wepMin, L.wepMax] : isEnterprise(security) ? ["password", 1, L.enterpriseMax] : ["password", L.pskMin, L.pskMax];
    fail(`${path}.password`, `${security} needs a ${what} of ${min} to ${max} characters, got ${utf8Bytes(password ?? "")} (counted as UTF-8 bytes)`);
  }
  return { ssid, security, password };
}

/** What the owner types at the console: a credential, and the cipher answer when the console asks (AES unless given). */
function typedCredential(v: unknown, path: string): Credential & { cipher?: Cipher } {
  const o = object(v, path, ["ssid", "security", "password", "cipher"]);
  const c = credentialFields(o, path);
  return o.cipher === undefined ? c : { ...c, cipher: oneOf(o.cipher, `${path}.cipher`, CIPHERS) };
}

function ipv4(v: unknown, path: string): string {
  if (!isIpv4(v)) fail(path, `expected an IPv4 address like 192.168.1.20, got ${JSON.stringify(v)}`);
  return v as string;
}

function cidr(v: unknown, path: string): string {
  const s = string(v, path);
  const [address, bits, extra] = s.split("/");
  if (extra !== undefined || !isIpv4(address) || !/^\d+$/.test(bits ?? "") || Number(bits) > 32) {
    fail(path, `expected a subnet like 192.168.1.0/24, got ${JSON.stringify(s)}`);
  }
  return s;
}

function staticIp(v: unknown, path: string): StaticIpConfig {
  const o = object(v, path, ["host", "netmask", "gateway", "dns"]);
  return {
    host: ipv4(o.host, `${path}.host`), netmask: ipv4(o.netmask, `${path}.netmask`),
    gateway: ipv4(o.gateway, `${path}.gateway`), dns: ipv4(o.dns, `${path}.dns`),
  };
}

function hexBytes(v: unknown, path: string): Uint8Array {
  const s = string(v, path).replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) fail(path, "expected a hex string of whole bytes, like \"fe0f0c00\"");
  if (s.length / 2 > EEPROM_LENGTH) fail(path, `at most ${EEPROM_LENGTH} bytes, got ${s.length / 2}`);
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function accessPoint(v: unknown, path: string): AccessPoint {
  const o = object(v, path, ["ssid", "band", "security", "password", "rssi", "channel", "dhcp", "internet", "subnet", "visibility"]);
  const band = oneOf(o.band ?? "2.4", `${path}.band`, ["2.4", "5"] as const);
  return {
    ssid: ssidOf(o, path),
    band,
    security: oneOf(o.security ?? "wpa2", `${path}.security`, SECURITIES),
    password: optional(o, "password", path, string, undefined),
    rssi: optional(o, "rssi", path, (x, p) => integer(x, p, -127, 0), -55),
    // Absent: the simulator's default channel, as before the key existed.
    ...(o.channel === undefined ? {} : { channel: integer(o.channel, `${path}.channel`, CHANNELS[band].min, CHANNELS[band].max) }),
    dhcp: optional(o, "dhcp", path, bool, true),
    internet: optional(o, "internet", path, bool, true),
    subnet: optional(o, "subnet", path, cidr, "192.168.1.0/24"),
    visibility: optional(o, "visibility", path, (x, p) => oneOf(x, p, ["always", "hidden", "intermittent"] as const), "always"),
  };
}

function credentialList(o: Json, path: string): Credential[] {
  return optional(o, "credentials", path, (v, p) => array(v, p, credential, CREDENTIAL_SLOTS), []);
}

export function parseScenario(json: unknown, name: string): Scenario {
  const top = object(json, "scenario", ["description", "device", "environment", "afterReset", "powerCutAfterCall"]);
  const d = object(top.device ?? {}, "device", ["platform", "antenna", "externalAntennaFitted", "ipSource", "staticIp",
    "credentials", "eeprom", "retained", "radioDamaged", "eepromWritable", "resetInfo",
    "usbMode", "eepromWritesBeforeRefusing", "firstResetReason", "app", "deviceOs", "serverKey"]);
  const e = object(top.environment, "environment", ["accessPoints", "cloudReachable", "cloudKnowsDeviceKey"]);
  const credentials = credentialList(d, "device");
  const deviceOs = optional(d, "deviceOs", "device", deviceOsVersion, DEFAULT_DEVICE_OS);
  if (credentials.filter((c) => isEnterprise(c.security)).length > 1) {
    fail("device.credentials", "a Photon keeps only one enterprise network");
  }
  return {
    name,
    description: printableText(optional(top, "description", "scenario", string, "")),
    device: {
      platform: optional(d, "platform", "device", (v, p) => oneOf(v, p, Object.keys(PLATFORM_IDS) as PlatformName[]), "photon"),
      antenna: optional(d, "antenna", "device", antennaOf, "internal"),
      ...(typeof d.antenna === "number" && !(Object.values(ANTENNA) as number[]).includes(d.antenna) ? { antennaByte: d.antenna } : {}),
      externalAntennaFitted: optional(d, "externalAntennaFitted", "device", bool, false),
      ipSource: optional(d, "ipSource", "device", (v, p) => oneOf(v, p, Object.keys(IP_SOURCE) as IpSourceName[]), "dynamic"),
      staticIp: optional(d, "staticIp", "device", staticIp, null),
      credentials,
      eeprom: optional(d, "eeprom", "device", hexBytes, new Uint8Array()),
      retained: optional(d, "retained", "device", (v, p) => array(v, p, (x, q) => integer(x, q, 0, 0xffffffff), RETAINED_SLOTS), []),
      radioDamaged: optional(d, "radioDamaged", "device", bool, false),
      eepromWritable: optional(d, "eepromWritable", "device", bool, true),
      resetInfo: optional(d, "resetInfo", "device", bool, true),
      usbMode: optional(d, "usbMode", "device", (v, p) => oneOf(v, p, USB_START_MODES), "normal"),
      ...(d.eepromWritesBeforeRefusing === undefined ? {}
        : { eepromWritesBeforeRefusing: integer(d.eepromWritesBeforeRefusing, "device.eepromWritesBeforeRefusing", 0, 1_000_000) }),
      ...(d.firstResetReason === undefined ? {} : { firstResetReason: resetReason(d.firstResetReason, "device.firstResetReason") }),
      ...(d.app === undefined ? {} : { app: parseOwnerApp(d.app, "device.app", staticIp, deviceOs) }), // issue 21
      deviceOs,
      serverKey: optional(d, "serverKey", "device", (v, p) => oneOf(v, p, SERVER_KEY_STATES), "right"),
    },
    environment: {
      accessPoints: array(e.accessPoints ?? [], "environment.accessPoints", accessPoint),
      cloudReachable: optional(e, "cloudReachable", "environment", bool, true),
      cloudKnowsDeviceKey: optional(e, "cloudKnowsDeviceKey", "environment", bool, true),
    },
    afterReset: top.afterReset === undefined ? null
      : { credentials: optional(object(top.afterReset, "afterReset", ["credentials"]), "credentials", "afterReset",
        (v, p) => array(v, p, typedCredential, CREDENTIAL_SLOTS), []) },
    powerCutAfterCall: optional(top, "powerCutAfterCall", "scenario", (v, p) => integer(v, p, 1, 10_000), null),
  };
}

export function builtInScenarioNames(): string[] {
  return readdirSync(SCENARIO_DIR).filter((f) => f.endsWith(".json")).map((f) => basename(f, ".json")).sort();
}

/** A built-in name or a path to a .json file (read bounded: model/bounded-file.ts). */
export function loadScenario(nameOrPath: string): Scenario {
  const builtIn = join(SCENARIO_DIR, `${nameOrPath}.json`);
  const isFile = nameOrPath.endsWith(".json") || nameOrPath.includes("/");
  const path = isFile ? nameOrPath : builtIn;
  if (!isFile && !existsSync(path)) {
    throw new InputError(`no built-in scenario "${nameOrPath}" (built-in: ${builtInScenarioNames().join(", ")}; or give a path to a .json file)`);
  }
  let json: unknown;
  try {
    json = parseBoundedJson(readBoundedText(path, SCENARIO_MAX_BYTES, "scenario file"), SCENARIO_MAX_DEPTH);
  } catch (err) {
    if (err instanceof BadFileError) throw new InputError(err.message);
    if (err instanceof BadJsonError) throw new InputError(`${path} ${err.message}`);
    throw err;
  }
  try {
    return parseScenario(json, isFile ? path : nameOrPath);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(shortMessage(`${path}: ${err.message}`));
    throw err;
  }
}

/** The persistent and hardware state a scenario describes. */
export function deviceParts(s: Scenario): { eeprom: Eeprom; wifi: WifiSettings; hardware: Hardware } {
  const eeprom = new Eeprom(s.device.eeprom);
  eeprom.writable = s.device.eepromWritable;
  eeprom.writesLeft = s.device.eepromWritesBeforeRefusing ?? null;
  const wifi = new WifiSettings();
  wifi.antenna = s.device.antenna;
  wifi.antennaByte = s.device.antennaByte ?? null;
  wifi.ipSource = s.device.ipSource;
  wifi.staticIp = s.device.staticIp;
  // Oldest first, so the list ends in the order the file gives (slot 0 first).
  for (const c of [...s.device.credentials].reverse()) wifi.setCredentials(c);
  return { eeprom, wifi, hardware: { externalAntennaFitted: s.device.externalAntennaFitted, radioDamaged: s.device.radioDamaged } };
}
