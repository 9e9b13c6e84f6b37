// After the Wi-Fi step: a Photon that joined Wi-Fi (its cloud status stayed
// "connecting") but never reached the cloud, told apart by the server key
// read from its DCT before (model/cloud-failure.ts): a wrong key is fixable
// here; with Particle's key it is the device's own key the cloud does not
// know, which only the owner's login fixes (`particle keys doctor`). Nothing
// here asks for a login, and nothing here calls that case fixed.
import { cloudFailureCause, type CloudFailure } from "../model/cloud-failure.ts";
import { DEFAULT_SERVER_PORT, PARTICLE_SERVER_HOST } from "../model/server-key.ts";
import type { NextAction } from "./actions.ts";
import { plainAction, type RecoveryContext } from "./context.ts";
import { FIX_SERVER_KEY_FLAG } from "./server-key.ts";
import { serverKeyNow, type ServerKeyJson } from "./server-key-json.ts";
import type { ExplainNoCloud } from "./wifi-setup.ts";

/** `cloudFailure` in --json. */
export type CloudFailureJson = CloudFailure;

/** Why it did not reach the cloud, from the key as it stands now (after a write, the key read back). */
export function cloudFailureOf(ctx: Pick<RecoveryContext, "words">, id: string, serverKey: ServerKeyJson, systemModuleVersion: number): { failure: CloudFailureJson; next: NextAction[] } {
  const now = serverKeyNow(serverKey);
  const check = now === serverKey.verdict ? serverKey
    : { verdict: now, problems: [], address: { kind: "domain" as const, host: PARTICLE_SERVER_HOST, port: DEFAULT_SERVER_PORT } };
  const failure = cloudFailureCause(check, systemModuleVersion, id);
  if (!failure.fixableHere) return { failure, next: [] };
  const fix: NextAction = { command: "flash", args: [FIX_SERVER_KEY_FLAG] };
  return { failure: { ...failure, nextStep: `${failure.nextStep} Here: ${plainAction(ctx, fix)}.` }, next: [fix] };
}

/**
 * The explanation for connectWithCredentials: only for a Photon that joined
 * Wi-Fi (not one back in listening mode: a wrong password) and whose key was
 * read; `seen` gets what it found.
 */
export function explainNoCloud(ctx: Pick<RecoveryContext, "words">, id: string, serverKey: ServerKeyJson | undefined, systemModuleVersion: number | undefined,
  seen: (f: { failure: CloudFailureJson; next: NextAction[] }) => void): ExplainNoCloud {
  return (r) => {
    if (r.rejected || !r.onWifi || !serverKey || systemModuleVersion === undefined) return undefined;
    const found = cloudFailureOf(ctx, id, serverKey, systemModuleVersion);
    seen(found);
    return `${found.failure.summary}\nNext step: ${found.failure.nextStep}`;
  };
}
