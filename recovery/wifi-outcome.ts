// The outcome once Wi-Fi credentials were sent to a reset Photon: the reset's
// own outcome, with the verdict for where the Photon got (on the cloud; back
// in listening mode, the credentials refused; or not on the cloud in time, and
// why when it joined Wi-Fi). A face keeps the latest outcome and draws it,
// rather than rebuilding the verdict from pieces kept aside.
import { adviceFor, type Advice } from "../model/advice.ts";
import type { ConnectionOutcome } from "../model/connection.ts";
import type { ActionWords, NextAction } from "./actions.ts";
import type { CloudFailureJson } from "./cloud-check.ts";
import { EXIT } from "./errors.ts";
import type { DeviceResult } from "./outcome.ts";
import { systemResetAdvice } from "./system-reset.ts";
import type { JoinResult } from "./wifi-setup.ts";

export const CONNECTED: ConnectionOutcome = { led: "breathing-cyan", wifi: true, cloud: true, reason: "connected" };

/** On Wi-Fi, off the cloud: the verdict is why, not "enter the password again". */
export function cloudFailureAdvice(advice: Advice, failure: CloudFailureJson): Advice {
  return { ...advice, tone: "problem", wifiHelps: false, actions: [], summary: failure.summary, nextStep: failure.nextStep,
    headline: failure.cause === "server-key" ? "On Wi-Fi, but its server key keeps it off the Particle cloud" : "On Wi-Fi, but the Particle cloud does not accept this Photon" };
}

/** Where a join left the Photon, as the advice reads it. */
function connection(join: JoinResult, ssid: string): ConnectionOutcome {
  if (join.cloud) return CONNECTED;
  return join.rejected
    ? { led: "blinking-blue", wifi: false, cloud: false, rejectedCredentials: true, reason: `the Photon could not join “${ssid}” and is back in listening mode` }
    : { led: "blinking-green", wifi: false, cloud: false, reason: "it did not reach the cloud in time" };
}

/**
 * `before`: the reset's outcome (our firmware's report, or, with no report,
 * its own system's reset). `cloudFailure`: why the cloud refused a Photon that
 * joined Wi-Fi, when that could be told (cloud-check.ts).
 */
export function afterJoin(before: DeviceResult, join: JoinResult, ssid: string, words: ActionWords,
  cloudFailure: { failure: CloudFailureJson; next: NextAction[] } | null = null): DeviceResult {
  const reset = before.report ? adviceFor(before.report, connection(join, ssid), false, { action: (a) => words({ command: a }) })
    : systemResetAdvice(before.advice?.summary ?? "", join.cloud ? "cloud" : "listening", words);
  const failure = join.cloud ? null : cloudFailure;
  const advice = failure ? cloudFailureAdvice(reset, failure.failure) : reset;
  const error = join.cloud ? undefined : failure?.failure.summary ?? join.message;
  const { error: _error, cloudFailure: _failure, ...kept } = before;
  return { ...kept, diagnosis: advice.code, advice, cloud: join.cloud, credentialsSent: true,
    ...(error ? { error } : {}), exitCode: error ? EXIT.failed : before.exitCode,
    ...(failure ? { cloudFailure: failure.failure } : {}),
    next: join.cloud ? [] : failure ? failure.next : advice.actions.map((command) => ({ command })),
    state: join.cloud ? { id: before.id, is: "finished" } : { id: before.id, is: "listening", resetDone: true } };
}
