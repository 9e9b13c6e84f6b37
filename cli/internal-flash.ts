// The internal flash of a device in DFU mode, read over DFU alt setting 0
// ("Internal Flash", usbd_flash_if.c in the bootloader's DFU interface):
// DfuSe UPLOAD, read-only. Used to back up the user part before a flash.
import type { DfuReader } from "./dct-readback.ts";

export const INTERNAL_FLASH_ALT_SETTING = 0;

export async function readInternalFlash(device: DfuReader, address: number, size: number): Promise<Buffer> {
  return Buffer.from(await device.readOverDfu({ altSetting: INTERNAL_FLASH_ALT_SETTING, startAddr: address, size }));
}
