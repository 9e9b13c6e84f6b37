// What the command is given from outside (USB, serial, the terminal, time
// limits, where firmware lives): main() gets the real ones, tests pass a
// simulated bus and captured output. main() adds what the workflow needs
// (recovery/context.ts) and hands each command a CommandContext.
import type { Invocation } from "../recovery/actions.ts";
import type { Prompts, RecoveryContext, Timing } from "../recovery/context.ts";
import { EXIT } from "../recovery/errors.ts";
import type { SerialBackend, UsbBackend } from "../model/device.ts";

export { REAL_TIMING, SIMULATED_TIMING, sleep, type Check, type Prompts, type Timing } from "../recovery/context.ts";
export { CancelledError, EXIT, NOTHING_DONE, RecoveryError as CliError } from "../recovery/errors.ts";

export interface Io {
  /** The outcome: what changed, the verdict, the next step (a terminal's stdout; --json keeps it for the JSON). */
  out: (text: string) => void;
  /** Progress, questions and warnings (stderr). */
  err: (text: string) => void;
  /** A person at a terminal who can answer questions. */
  interactive: boolean;
  /** Colour and a live progress bar. */
  tty: boolean;
  prompts: Prompts;
  env: NodeJS.ProcessEnv;
  /** Calls `handler` on Ctrl-C outside a question (SIGINT) and exits with its code (the terminal; tests pass none). */
  onInterrupt?: (handler: () => number) => void;
}

export interface CliContext {
  usb: UsbBackend;
  serial: SerialBackend;
  io: Io;
  timing: Timing;
  /** The package's root: firmware/prebuilt/ and dist/ are found from here. */
  root: string;
  /** Where a backup of the owner's application is written (default: the folder the command was run from). */
  cwd?: string;
  /** How the owner runs the command here: the advice's command lines take the same form (default: installed). */
  form?: Invocation["form"];
  /** Set by --simulate (simulate.ts). */
  simulated?: NonNullable<RecoveryContext["simulated"]>;
}

/** What a command runs with: the workflow's context over this terminal, and how this run was invoked. */
export interface CommandContext extends CliContext, RecoveryContext {
  invocation: Invocation;
}

/** What each exit code means: printed by --help, and the README's table must say the same (a test checks). */
export const EXIT_MEANINGS: readonly [code: number, meaning: string][] = [
  [EXIT.ok, "done: every device reset and verified (and on the cloud, when credentials were entered); doctor read every device"],
  [EXIT.failed, "a device was not: timeout, unplugged, refused by the device, eeprom-failure, its radio is off or sees no 2.4 GHz network, its stored settings contradict its report, or no cloud after credentials"],
  [EXIT.usage, "bad arguments, or several devices and no way to ask which"],
  [EXIT.noDevice, "no usable device: none found, no permission, or its serial port cannot be reached"],
  [EXIT.badFirmware, "firmware refused before flashing (bad, missing or unreadable file)"],
  [EXIT.alreadyRecovered, "every device already runs this build: nothing was done"],
  [EXIT.deviceOsTooOld, "its Device OS is too old to reset over USB (before 0.8.0): update it, then run again; nothing was done"],
  [EXIT.cancelled, "cancelled with Ctrl-C (the message says what state the device was left in)"],
];
