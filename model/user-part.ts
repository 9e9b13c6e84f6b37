// What a user-part .bin says about itself (read with Particle's own
// binary-version-reader), and whether it is fit for a given device.
// The parser and the module constants only, not the package's main.js: that
// also loads zip and file-system code, which the web page cannot bundle.
/// <reference path="./binary-version-reader.d.ts" />
import HalModuleParserModule from "binary-version-reader/lib/HalModuleParser.js";
import ModuleInfoModule from "binary-version-reader/lib/ModuleInfo.js";
import { deviceOsLabel, FIRMWARE_BUILDS, NEWEST_SYSTEM_MODULE_VERSION } from "./device-os-versions.ts";

const HalModuleParser = HalModuleParserModule as new () => { parseBuffer(info: { fileBuffer: Buffer }): Promise<ParsedModule> };
const ModuleInfo = ModuleInfoModule as { FunctionType: Record<string, number> };

interface ParsedModule {
  crc: { ok: boolean; storedCrc: string; actualCrc: string };
  prefixInfo: {
    // The parser gives the two addresses as hex strings.
    moduleStartAddy: string; moduleEndAddy: string; moduleVersion: number; platformID: number;
    moduleFunction: number; moduleIndex: number; depModuleFunction: number; depModuleIndex: number; depModuleVersion: number;
    /** Where the parser found the header: it searches further when the one at offset 0 looks wrong. */
    prefixOffset: number;
  };
}

export const PLATFORM_IDS = { photon: 6, p1: 8 } as const;
export type Platform = keyof typeof PLATFORM_IDS;
export const FUNCTION = ModuleInfo.FunctionType;
/** The newest Device OS our firmware is built against (a release also has older builds: device-os-versions.ts). */
export const TARGET_DEVICE_OS = { version: FIRMWARE_BUILDS[0].deviceOs, systemModuleVersion: FIRMWARE_BUILDS[0].systemModuleVersion } as const;
/** Where the user part lives in flash on the Photon and P1 (modules/photon/user-part). */
export const USER_PART_ADDRESS = 0x080a0000;
/** The user part's module index on the Photon and P1 (module_user in hal/src/photon/ota_module_bounds.c). */
export const USER_PART_INDEX = 1;
/** USER_FIRMWARE_IMAGE_SIZE on the Photon and P1. */
export const USER_PART_MAX_BYTES = 128 * 1024;
/**
 * Our own budget for a release .bin: a Device OS 2.3.1 build is 7.1 KiB
 * (README, "Size"); a build far past that has picked up something it should not.
 */
export const RELEASE_BUDGET_BYTES = 12 * 1024;

export interface UserPartInfo {
  bytes: number;
  crcOk: boolean;
  platformId: number;
  platform: Platform | null;
  moduleFunction: number;
  moduleIndex: number;
  moduleVersion: number;
  /** The system module version it needs (0 when it declares no dependency). */
  systemVersion: number;
  /** module_start_address and module_end_address (where the CRC starts) of the header at the file's start. */
  startAddress: number;
  endAddress: number;
  /** Where in the file the parser found the header: a Photon reads it at offset 0 only. */
  headerOffset: number;
}

export class NotAModuleError extends Error {}

