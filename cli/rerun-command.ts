// `photon-netreset rerun`: ask photon-netreset on the device to run the reset once more.
import { isGoneError, type ParticleDevice } from "./backends.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { APP_REQUEST, NOT_SUPPORTED, untilGone, waitForDevice, waitForVerdict } from "./device-report.ts";
import { chooseDevices, findDevices, type FoundDevice } from "./find-devices.ts";
import { cliWords, finishRecovery, type DeviceResult } from "./recover.ts";
import type { AdviceWords } from "../model/advice.ts";
import type { CommandResult, CommonOptions } from "./options.ts";

/** How often the rerun request is sent when the device restarts before answering it. */
export const RERUN_ATTEMPTS = 3;

/**
 * Sends "rerun" until the program answers it. The application answers only
 * after its setup() has returned; a request sent during a boot that resets
 * is lost when USB re-enumerates (the handle stops working): then the device
 * is awaited and asked again, at most RERUN_ATTEMPTS times.
 */
async function askRerun(ctx: CliContext, id: string, first: ParticleDevice): Promise<{ dev: ParticleDevice; result: number }> {
  let dev = first;
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await dev.sendControlRequest(APP_REQUEST, "rerun", { timeout: 5000 });
      return { dev, result: r.result };
    } catch (e) {
      await dev.close().catch(() => {});
      if (!isGoneError(e)) throw e;
      if (attempt >= RERUN_ATTEMPTS) {
        throw new CliError(`${id} restarted ${attempt} times before it answered the rerun request. It may be in a boot loop: run
\`npx photon-netreset doctor\` to see its last report, or flash it again with \`npx photon-netreset flash --force\`.`, EXIT.failed);
      }
      ctx.io.err(`${id} restarted before it answered (a request sent while it restarts is lost); asking again (${attempt + 1} of ${RERUN_ATTEMPTS})...\n`);
      ({ dev } = await waitForDevice(ctx, id, "to come back", async () => true));
    }
  }
}

/** Asks the program on `found` to run the reset again and ends as a flash does (finishRecovery), without the DCT check. */
export async function rerunDevice(ctx: CliContext, found: FoundDevice, opts: { offerWifi: boolean; words?: AdviceWords }): Promise<DeviceResult> {
  if (found.mode === "dfu") {
    await found.handle.close();
    throw new CliError(`${found.id} is in DFU mode (blinking yellow): tap RESET, then run the command again.`, EXIT.failed);
  }
  const { dev: asked, result } = await askRerun(ctx, found.id, found.handle);
  if (result !== 0) await asked.close().catch(() => {});
  if (result === NOT_SUPPORTED) throw new CliError(`${found.id} does not run photon-netreset: use ${(opts.words ?? cliWords(ctx)).action("flash")}.`, EXIT.failed);
  if (result !== 0) throw new CliError(`${found.id} refused the rerun request (error ${result}).`, EXIT.failed);
  ctx.io.err(`${found.id} is running the reset again...\n`);
  ctx.io.interruptNote?.(`Stopped while ${found.id} runs the reset again. It finishes by itself; its report: ${(opts.words ?? cliWords(ctx)).action("doctor").replace(/`/g, "")}.`);
  await untilGone(ctx, asked);
  const { dev, value: report } = await waitForVerdict(ctx, found.id);
  return finishRecovery(ctx, found, dev, report, { offerWifi: opts.offerWifi, dctCheck: false, words: opts.words });
}

export async function rerunCommand(ctx: CliContext, opts: CommonOptions): Promise<CommandResult> {
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const [found] = await chooseDevices(ctx, devices, { device: opts.device });
  for (const d of devices) if (d !== found) await d.handle.close();
  const r = await rerunDevice(ctx, found, { offerWifi: true });
  const { exitCode, report, ...rest } = r;
  return { code: exitCode, json: { id: found.id, report, result: rest.result, diagnosis: rest.diagnosis, advice: rest.advice, cloud: rest.cloud,
    ...(rest.credentialsSent === undefined ? {} : { credentialsSent: rest.credentialsSent }) }, error: r.error };
}
