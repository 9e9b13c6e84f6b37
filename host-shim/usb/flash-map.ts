// What a simulated Photon's internal flash holds, as DFU alt setting 0 reads
// it: one map of regions, filled in on entering DFU mode. System part 2's
// vector table and module header sit at 0x08060000 / 0x08060184
// (modules/photon/system-part2/module_system_part2_export.ld, dynalib/inc/module_info.h);
// the user part at 0x080A0000 (modules/photon/user-part). System part 1 likewise
// at 0x08020000 / 0x08020184 (modules/shared/stm32f2xx/part1_vtor_module.ld);
// the bootloader at 0x08000000 (build/arm/linker/linker_stm32f2xx_bootloader.ld:
// APP_FLASH, 16K), its module_info_t after .isr_vector (linker_stm32f2xx_common.ld),
// (module_info.ld: ALIGN(4)) at 0x184: the bootloader links build/arm/startup/
// startup_stm32f2xx.S (bootloader/build.mk ASRC), whose .interrupt_vector_table
// g_pfnVectors is 97 words = 0x184 bytes at v0.6.0, v1.0.1, v2.3.1 and v3.3.1.
// Everything else reads erased (0xFF).
import { encodeModuleInfo, MODULE_FUNCTION_SYSTEM_PART, SYSTEM_PART2 } from "../../model/system-part2-info.ts";
import { USER_PART_ADDRESS } from "../../model/user-part.ts";
import { MODULE_VERSIONS } from "./module-info.ts";

export interface FlashRegion { address: number; bytes: Buffer }

/** system part 2's size as the simulator reports it (module-info.ts SIZES.systemPart). */
const SYSTEM_PART_SIZE = 262144;

/** The start of system part 2: a vector table we do not model (zeros), then its module_info_t. */
export function systemPart2Header(platformId: number, systemModuleVersion: number): Buffer {
  const header = Buffer.alloc(SYSTEM_PART2.moduleInfoOffset + SYSTEM_PART2.moduleInfoSize);
  Buffer.from(encodeModuleInfo({
    startAddress: SYSTEM_PART2.start, endAddress: SYSTEM_PART2.start + SYSTEM_PART_SIZE - 4,
    moduleVersion: systemModuleVersion, platformId, moduleFunction: MODULE_FUNCTION_SYSTEM_PART, moduleIndex: 2,
    // part2_build.mk: MODULE_DEPENDENCY = system part 1, MODULE_DEPENDENCY2 = the bootloader.
    dependency: { moduleFunction: MODULE_FUNCTION_SYSTEM_PART, moduleIndex: 1, moduleVersion: systemModuleVersion },
    dependency2: { moduleFunction: 2, moduleIndex: 0, moduleVersion: MODULE_VERSIONS.bootloaderDependency },
  })).copy(header, SYSTEM_PART2.moduleInfoOffset);
  return header;
}

/** module_function_t (dynalib/inc/module_info.h): MODULE_FUNCTION_BOOTLOADER. */
const MODULE_FUNCTION_BOOTLOADER = 2;
const NO_DEPENDENCY = { moduleFunction: 0, moduleIndex: 0, moduleVersion: 0 };
const BOOTLOADER = { start: 0x08000000, size: 0x4000 } as const;
const SYSTEM_PART1_START = 0x08020000;

/** A module's first bytes: a vector table we do not model (zeros), then its module_info_t. */
function header(startAddress: number, size: number, info: Omit<Parameters<typeof encodeModuleInfo>[0], "startAddress" | "endAddress">): Buffer {
  const bytes = Buffer.alloc(SYSTEM_PART2.moduleInfoOffset + SYSTEM_PART2.moduleInfoSize);
  Buffer.from(encodeModuleInfo({ startAddress, endAddress: startAddress + size - 4, ...info })).copy(bytes, SYSTEM_PART2.moduleInfoOffset);
  return bytes;
}

export function flashMap(device: { platformId: number; systemModuleVersion: number; userPart: Buffer | null }): FlashRegion[] {
  const { platformId, systemModuleVersion } = device;
  const regions: FlashRegion[] = [
    { address: BOOTLOADER.start, bytes: header(BOOTLOADER.start, BOOTLOADER.size, {
      moduleVersion: MODULE_VERSIONS.bootloader, platformId, moduleFunction: MODULE_FUNCTION_BOOTLOADER, moduleIndex: 0,
      dependency: NO_DEPENDENCY, dependency2: NO_DEPENDENCY }) },
    // SYSTEM_PART1_MODULE_DEPENDENCY: system part 2 at RELEASE_070_MODULE_VERSION once part 2 is 0.8.0 or later (system_module_version.mk).
    { address: SYSTEM_PART1_START, bytes: header(SYSTEM_PART1_START, SYSTEM_PART_SIZE, {
      moduleVersion: systemModuleVersion, platformId, moduleFunction: MODULE_FUNCTION_SYSTEM_PART, moduleIndex: 1,
      dependency: systemModuleVersion >= 300 ? { moduleFunction: MODULE_FUNCTION_SYSTEM_PART, moduleIndex: 2, moduleVersion: MODULE_VERSIONS.release070 } : NO_DEPENDENCY,
      dependency2: NO_DEPENDENCY }) },
    { address: SYSTEM_PART2.start, bytes: systemPart2Header(platformId, systemModuleVersion) },
  ];
  if (device.userPart) regions.push({ address: USER_PART_ADDRESS, bytes: device.userPart });
  return regions;
}
