// Everything the workflow touches outside itself, passed in: USB, serial, a
// person to ask (or nobody), time limits, how the next steps are named, and
// where its events go. cli/ and web/ each make one.
import type { SerialBackend, UsbBackend } from "../model/device.ts";
import type { FirmwareBuild } from "../model/device-os-versions.ts";
import type { ActionWords } from "./actions.ts";
import type { Emit, PhotonState } from "./events.ts";

/** A sentence saying why an answer is refused, or undefined when it is fine. */
export type Check = (value: string) => string | undefined;

/** Questions for a person. Each throws CancelledError on Ctrl-C. */
export interface Prompts {
  confirm(message: string, initial: boolean): Promise<boolean>;
  /** Asks again, saying why, until `check` accepts the answer. */
  text(message: string, check?: Check): Promise<string>;
  /** Like text(), the answer hidden as it is typed (a password). */
  password(message: string, check?: Check): Promise<string>;
  select<T extends string>(message: string, options: { value: T; label: string }[], initial?: T): Promise<T>;
}

export interface Timing {
  /** How long a device may take to come back after a flash or reset. */
  rebootTimeoutMs: number;
  /** How long to wait for the cloud after credentials are entered. */
  cloudTimeoutMs: number;
  pollMs: number;
}

export const REAL_TIMING: Timing = { rebootTimeoutMs: 90_000, cloudTimeoutMs: 90_000, pollMs: 1000 };

/**
 * A simulated Photon (the CLI's --simulate, the page's demo) restarts in
 * milliseconds and joins Wi-Fi at once: polled often, given up on sooner.
 */
export const SIMULATED_TIMING: Timing = { rebootTimeoutMs: 10_000, cloudTimeoutMs: 10_000, pollMs: 50 };

export interface RecoveryContext {
  usb: UsbBackend;
  serial: SerialBackend;
  timing: Timing;
  emit: Emit;
  /** A person who can answer questions (null: nobody; a script, or the page with its own form). */
  ask: Prompts | null;
  /** How a next step is named where it is shown (a command line, a button). */
  words: ActionWords;
  /** Set for a simulated Photon: said wherever it matters. */
  simulated?: { scenario: string; standIn: (platform: "photon" | "p1", build: FirmwareBuild) => Promise<{ bytes: Buffer; buildId: number; wasmPath: string }> };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const note = (ctx: Pick<RecoveryContext, "emit">, text: string) => ctx.emit({ kind: "note", text });
export const setState = (ctx: Pick<RecoveryContext, "emit">, state: PhotonState) => ctx.emit({ kind: "state", state });
/** The advice's words from the context's (model/advice.ts names actions by their command alone). */
export const adviceWords = (ctx: Pick<RecoveryContext, "words">) => ({ action: (a: "wifi" | "rerun" | "flash" | "doctor") => ctx.words({ command: a }) });
/** An action's name without a terminal's backticks, for a sentence that is not rendered as code. */
export const plainAction = (ctx: Pick<RecoveryContext, "words">, a: Parameters<RecoveryContext["words"]>[0]) => ctx.words(a).replace(/`/g, "");

export { CancelledError, EXIT, NOTHING_DONE, RecoveryError } from "./errors.ts";
