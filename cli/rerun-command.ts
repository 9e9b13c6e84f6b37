// `photon-netreset rerun`: ask photon-netreset on the device to run the reset once more.
import { rerunDevice } from "../recovery/rerun.ts";
import type { CommandContext } from "./context.ts";
import { chooseDevices, findDevices } from "../recovery/find-devices.ts";
import type { CommandResult, CommonOptions } from "./options.ts";

export async function rerunCommand(ctx: CommandContext, opts: CommonOptions): Promise<CommandResult> {
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const [found] = await chooseDevices(ctx, devices, { device: opts.device });
  for (const d of devices) if (d !== found) await d.handle.close();
  const r = await rerunDevice(ctx, found, { offerWifi: true });
  const { exitCode, report, ...rest } = r;
  return { code: exitCode, json: { id: found.id, report, result: rest.result, diagnosis: rest.diagnosis, advice: rest.advice, cloud: rest.cloud,
    ...(rest.credentialsSent === undefined ? {} : { credentialsSent: rest.credentialsSent }), next: rest.next }, error: r.error };
}
