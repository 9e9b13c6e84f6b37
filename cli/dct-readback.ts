// The device's own stored settings, read from its DCT over DFU alt setting 1
// (model/dct.ts): the check that does not trust our firmware's report. Reads
// the two network fields and nothing else: the same DCT holds the private keys.
import { DCT_READ_RANGES, decodeDct, effectiveAntenna, explainDct, type DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";
import type { ParticleDevice } from "./backends.ts";
import type { CliContext } from "./context.ts";
import { waitForDevice } from "./device-report.ts";

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


/**
 * Awaited once the device has been told to restart into DFU mode, before it is
 * looked for there: a browser must be allowed to use the DFU-mode device (to
 * WebUSB a new device: another product id), which takes the owner's click. The
 * CLI passes none. Out of DFU mode it is the device allowed before (same ids).
 */
export type GrantDfuDevice = (id: string) => Promise<void>;

/**
 * The stored settings of the device with this id: at once in DFU mode;
 * otherwise it restarts into DFU mode (control request 50), is read, and
 * leaves DFU mode again; this returns once it is back on USB out of DFU mode.
 * Closes `dev`.
 */
export async function readDctRoundTrip(ctx: CliContext, dev: ParticleDevice, grant?: GrantDfuDevice): Promise<DctSettings> {
  const id = dev.id;
  if (dev.isInDfuMode) { // found in DFU mode: read, and leave it as it was
    try { return await readDctSettings(dev as ParticleDevice & DfuReader); } finally { await dev.close().catch(() => {}); }
  }
  ctx.io.err("Reading its stored settings: it restarts into DFU mode (blinking yellow) and back, a few seconds...\n");
  await dev.enterDfuMode({ noReconnectWait: true }); // we wait ourselves, on the whole bus
  await dev.close().catch(() => {});
  await grant?.(id);
  const { dev: dfu } = await waitForDevice(ctx, id, "to enter DFU mode", async (d) => (d.isInDfuMode ? true : undefined));
  let dct: DctSettings;
  try {
    dct = await readDctSettings(dfu as ParticleDevice & DfuReader);
  } finally {
    await dfu.reset().catch(() => {}); // in DFU mode: leave it, the application starts again
    await dfu.close().catch(() => {});
  }
  const { dev: back } = await waitForDevice(ctx, id, "to leave DFU mode", async (d) => (d.isInDfuMode ? undefined : true));
  await back.close().catch(() => {});
  return dct;
}

/** The stored settings as lines for the owner: each value and what it means. */
export function formatDct(dct: DctSettings): string {
  const meaning = explainDct(dct);
  return `Read from the device's own storage (DCT):\n  IP:      ${meaning.ip}\n  antenna: ${meaning.antenna}`;
}
