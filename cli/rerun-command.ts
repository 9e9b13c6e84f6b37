// `photon-netreset rerun`: ask photon-netreset on the device to run the reset once more.
import { formatBeforeAfter } from "../model/report-rows.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { APP_REQUEST, NOT_SUPPORTED, waitForVerdict } from "./device-report.ts";
import { chooseDevices, findDevices } from "./find-devices.ts";
import type { CommandResult, CommonOptions } from "./options.ts";

export async function rerunCommand(ctx: CliContext, opts: CommonOptions): Promise<CommandResult> {
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const [found] = await chooseDevices(ctx, devices, { device: opts.device });
  for (const d of devices) if (d !== found) await d.handle.close();
  if (found.mode === "dfu") {
    await found.handle.close();
    throw new CliError(`${found.id} is in DFU mode (blinking yellow): tap RESET, then run the command again.`, EXIT.failed);
  }
  const r = await found.handle.sendControlRequest(APP_REQUEST, "rerun", { timeout: 5000 });
  await found.handle.close().catch(() => {});
  if (r.result === NOT_SUPPORTED) throw new CliError(`${found.id} does not run photon-netreset: use \`npx photon-netreset flash\`.`, EXIT.failed);
  if (r.result !== 0) throw new CliError(`${found.id} refused the rerun request (error ${r.result}).`, EXIT.failed);
  ctx.io.err(`${found.id} is running the reset again...\n`);
  const { dev, value: report } = await waitForVerdict(ctx, found.id);
  await dev.close();
  if (!opts.json) ctx.io.out(`${formatBeforeAfter(report)}\n`);
  const done = report.action === "done";
  return { code: done ? EXIT.ok : EXIT.failed, json: { id: found.id, report }, error: done ? undefined : `the reset ended with ${report.action} (${report.diagnosis})` };
}
