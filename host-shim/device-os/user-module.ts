// What Device OS 2.3.1 on a Photon or P1 makes of a user part's module header
// and CRC, on the two ways one arrives:
// - over USB control requests (FINISH_FIRMWARE_UPDATE → HAL_FLASH_End,
//   hal/src/stm32f2xx/ota_flash_hal_stm32f2xx.cpp): fetch_module
//   (hal/src/stm32/ota_module.cpp) reads the header at the scratchpad's start
//   and refuses the update unless the end address lies inside the user part's
//   bounds (module_user in hal/src/photon/ota_module_bounds.c: 0x080A0000 to
//   0x080C0000), the platform is this one, and the CRC-32 stored at
//   module_end_address - module_start_address matches (FLASH_VerifyCRC32);
// - at every boot (HAL_Core_Validate_User_Module,
//   hal/src/stm32f2xx/core_hal_stm32f2xx.c): the user slot runs only when
//   FLASH_isUserModuleInfoValid holds (start address 0x080A0000, end address
//   at most 0x08100000, this platform; platform/MCU/STM32F2xx/
//   SPARK_Firmware_Driver/src/flash_mal.c) and the same CRC matches; otherwise
//   the system runs without it: safe mode.
// Bytes after the CRC are not looked at by either: Device OS runs a module
// with trailing bytes; photon-netreset itself refuses to send one (model/user-part.ts).
/// <reference path="../../model/binary-version-reader.d.ts" />
import utilitiesModule from "binary-version-reader/lib/utilities.js";
import { decodeModuleHeader, MODULE_INFO_SIZE } from "../../model/module-header.ts";
import { USER_PART_ADDRESS, USER_PART_MAX_BYTES } from "../../model/user-part.ts";

const { crc32 } = utilitiesModule as { crc32(b: Buffer): Buffer };

/** module_user's end_address (ota_module_bounds.c). */
const USER_BOUNDS_END = USER_PART_ADDRESS + USER_PART_MAX_BYTES;
/** FLASH_isUserModuleInfoValid: module_end_address <= 0x8100000. */
const FLASH_END = 0x08100000;

/** FLASH_VerifyCRC32 over module_length bytes: the CRC-32 stored big-endian right after them. */
function crcMatches(bin: Buffer, length: number): boolean {
  if (length <= 0 || length + 4 > bin.length) return false; // past the image: erased or other flash, not this CRC
  return crc32(bin.subarray(0, length)).equals(bin.subarray(length, length + 4));
}

/** fetch_module's range, platform and integrity checks for an update image: whether HAL_FLASH_End accepts it. */
export function updateAccepted(bin: Buffer, platformId: number): boolean {
  if (bin.length < MODULE_INFO_SIZE) return false;
  const h = decodeModuleHeader(bin);
  // in_range(module_end, bounds->start_address, bounds->end_address), both inclusive.
  if (h.endAddress < USER_PART_ADDRESS || h.endAddress > USER_BOUNDS_END) return false;
  if (h.platformId !== platformId) return false;
  return crcMatches(bin, h.endAddress - h.startAddress);
}

/** HAL_Core_Validate_User_Module on the user slot's contents: whether it runs, or the device starts in safe mode. */
export function userModuleRuns(slot: Buffer, platformId: number): boolean {
  if (slot.length < MODULE_INFO_SIZE) return false;
  const h = decodeModuleHeader(slot);
  if (h.startAddress !== USER_PART_ADDRESS || h.endAddress > FLASH_END || h.platformId !== platformId) return false;
  return crcMatches(slot, h.endAddress - h.startAddress);
}
