// `photon-netreset restore FILE`: put an application back on a Photon or P1
// (a backup that flash saved, or any user part of the owner's). The file is
// checked like --bin, before a byte is sent: read bounded, CRC, user part,
// then platform and Device OS against the device (exit 4 otherwise).
import { CliError, EXIT, type CommandContext } from "./context.ts";
import { systemVersionOf } from "../recovery/system-version.ts";
import { checkFirmware } from "../recovery/firmware-check.ts";
import { readBinOption } from "./firmware.ts";
import { chooseDevices, describe, findDevices } from "../recovery/find-devices.ts";
import type { CommandResult, RestoreOptions } from "./options.ts";
import { restoreUserPart } from "../recovery/restore.ts";

export async function restoreCommand(ctx: CommandContext, opts: RestoreOptions): Promise<CommandResult> {
  // The file first: a bad one is refused (exit 4) whether or not a device is there.
  const file = await readBinOption(opts.file, { ownerApp: true });
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const [found] = await chooseDevices(ctx, devices, { device: opts.device });
  for (const d of devices) if (d !== found) await d.handle.close();
  ctx.io.err(`\n${describe(found)}\n`);
  try {
    const app = await checkFirmware(file, file.bytes, { platform: found.platform, systemVersion: (await systemVersionOf(found.handle)).moduleVersion, ownerApp: true });
    const restored = await restoreUserPart(ctx, found, app, { dctCheck: opts.dctCheck !== false });
    return { code: EXIT.ok, json: { id: found.id, restored } };
  } catch (e) {
    await found.handle.close().catch(() => {});
    if (e instanceof CliError && e.code !== EXIT.cancelled) {
      ctx.io.err(`${e.message}\n`);
      return { code: e.code, error: e.message, json: { id: found.id, restored: null } };
    }
    throw e;
  }
}
