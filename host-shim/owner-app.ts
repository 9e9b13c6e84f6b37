// The owner's own application on a simulated Photon (scenario key
// `device.app`): the user part in its flash slot, which DFU alt setting 0
// serves and photon-netreset backs up before it flashes, and what that
// application does when it runs again after a restore (an app that calls
// WiFi.useStaticIP() or WiFi.selectAntenna(ANT_EXTERNAL) in setup() writes
// those settings to the DCT again, as the real calls do: wlan_hal.cpp
// wlan_set_ipaddress_source / wlan_select_antenna, both persisted).
// The image is built here, not with binary-version-reader's test helper: that
// module pulls in Node's crypto and file system, and the page's demo bundles this.
/// <reference path="../model/binary-version-reader.d.ts" />
import utilitiesModule from "binary-version-reader/lib/utilities.js";
import { ANTENNA, IP_SOURCE, type AntennaName, type IpSourceName } from "../model/host-api.ts";
import { MODULE_INFO_SIZE, MODULE_SUFFIX_SIZE } from "../model/module-header.ts";
import { FUNCTION, PLATFORM_IDS, TARGET_DEVICE_OS, USER_PART_ADDRESS, USER_PART_MAX_BYTES, type Platform } from "../model/user-part.ts";
import { bool, integer, object, oneOf, optional, string } from "./validate.ts";
import { systemModuleVersionOf } from "../model/device-os-versions.ts";
import { DEFAULT_DEVICE_OS, deviceOsVersion } from "./system-version.ts";
import type { StaticIpConfig, WifiSettings } from "./wifi-settings.ts";

const { crc32 } = utilitiesModule as { crc32(b: Buffer): Buffer };

/** What the owner's application changes in the network settings each time it starts. */
export interface BrokenSettings { antenna?: AntennaName; ipSource?: IpSourceName; staticIp?: StaticIpConfig }

/** SYSTEM_MODE() (system_mode.cpp set_system_mode). */
export type AppSystemMode = "automatic" | "semi-automatic" | "manual";
export const APP_SYSTEM_MODES: readonly AppSystemMode[] = ["automatic", "semi-automatic", "manual"];

export interface OwnerApp {
  name: string;
  /** The system module version its user part depends on (the Device OS it was built for; a scenario's default: the device's own; unset: 2.3.1's). */
  dependsOn?: number;
  /** Its SYSTEM_MODE [automatic]. */
  systemMode?: AppSystemMode;
  /** Whether it ever calls Particle.connect() (AUTOMATIC always connects) [true]. */
  connects?: boolean;
  /** SYSTEM_THREAD(ENABLED) [false]. */
  systemThread?: boolean;
  /**
   * Where its settings calls are: STARTUP() (run at every boot before the
   * system connects, whatever the mode) or setup() (when that runs depends on
   * SYSTEM_MODE and SYSTEM_THREAD) [startup].
   */
  settingsCalledIn?: "startup" | "setup";
  /** Size of the application's code and data in the image (the module is this plus its 24-byte header, 36-byte suffix and CRC). */
  codeBytes: number;
  moduleVersion: number;
  breaksSettings: BrokenSettings | null;
}

const MAX_CODE = USER_PART_MAX_BYTES - MODULE_INFO_SIZE - MODULE_SUFFIX_SIZE - 4;

