// Asking photon-netreset on a device to run the reset once more, then ending
// as a flash does (finishRecovery), without the DCT check.
import type { ParticleDevice } from "../model/device.ts";
import { EXIT, note, RecoveryError, setState, type RecoveryContext } from "./context.ts";
import { isGoneError } from "./device-errors.ts";
import { APP_REQUEST, NOT_SUPPORTED, untilGone, waitForDevice, waitForVerdict } from "./device-report.ts";
import type { FoundDevice } from "./find-devices.ts";
import type { DeviceResult } from "./outcome.ts";
import { finishRecovery } from "./recover.ts";

/** How often the rerun request is sent when the device restarts before answering it. */
export const RERUN_ATTEMPTS = 3;

/**
 * Sends "rerun" until the program answers it. The application answers only
 * after its setup() has returned; a request sent during a boot that resets
 * is lost when USB re-enumerates (the handle stops working): then the device
 * is awaited and asked again, at most RERUN_ATTEMPTS times.
 */
async function askRerun(ctx: RecoveryContext, id: string, first: ParticleDevice): Promise<{ dev: ParticleDevice; result: number }> {
  let dev = first;
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await dev.sendControlRequest(APP_REQUEST, "rerun", { timeout: 5000 });
      return { dev, result: r.result };
    } catch (e) {
      await dev.close().catch(() => {});
      if (!isGoneError(e)) throw e;
      if (attempt >= RERUN_ATTEMPTS) {
        throw new RecoveryError(`${id} restarted ${attempt} times before it answered the rerun request. It may be in a boot loop: run `
          + `${ctx.words({ command: "doctor" })} to see its last report, or flash it again with ${ctx.words({ command: "flash", args: ["--force"] })}.`, EXIT.failed);
      }
      note(ctx, `${id} restarted before it answered (a request sent while it restarts is lost); asking again (${attempt + 1} of ${RERUN_ATTEMPTS})...\n`);
      ({ dev } = await waitForDevice(ctx, id, "to come back", async () => true));
    }
  }
}

export async function rerunDevice(ctx: RecoveryContext, found: FoundDevice, opts: { offerWifi: boolean }): Promise<DeviceResult> {
  setState(ctx, { id: found.id, is: "untouched" });
  if (found.mode === "dfu") {
    await found.handle.close();
    throw new RecoveryError(`${found.id} is in DFU mode (blinking yellow): tap RESET, then run the command again.`, EXIT.failed);
  }
  const { dev: asked, result } = await askRerun(ctx, found.id, found.handle);
  if (result !== 0) await asked.close().catch(() => {});
  if (result === NOT_SUPPORTED) throw new RecoveryError(`${found.id} does not run photon-netreset: use ${ctx.words({ command: "flash" })}.`, EXIT.failed);
  if (result !== 0) throw new RecoveryError(`${found.id} refused the rerun request (error ${result}).`, EXIT.failed);
  setState(ctx, { id: found.id, is: "resetting", again: true });
  note(ctx, `${found.id} is running the reset again...\n`);
  await untilGone(ctx, asked);
  const { dev, value: report } = await waitForVerdict(ctx, found.id);
  return finishRecovery(ctx, found, dev, report, { offerWifi: opts.offerWifi, dctCheck: false });
}
