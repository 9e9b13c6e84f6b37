// `photon-netreset wifi`: enter Wi-Fi credentials on a device without
// flashing it again (after --no-wifi, a "no", or a wrong password).
import { CliError, EXIT, sleep, type CliContext } from "./context.ts";
import { chooseDevices, findDevices, modeOf } from "./find-devices.ts";
import type { CommandResult, WifiOptions } from "./options.ts";
import { scriptedWifi } from "./options.ts";
import { askCredentials, connectWithCredentials } from "./wifi-setup.ts";
import type { ParticleDevice } from "./backends.ts";

/** Control request 70 (CTRL_REQUEST_START_LISTENING): the device enters listening mode. */
const START_LISTENING = 70;

async function intoListeningMode(ctx: CliContext, handle: ParticleDevice): Promise<void> {
  const r = await handle.sendControlRequest(START_LISTENING, null, { timeout: 5000 });
  if (r.result !== 0) throw new CliError(`${handle.id} refused to enter listening mode (error ${r.result}). Hold SETUP for 3 seconds until it blinks blue, then run the command again.`, EXIT.failed);
  for (const deadline = Date.now() + ctx.timing.rebootTimeoutMs; Date.now() < deadline; await sleep(ctx.timing.pollMs)) {
    if ((await modeOf(handle).catch(() => null)) === "listening") return;
  }
  throw new CliError(`${handle.id} did not enter listening mode. Hold SETUP for 3 seconds until it blinks blue, then run the command again.`, EXIT.failed);
}

export async function wifiCommand(ctx: CliContext, opts: WifiOptions): Promise<CommandResult> {
  let creds = scriptedWifi(ctx, opts);
  if (!creds && !ctx.io.interactive) {
    throw new CliError(`No terminal to ask at: give --ssid NAME (and --security) with the password in PHOTON_NETRESET_WIFI_PASSWORD.`, EXIT.usage);
  }
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const [found] = await chooseDevices(ctx, devices, { device: opts.device });
  for (const d of devices) if (d !== found) await d.handle.close();
  try {
    if (found.mode === "dfu") throw new CliError(`${found.id} is in DFU mode (blinking yellow): tap RESET, then run the command again.`, EXIT.failed);
    if (found.mode !== "listening") {
      ctx.io.err(`${found.id} is not in listening mode: asking it to enter it (blinking blue)...\n`);
      await intoListeningMode(ctx, found.handle);
    }
  } finally {
    await found.handle.close().catch(() => {});
  }
  creds ??= await askCredentials(ctx);
  const cloud = await connectWithCredentials(ctx, found.id, creds);
  return { code: cloud ? EXIT.ok : EXIT.failed, json: { id: found.id, ssid: creds.ssid, cloud },
    error: cloud ? undefined : "it did not reach the cloud in time (wrong password, or no 2.4 GHz network?)" };
}