export async function inspectUserPart(bytes: Buffer): Promise<UserPartInfo> {
  let parsed: ParsedModule;
  try {
    parsed = await new HalModuleParser().parseBuffer({ fileBuffer: bytes });
  } catch {
    // The parser's own words ("Prefix extensions should end with END extension") mean nothing to an owner.
    throw new NotAModuleError(`it is not a Particle firmware module: its first bytes are not a module header (a .bin from \`npm run build\`, \`particle compile\` or a release has one)`);
  }
  const p = parsed.prefixInfo;
  const platform = (Object.entries(PLATFORM_IDS).find(([, id]) => id === p.platformID)?.[0] ?? null) as Platform | null;
  return {
    bytes: bytes.length,
    crcOk: parsed.crc.ok,
    platformId: p.platformID,
    platform,
    moduleFunction: p.moduleFunction,
    moduleIndex: p.moduleIndex,
    moduleVersion: p.moduleVersion,
    systemVersion: p.depModuleFunction === FUNCTION.SYSTEM_PART ? p.depModuleVersion : 0,
    startAddress: Number.parseInt(p.moduleStartAddy, 16),
    endAddress: Number.parseInt(p.moduleEndAddy, 16),
    headerOffset: p.prefixOffset ?? 0,
  };
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;

/**
 * Whether the header describes this very file in the user slot: a Photon
 * reads the header at the slot's start (0x080A0000) and the CRC at
 * module_end_address (Device OS 2.3.1 flash_mal.c FLASH_isUserModuleInfoValid,
 * FLASH_ModuleLength, FLASH_VerifyCRC32); a file whose header says otherwise
 * is refused here, stricter than the device, whatever the device would make of it.
 */
function headerProblems(info: UserPartInfo): string[] {
  if (info.headerOffset !== 0) return [`its module header is not at its start (something like one is ${info.headerOffset} bytes in): a Photon reads the header at the start of the user slot`];
  if (info.startAddress !== USER_PART_ADDRESS) {
    return [`its module header gives start address ${hex(info.startAddress)}, not the user slot's ${hex(USER_PART_ADDRESS)}: a Photon would not run it`];
  }
  if (info.endAddress <= info.startAddress) return [`its module header gives end address ${hex(info.endAddress)}, not after its start address ${hex(info.startAddress)}`];
  const declared = info.endAddress - info.startAddress + 4; // the CRC-32 follows the end address
  if (declared > USER_PART_MAX_BYTES) {
    return [`its module header gives end address ${hex(info.endAddress)}: ${declared} bytes, past the ${USER_PART_MAX_BYTES}-byte user firmware slot`];
  }
  if (declared !== info.bytes) {
    return [`its module header says the module is ${declared} bytes (end address ${hex(info.endAddress)}), but the file is ${info.bytes} bytes: it is truncated, extended or its header is damaged`];
  }
  return [];
}

/** Device OS version for a system module version we know, else the number itself. */
export const deviceOsName = (systemVersion: number): string => deviceOsLabel(systemVersion);

/** userPartProblems() plus our size budget: what `npm run build` and a release require. */
export function releaseProblems(info: UserPartInfo, platform: Platform): string[] {
  const problems = userPartProblems(info, { platform });
  if (info.bytes > RELEASE_BUDGET_BYTES) problems.push(`it is ${info.bytes} bytes, over photon-netreset's ${RELEASE_BUDGET_BYTES}-byte budget`);
  return problems;
}

/**
 * Everything wrong with this .bin for the expected device, each a sentence an
 * owner can act on; empty when it is fit to flash.
 */
export function userPartProblems(info: UserPartInfo, expect: { platform?: Platform; maxSystemVersion?: number; /** the owner's application being put back, not ours */ ownerApp?: boolean;
  /** No device yet: any Device OS a Photon can run will do (the device's own is checked once known). */ anyPhotonRelease?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (!info.crcOk) problems.push("its CRC does not match: the file is truncated or corrupted; download or build it again");
  if (info.moduleFunction !== FUNCTION.USER_PART) {
    problems.push(`it is not a user part (module function ${info.moduleFunction}, a user part is ${FUNCTION.USER_PART}): it is Device OS or a bootloader, not an application`);
  } else if (info.moduleIndex !== USER_PART_INDEX) {
    // fetch_module finds no bounds for another index (hal/src/photon/ota_module_bounds.c module_user): the device refuses it.
    problems.push(`its module header gives module index ${info.moduleIndex}: a Photon's user part is module ${USER_PART_INDEX}`);
  }
  if (!info.platform) problems.push(`it is built for platform ${info.platformId}, not a Photon (6) or P1 (8)`);
  else if (expect.platform && info.platform !== expect.platform) {
    problems.push(`it is built for a ${info.platform}, but the device is a ${expect.platform}: ${expect.ownerApp
      ? `choose a backup made from this ${expect.platform === "p1" ? "P1" : "Photon"}, or your application built for it` : `use photon-netreset-${expect.platform}-*.bin`}`);
  }
  if (info.bytes > USER_PART_MAX_BYTES) problems.push(`it is ${info.bytes} bytes, over the ${USER_PART_MAX_BYTES}-byte user firmware slot`);
  else problems.push(...headerProblems(info));
  const limit = expect.maxSystemVersion ?? (expect.anyPhotonRelease ? NEWEST_SYSTEM_MODULE_VERSION : TARGET_DEVICE_OS.systemModuleVersion);
  if (info.systemVersion > limit) {
    problems.push(expect.anyPhotonRelease && expect.maxSystemVersion === undefined
      ? `it needs ${deviceOsName(info.systemVersion)}, newer than any Device OS for the Photon and P1 (the last is ${deviceOsName(limit)})`
      : `it needs ${deviceOsName(info.systemVersion)}, newer than ${expect.maxSystemVersion === undefined ? `the ${TARGET_DEVICE_OS.version} it should target` : `the device's ${deviceOsName(limit)}`}: update the device with \`particle update\` first`);
  }
  return problems;
}
