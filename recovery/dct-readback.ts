// The device's own stored settings, read from its DCT over DFU alt setting 1
// (model/dct.ts): the check that does not trust our firmware's report. Reads
// the two network fields and nothing else: the same DCT holds the private keys.
import { DCT_READ_RANGES, decodeDct, effectiveAntenna, explainDct, type DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";
import type { ParticleDevice } from "../model/device.ts";
import { RecoveryError, EXIT, note, setState, sleep, type RecoveryContext } from "./context.ts";
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
export async function readDctRoundTrip(ctx: RecoveryContext, dev: ParticleDevice, grant?: GrantDfuDevice): Promise<DctSettings> {
  return dfuRoundTrip(ctx, dev, (dfu) => readDctSettings(dfu), grant);
}

/**
 * One visit to DFU mode for `use` (reads of the DCT, a write of its public
 * server key): at once when `dev` is found in DFU mode (and left there);
 * otherwise it restarts into DFU mode, `use` runs, and it leaves DFU mode
 * again; this returns once it is back on USB out of DFU mode. Closes `dev`.
 */
export async function dfuRoundTrip<T>(ctx: RecoveryContext, dev: ParticleDevice, use: (dfu: ParticleDevice & DfuReader) => Promise<T>, grant?: GrantDfuDevice): Promise<T> {
  const id = dev.id;
  if (dev.isInDfuMode) { // found in DFU mode: read, and leave it as it was
    try { return await use(dev as ParticleDevice & DfuReader); } finally { await dev.close().catch(() => {}); }
  }
  note(ctx, "Reading its stored settings: it restarts into DFU mode (blinking yellow) and back, a few seconds...\n");
  const dfu = await restartIntoDfu(ctx, dev, grant);
  let value: T;
  try {
    value = await use(dfu as ParticleDevice & DfuReader);
  } finally {
    await dfu.reset().catch(() => {}); // in DFU mode: leave it, the application starts again
    await dfu.close().catch(() => {});
  }
  const { dev: back } = await waitForDevice(ctx, id, "to leave DFU mode", async (d) => (d.isInDfuMode ? undefined : true));
  await back.close().catch(() => {});
  return value;
}

/**
 * Restarts the running device `dev` into DFU mode (control request 50) and
 * finds it there, told apart from other DFU-mode devices (findInDfuMode).
 * Closes `dev`; the DFU-mode handle is the caller's.
 */
export async function restartIntoDfu(ctx: RecoveryContext, dev: ParticleDevice, grant?: GrantDfuDevice): Promise<ParticleDevice> {
  const id = dev.id;
  // The DFU-mode devices already there, counted from the same look at the bus
  // that reopens this one (a browser's handle is the one device: it cannot be
  // opened twice and closed once).
  await dev.close().catch(() => {});
  const { self, dfuBefore } = await lookAround(ctx, id);
  await self.enterDfuMode({ noReconnectWait: true }); // we wait ourselves, on the whole bus
  await self.close().catch(() => {});
  await grant?.(id);
  return findInDfuMode(ctx, id, self.platformId, dfuBefore);
}

/** The running device `id`, opened, and how many DFU-mode devices answer to each serial number. */
async function lookAround(ctx: RecoveryContext, id: string): Promise<{ self: ParticleDevice; dfuBefore: Map<string, number> }> {
  const { devices } = await ctx.usb.openAll();
  let self: ParticleDevice | null = null;
  const dfuBefore = new Map<string, number>();
  for (const d of devices) {
    if (d.isInDfuMode) dfuBefore.set(d.id, (dfuBefore.get(d.id) ?? 0) + 1);
    if (!self && !d.isInDfuMode && d.id === id) self = d;
    else await d.close().catch(() => {});
  }
  if (!self) throw new RecoveryError(`${id} disappeared from USB before its stored settings could be read. Plug it back in; its reset is done.`, EXIT.failed);
  return { self, dfuBefore };
}

/** Photons of some batches all give one DFU serial number (device-os issue 1425); then nothing in DFU mode tells them apart. */
const cannotTell = (id: string, serial: string, n: number) => `Cannot tell which device in DFU mode is ${id}: ${n} Photons in DFU mode give the `
  + `serial number ${serial} (Photons of some batches share one DFU serial number, device-os issue 1425), and in DFU `
  + `mode nothing else tells them apart. Nothing was read. ${id} is waiting in DFU mode (blinking yellow): leave it `
  + "the only Photon in DFU mode (tap RESET on the others, or unplug them) and run the command again.";

/**
 * The device `id` after it was told to enter DFU mode. In DFU mode only the
 * USB serial number names a device, and it can be shared: a device whose
 * serial is its id is it (unless another DFU-mode device has that serial
 * too); otherwise, once `id` has left normal mode, the one new DFU-mode
 * device of its platform with a serial number no DFU-mode device had before.
 * Anything else is a guess: refused with the reason. (Nothing else in DFU
 * mode names a device: reads are limited to flash, FLASH_If_CheckAdd, and
 * the OTP alt setting is compiled out, so the MCU's unique id is out of
 * reach; docs/conformance-usb.md.)
 */
async function findInDfuMode(ctx: RecoveryContext, id: string, platformId: number, before: Map<string, number>): Promise<ParticleDevice> {
  const timeoutMs = ctx.timing.rebootTimeoutMs;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(ctx.timing.pollMs)) {
    const { devices } = await ctx.usb.openAll().catch(() => ({ devices: [] as ParticleDevice[] }));
    const bySerial = new Map<string, ParticleDevice[]>();
    for (const d of devices) if (d.isInDfuMode && d.platformId === platformId) bySerial.set(d.id, [...(bySerial.get(d.id) ?? []), d]);
    const running = devices.some((d) => !d.isInDfuMode && d.id === id);
    const fresh = [...bySerial].filter(([serial, ds]) => ds.length > (before.get(serial) ?? 0));
    let pick: ParticleDevice | null = null;
    let refusal: string | null = null;
    const exact = bySerial.get(id) ?? [];
    if (exact.length > 1) refusal = cannotTell(id, id, exact.length);
    else if (exact.length === 1) pick = exact[0];
    else if (!running && fresh.length > 0) {
      const [serial, ds] = fresh[0];
      if (fresh.length === 1 && ds.length === 1) pick = ds[0];
      else refusal = cannotTell(id, serial, fresh.length > 1 ? fresh.reduce((n, [, x]) => n + x.length, 0) : ds.length);
    }
    for (const d of devices) if (d !== pick) await d.close().catch(() => {});
    if (refusal) throw new RecoveryError(refusal, EXIT.failed);
    if (pick) return pick;
  }
  throw new RecoveryError(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${id} to enter DFU mode. `
    + "It is safe to run the command again; if its LED blinks yellow (DFU mode), tap RESET first.", EXIT.failed);
}

/** The stored settings as lines for the owner: each value and what it means. */
export function formatDct(dct: DctSettings): string {
  const meaning = explainDct(dct);
  return `Read from the device's own storage (DCT):\n  IP:      ${meaning.ip}\n  antenna: ${meaning.antenna}`;
}

/** The read-back as text: the values, then whether they confirm what they were compared with. */
export function formatDctCheck(e: { dct: DctSettings; disagreements: string[]; against?: "report" | "target" }): string {
  return `${formatDct(e.dct)}\n${e.disagreements.length
    ? `The report and the device's storage disagree:\n${e.disagreements.map((d) => `  - ${d}`).join("\n")}`
    : e.against === "target" ? "The device's storage confirms it: dynamic IP, internal antenna." : "The device's storage confirms the report."}`;
}
