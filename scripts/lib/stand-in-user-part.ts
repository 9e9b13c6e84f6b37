// A stand-in for a compiled .bin when there is no toolchain: a valid user part
// in binary-version-reader's format (module header, platform, the build's
// Device OS dependency, CRC) about the size of a real build, holding no program.
import { createRequire } from "node:module";
import { FUNCTION, PLATFORM_IDS, type Platform } from "../../model/user-part.ts";

const { firmwareTestHelper } = createRequire(import.meta.url)("binary-version-reader");

export function standInUserPart(platform: Platform, systemModuleVersion = 2302): Buffer {
  return firmwareTestHelper.createFirmwareBinary({
    platformId: PLATFORM_IDS[platform], moduleFunction: FUNCTION.USER_PART, moduleIndex: 1, moduleVersion: 6,
    deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: systemModuleVersion }], moduleStartAddress: 0x080a0000, dataSize: 7000,
  }) as Buffer;
}
