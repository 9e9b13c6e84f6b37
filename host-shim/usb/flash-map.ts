// What a simulated Photon's internal flash holds, as DFU alt setting 0 reads
// it: one map of regions, filled in on entering DFU mode. System part 2's
// vector table and module header sit at 0x08060000 / 0x08060184
// (modules/photon/system-part2/module_system_part2_export.ld, dynalib/inc/module_info.h);
// the user part at 0x080A0000 (modules/photon/user-part). Everything else reads erased (0xFF).
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

export function flashMap(device: { platformId: number; systemModuleVersion: number; userPart: Buffer | null }): FlashRegion[] {
  const regions: FlashRegion[] = [{ address: SYSTEM_PART2.start, bytes: systemPart2Header(device.platformId, device.systemModuleVersion) }];
  if (device.userPart) regions.push({ address: USER_PART_ADDRESS, bytes: device.userPart });
  return regions;
}
