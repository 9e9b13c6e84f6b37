// The module header (module_info_t) at the start of a Photon's user part, as
// Device OS 2.3.1 defines it (dynalib/inc/module_info.h: 24 bytes, packed,
// little-endian; STATIC_ASSERT_MODULE_INFO_OFFSET gives the offsets) and as
// its flash code reads it from the user slot
// (platform/MCU/STM32F2xx/SPARK_Firmware_Driver/src/flash_mal.c):
// FLASH_ModuleLength is module_end_address - module_start_address, and the
// CRC-32 follows at module_end_address (FLASH_VerifyCRC32); the slot is valid
// when FLASH_isUserModuleInfoValid holds (start address where it should be,
// end address inside the flash, this platform). Read first, so a backup reads
// only as far as the module goes.

export const MODULE_INFO_SIZE = 24;
/** module_info_suffix_t: reserved u16, sha[32], size u16. */
export const MODULE_SUFFIX_SIZE = 36;
const CRC_SIZE = 4;
/** FLASH_isUserModuleInfoValid: module_end_address <= 0x8100000 (the end of the internal flash). */
const FLASH_END = 0x08100000;

export interface ModuleHeader {
  startAddress: number;
  endAddress: number;
  moduleVersion: number;
  platformId: number;
  moduleFunction: number;
  moduleIndex: number;
}

export function decodeModuleHeader(bytes: Uint8Array): ModuleHeader {
  if (bytes.length < MODULE_INFO_SIZE) throw new Error(`a module header is ${MODULE_INFO_SIZE} bytes, got ${bytes.length}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, MODULE_INFO_SIZE);
  return {
    startAddress: v.getUint32(0, true), endAddress: v.getUint32(4, true), moduleVersion: v.getUint16(10, true),
    platformId: v.getUint16(12, true), moduleFunction: v.getUint8(14), moduleIndex: v.getUint8(15),
  };
}

/**
 * How many bytes the module in a slot at `slotAddress` takes (header to CRC,
 * inclusive), or why the slot holds none: erased flash, or a header
 * FLASH_isUserModuleInfoValid would refuse.
 */
export function moduleLength(header: ModuleHeader, slot: { address: number; maxBytes: number; platformIds: readonly number[] }):
  { bytes: number } | { problem: string } {
  if (header.startAddress === 0xffffffff && header.endAddress === 0xffffffff) return { problem: "the user slot is empty (erased flash)" };
  if (header.startAddress !== slot.address) {
    return { problem: `the user slot holds no module header (its start address reads 0x${header.startAddress.toString(16)}, not 0x${slot.address.toString(16)})` };
  }
  const bytes = header.endAddress - header.startAddress + CRC_SIZE;
  if (header.endAddress > FLASH_END || header.endAddress <= header.startAddress || bytes > slot.maxBytes) {
    return { problem: `its module header gives an impossible length (end address 0x${header.endAddress.toString(16)})` };
  }
  if (!slot.platformIds.includes(header.platformId)) return { problem: `its module header names platform ${header.platformId}, not this device's` };
  return { bytes };
}
