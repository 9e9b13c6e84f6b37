// The device's own stored settings, read from its DCT over DFU alt setting 1
// (model/dct.ts): the check that does not trust our firmware's report. Reads
// the two network fields and nothing else: the same DCT holds the private keys.
import { DCT_READ_RANGES, decodeDct, effectiveAntenna, type DctSettings } from "../../model/dct.ts";
import type { Report } from "../../host-shim/host-api.ts";

/** "DCT Flash" (usbd_dct_if.c) in the bootloader's DFU interface. */
export const DCT_ALT_SETTING = 1;

/** What a device in DFU mode offers (particle-usb's DfuDevice mixin). */
export interface DfuReader {
  readOverDfu(o: { altSetting: number; startAddr: number; size: number }): Promise<Uint8Array>;
}

export async function readDctSettings(device: DfuReader): Promise<DctSettings> {
  const read = (range: (typeof DCT_READ_RANGES)[number]) =>
    device.readOverDfu({ altSetting: DCT_ALT_SETTING, startAddr: range.offset, size: range.size });
  const [ipConfig, antennaSelection] = DCT_READ_RANGES;
  return decodeDct(await read(ipConfig), await read(antennaSelection));
}

/** Where the program's report and the device's own storage disagree (empty: they agree). */
export function dctDisagreements(dct: DctSettings, report: Pick<Report, "after">): string[] {
  const out: string[] = [];
  const antenna = effectiveAntenna(dct);
  if (report.after.antenna !== antenna) out.push(`antenna: the program reported ${report.after.antenna}, the device's storage says ${antenna}`);
  if (report.after.ipSource !== dct.ipSource) out.push(`IP source: the program reported ${report.after.ipSource}, the device's storage says ${dct.ipSource}`);
  return out;
}

