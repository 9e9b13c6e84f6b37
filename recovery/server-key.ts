// The cloud's server key as a step of the workflow: read in the same DFU visit
// as the IP and antenna settings (public data: DCT offset 2082, never the
// private key at 34), judged by model/server-key.ts, and, when it is wrong or
// blank and the owner agrees (asked, or --fix-server-key), Particle's segment
// written as `particle keys server` writes it and read back: the verdict after
// is the device's own.
import type { DctSettings } from "../model/dct.ts";
import type { ParticleDevice } from "../model/device.ts";
import { explainServerKey, type ServerKeyCheck } from "../model/server-key.ts";
import { checkServerKey, writeServerKey, type DfuKeyDevice } from "../model/server-key-dfu.ts";
import { note, plainAction, type RecoveryContext } from "./context.ts";
import { dfuRoundTrip, readDctSettings, type GrantDfuDevice } from "./dct-readback.ts";
import { serverKeyJson, type ServerKeyJson, type ServerKeyWrite } from "./server-key-json.ts";

export type { ServerKeyJson, ServerKeyWrite } from "./server-key-json.ts";

/** What to do with a wrong or blank key: ask (a person, when there is one), write it (--fix-server-key), or only read (doctor). */
export type ServerKeyPolicy = "ask" | "write" | "read-only";

export const FIX_SERVER_KEY_FLAG = "--fix-server-key";

/** The question asked at a terminal. */
export const FIX_QUESTION = "Write the Particle cloud's server key to it now (what `particle keys server` does)?";

async function decideAndFix(ctx: RecoveryContext, dfu: DfuKeyDevice, check: ServerKeyCheck, policy: ServerKeyPolicy): Promise<ServerKeyWrite | undefined> {
  if (check.verdict === "right" || policy === "read-only") return undefined;
  note(ctx, `Its cloud server key: ${explainServerKey(check)}\n`);
  let agreed = policy === "write";
  if (!agreed && ctx.ask) {
    agreed = await ctx.ask.confirm(FIX_QUESTION, true); // Ctrl-C: cancelled in DFU mode, which leaving DFU mode ends
    if (!agreed) return { written: false, why: "declined at the question" };
  }
  if (!agreed) {
    return { written: false, why: `nobody was asked; ${plainAction(ctx, { command: "flash", args: [FIX_SERVER_KEY_FLAG] })} writes it` };
  }
  note(ctx, "Writing Particle's server key (512 bytes over DFU, as `particle keys server` does), then reading it back...\n");
  const { written, after } = await writeServerKey(dfu);
  return { written: true, bytes: written, after: after.verdict };
}

/**
 * The stored IP and antenna settings and the server key, in one DFU visit
 * (dfuRoundTrip: closes `dev`); the key written when the policy says so.
 */
export async function readStoredSettings(ctx: RecoveryContext, dev: ParticleDevice,
  opts: { policy: ServerKeyPolicy; systemModuleVersion?: number; grant?: GrantDfuDevice }): Promise<{ dct: DctSettings; serverKey: ServerKeyJson }> {
  return dfuRoundTrip(ctx, dev, async (dfu) => {
    const dct = await readDctSettings(dfu);
    const device = dfu as unknown as DfuKeyDevice;
    const check = await checkServerKey(device);
    const write = await decideAndFix(ctx, device, check, opts.policy);
    return { dct, serverKey: serverKeyJson(check, opts.systemModuleVersion, write) };
  }, opts.grant);
}
