// Sending a user part to a device: over USB while it runs (particle-usb's
// updateFirmware) or over DFU (internal flash, then leaving DFU mode), with
// the bytes as progress events; then until the device has gone to restart.
import type { ParticleDevice } from "../model/device.ts";
import { USER_PART_ADDRESS } from "../model/user-part.ts";
import { EXIT, plainAction, RecoveryError, setState, type RecoveryContext } from "./context.ts";
import { isGoneError } from "./device-errors.ts";
import { untilGone } from "./device-report.ts";
import type { FoundDevice } from "./find-devices.ts";
import { transfer } from "./progress.ts";

const unplugged = (id: string, flashAgain: string) => `${id} disappeared from USB during the flash. That is safe: Device OS keeps the old firmware until a complete image has been checked. `
  + `Plug it back in and run the command again. If it does not come back (no LED, or it never shows up), put it in DFU mode — hold SETUP, tap RESET, release SETUP when the LED blinks yellow — and run ${flashAgain} again.`;

/** What goes onto the device: photon-netreset, or the owner's application from `file`. */
export type Payload = { what: "photon-netreset" } | { what: "owner-app"; file: string };

export async function flash(ctx: RecoveryContext, found: Pick<FoundDevice, "id" | "mode"> & { handle: ParticleDevice }, bytes: Buffer, payload: Payload,
  label = payload.what === "owner-app" ? "Restoring your application" : found.mode === "dfu" ? "Flashing over DFU" : "Flashing"): Promise<void> {
  setState(ctx, { id: found.id, is: "flashing", over: found.mode === "dfu" ? "dfu" : "usb", ...payload });
  const bar = transfer(ctx, label, bytes.length);
  const progress = (e: { event: string; bytes: number }) => { if (e.event === "downloaded") bar.add(e.bytes); };
  const again = plainAction(ctx, payload.what === "owner-app" ? { command: "restore", args: [payload.file] } : { command: "flash" });
  try {
    if (found.mode !== "dfu") await found.handle.updateFirmware(bytes, { progress });
    else if (found.handle.writeOverDfu) {
      // Internal flash (alt setting 0), then leave DFU mode so the new firmware starts.
      await found.handle.writeOverDfu(bytes, { altSetting: 0, startAddr: USER_PART_ADDRESS, leave: true, progress });
    } else throw new RecoveryError(`${found.id} is in DFU mode but cannot be written over DFU; tap RESET and run the command again.`, EXIT.failed);
  } catch (e) {
    if (e instanceof RecoveryError) throw e;
    bar.done();
    if (isGoneError(e)) throw new RecoveryError(unplugged(found.id, again), EXIT.failed);
    throw new RecoveryError(`The device refused the firmware: ${(e as Error).message}. Nothing was changed; it still runs its old firmware.`, EXIT.failed);
  }
  bar.done();
  // It restarts now (after the update's completion, or on leaving DFU mode):
  // until it has gone, it would still answer with the old firmware's report.
  await untilGone(ctx, found.handle);
}
