// Talking to photon-netreset on a device: its report (USB application
// request "report"), and waiting for the device to come back after a reset.
import { reportFromHostJson } from "../model/report-json.ts";
import type { Report } from "../model/host-api.ts";
import type { ParticleDevice } from "../model/device.ts";
import { isGoneError } from "./device-errors.ts";
import { RecoveryError, EXIT, sleep, type RecoveryContext } from "./context.ts";

/** CTRL_REQUEST_APP_CUSTOM: forwarded to the application. */
export const APP_REQUEST = 10;
/** Device OS's answer when the running application has no handler (not our firmware). */
export const NOT_SUPPORTED = -120;
const NOT_FOUND = -170;

export type ReportAnswer = { kind: "report"; report: Report } | { kind: "not-ours" } | { kind: "none-yet" };

/** Asks the running firmware for its report. "not-ours": another application runs. */
export async function readReport(dev: ParticleDevice, timeout = 5000): Promise<ReportAnswer> {
  const r = await dev.sendControlRequest(APP_REQUEST, "report", { timeout });
  if (r.result === NOT_SUPPORTED) return { kind: "not-ours" };
  if (r.result === NOT_FOUND || !r.data) return { kind: "none-yet" };
  if (r.result !== 0) throw new Error(`the device answered the report request with error ${r.result}`);
  return { kind: "report", report: reportFromHostJson(String(r.data)) };
}

/**
 * Polls the bus until the device with this id is back and `check` accepts it
 * (returns a value); every other handle is closed. Times out with `what`.
 */
export async function waitForDevice<T>(ctx: RecoveryContext, id: string, what: string,
  check: (dev: ParticleDevice) => Promise<T | undefined>, timeoutMs = ctx.timing.rebootTimeoutMs): Promise<{ dev: ParticleDevice; value: T }> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    const { devices } = await ctx.usb.openAll().catch(() => ({ devices: [] as ParticleDevice[] }));
    for (const dev of devices) {
      if (dev.id !== id) { await dev.close().catch(() => {}); continue; }
      try {
        const value = await check(dev);
        if (value !== undefined) return { dev, value };
      } catch (e) {
        if (e instanceof RecoveryError) { await dev.close().catch(() => {}); throw e; } // a verdict, not a hiccup
        lastError = (e as Error).message; // still starting up: try again
      }
      await dev.close().catch(() => {});
    }
    await sleep(ctx.timing.pollMs);
  }
  throw new RecoveryError(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${id} ${what}${lastError ? ` (last error: ${lastError})` : ""}. `
    + "It is safe to run the command again. If the device stays dark or keeps restarting, put it in DFU mode "
    + `(hold SETUP, tap RESET, release SETUP when it blinks yellow) and run ${ctx.words({ command: "flash" })} again.`, EXIT.failed);
}

/** Waits until the program's verdict is in: a report of a boot that did not reset. */
export function waitForVerdict(ctx: RecoveryContext, id: string) {
  return waitForDevice(ctx, id, "to restart and report", async (dev) => {
    const answer = await readReport(dev);
    if (answer.kind === "not-ours") throw new RecoveryError(`${id} restarted but does not run photon-netreset: the flash did not take. Run the command again.`, EXIT.failed);
    return answer.kind === "report" && answer.report.action !== "reset" ? answer.report : undefined;
  });
}

/**
 * Waits until this handle stops working (a handle does not survive USB
 * re-enumeration), bounded, and closes it. A device resets a while after it
 * answered (1 s after a rerun reply is collected; after a firmware update's
 * completion): until then it still answers with the report from before, which
 * must not be taken for the verdict.
 */
export async function untilGone(ctx: RecoveryContext, dev: ParticleDevice): Promise<void> {
  for (const deadline = Date.now() + ctx.timing.rebootTimeoutMs; Date.now() < deadline; await sleep(ctx.timing.pollMs)) {
    try {
      await dev.getDeviceMode({ timeout: 2000 });
    } catch (e) {
      if (isGoneError(e)) break;
    }
  }
  await dev.close().catch(() => {});
}

