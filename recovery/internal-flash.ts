// Reading a device's internal flash in DFU mode (alt setting 0, "Internal
// Flash": the bootloader's FLASH_If_Read, platform/MCU/STM32F2xx/
// STM32_USB_Device_Driver/src/usbd_flash_if.c). Read only: nothing here writes.
// Used for system part 2's module info (the device's Device OS) and to back up
// the user part before a flash.
import type { DfuReader } from "./dct-readback.ts";

/** usbd_dfu_AltSet 0 in the bootloader's DFU interface. */
export const INTERNAL_FLASH_ALT_SETTING = 0;

export async function readInternalFlash(device: DfuReader, address: number, size: number): Promise<Buffer> {
  const bytes = await device.readOverDfu({ altSetting: INTERNAL_FLASH_ALT_SETTING, startAddr: address, size });
  if (bytes.length !== size) throw new Error(`read ${bytes.length} of ${size} bytes of internal flash at 0x${address.toString(16)}`);
  return Buffer.from(bytes);
}
