// `photon-netreset wifi`: enter Wi-Fi credentials on a device without
// flashing it again (after --no-wifi, a "no", or a wrong password).
import { setState } from "../recovery/context.ts";
import { CliError, EXIT, type CommandContext } from "./context.ts";
import { chooseDevices, findDevices } from "../recovery/find-devices.ts";
import type { CommandResult, WifiOptions } from "./options.ts";
import { scriptedWifi } from "./options.ts";
import { askCredentials, intoListeningMode, joinWithCredentials, scanListOf, warnIfNotSeen, withScanList } from "../recovery/wifi-setup.ts";

export async function wifiCommand(ctx: CommandContext, opts: WifiOptions): Promise<CommandResult> {
  let creds = scriptedWifi(ctx, opts);
  if (!creds && !ctx.io.interactive) {
    throw new CliError(`No terminal to ask at: give --ssid NAME (and --security) with the password in PHOTON_NETRESET_WIFI_PASSWORD.`, EXIT.usage);
  }
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const [found] = await chooseDevices(ctx, devices, { device: opts.device });
  for (const d of devices) if (d !== found) await d.handle.close();
  setState(ctx, { id: found.id, is: "entering-listening" });
  try {
    await intoListeningMode(ctx, found.handle);
  } finally {
    await found.handle.close().catch(() => {});
  }
  setState(ctx, { id: found.id, is: "listening", resetDone: false });
  // The Photon's own scan: the networks offered, and a network given checked against it.
  const list = await scanListOf(ctx, found.id);
  if (creds) warnIfNotSeen(ctx, creds.ssid, list);
  creds ??= await askCredentials(ctx, list);
  setState(ctx, { id: found.id, is: "joining", ssid: creds.ssid });
  const result = await joinWithCredentials(ctx, found.id, creds);
  setState(ctx, result.cloud ? { id: found.id, is: "finished" } : { id: found.id, is: "listening", resetDone: false });
  const failed = result.cloud ? null : withScanList(undefined, creds.ssid, list)?.(result) ?? result.message;
  ctx.emit({ kind: "result", id: found.id, text: failed ?? "Connected to the Particle cloud (breathing cyan)." });
  return { code: result.cloud ? EXIT.ok : EXIT.failed, json: { id: found.id, ssid: creds.ssid, cloud: result.cloud },
    error: result.cloud ? undefined : result.rejected ? "it could not join the network and is back in listening mode (wrong password or security?)"
      : "it did not reach the cloud in time (wrong password, or no 2.4 GHz network?)" };
}