/** `device.app` of a scenario file; every error names its field. */
export function parseOwnerApp(v: unknown, path: string, staticIp: (v: unknown, path: string) => StaticIpConfig,
  deviceOs: string = DEFAULT_DEVICE_OS): OwnerApp {
  const o = object(v, path, ["name", "codeBytes", "moduleVersion", "breaksSettings", "dependsOn", "systemMode", "connects", "systemThread", "settingsCalledIn"]);
  const systemMode = optional(o, "systemMode", path, (x, p) => oneOf(x, p, APP_SYSTEM_MODES), "automatic");
  const b = o.breaksSettings === undefined ? null : object(o.breaksSettings, `${path}.breaksSettings`, ["antenna", "ipSource", "staticIp"]);
  const where = `${path}.breaksSettings`;
  const breaks: BrokenSettings | null = b && {
    ...(b.antenna !== undefined ? { antenna: oneOf(b.antenna, `${where}.antenna`, Object.keys(ANTENNA) as AntennaName[]) } : {}),
    ...(b.ipSource !== undefined ? { ipSource: oneOf(b.ipSource, `${where}.ipSource`, Object.keys(IP_SOURCE) as IpSourceName[]) } : {}),
    ...(b.staticIp !== undefined ? { staticIp: staticIp(b.staticIp, `${where}.staticIp`) } : {}),
  };
  return {
    name: string(o.name, `${path}.name`, 1, 64),
    codeBytes: optional(o, "codeBytes", path, (x, p) => integer(x, p, 16, MAX_CODE), 12_000),
    moduleVersion: optional(o, "moduleVersion", path, (x, p) => integer(x, p, 1, 0xffff), 3),
    breaksSettings: breaks,
    dependsOn: systemModuleVersionOf(optional(o, "dependsOn", path, deviceOsVersion, deviceOs))!,
    systemMode,
    connects: systemMode === "automatic" ? true : optional(o, "connects", path, bool, true),
    systemThread: optional(o, "systemThread", path, bool, false),
    settingsCalledIn: optional(o, "settingsCalledIn", path, (x, p) => oneOf(x, p, ["startup", "setup"] as const), "startup"),
  };
}

/**
 * The application's user part as `particle compile` would lay it out for this
 * platform (modules/photon/user-part/linker.ld: module_info_t at 0x080A0000,
 * then the code, module_info_suffix_t, and the CRC-32 stored big-endian, which
 * FLASH_VerifyCRC32 checks). The code bytes are made from the name, so the
 * same app always has the same image. The suffix's SHA-256 is left zero:
 * Device OS 2.3.1 on the Photon checks only the CRC.
 */
export function ownerAppBin(app: OwnerApp, platform: Platform): Buffer {
  const total = MODULE_INFO_SIZE + app.codeBytes + MODULE_SUFFIX_SIZE + 4;
  const bin = Buffer.alloc(total, 0);
  bin.writeUInt32LE(USER_PART_ADDRESS, 0);
  bin.writeUInt32LE(USER_PART_ADDRESS + total - 4, 4); // module_end_address: where the CRC starts
  bin.writeUInt16LE(app.moduleVersion, 10);
  bin.writeUInt16LE(PLATFORM_IDS[platform], 12);
  bin[14] = FUNCTION.USER_PART;
  bin[15] = 1;
  bin[16] = FUNCTION.SYSTEM_PART; // dependency: system part 2 of the Device OS it was built for
  bin[17] = 2;
  bin.writeUInt16LE(app.dependsOn ?? TARGET_DEVICE_OS.systemModuleVersion, 18);
  const seed = Buffer.from(`${app.name}\0`);
  for (let i = 0; i < app.codeBytes; i++) bin[MODULE_INFO_SIZE + i] = seed[i % seed.length] ^ (i >> 8);
  bin.writeUInt16LE(MODULE_SUFFIX_SIZE, total - 6); // module_info_suffix_t.size, the last field before the CRC
  crc32(bin.subarray(0, total - 4)).copy(bin, total - 4);
  return bin;
}

/** The application starts: what it sets in setup(), written to the DCT as Device OS does. Returns what changed. */
export function runOwnerApp(app: OwnerApp, wifi: WifiSettings): string[] {
  const changed: string[] = [];
  const b = app.breaksSettings;
  if (!b) return changed;
  if (b.staticIp) wifi.staticIp = { ...b.staticIp }; // WiFi.setStaticIP()
  if (b.ipSource && b.ipSource !== wifi.ipSource) { wifi.ipSource = b.ipSource; changed.push(`IP source → ${b.ipSource}`); } // WiFi.useStaticIP()
  if (b.antenna && b.antenna !== wifi.antenna) { wifi.antenna = b.antenna; changed.push(`antenna → ${b.antenna}`); } // WiFi.selectAntenna()
  return changed;
}
