// Everything the CLI touches outside itself, passed in: USB, serial, the
// terminal, time limits and where firmware lives. main() gets the real ones;
// tests pass a simulated bus and captured output.
import { EXIT as SCRIPT_EXIT } from "../model/exit-codes.ts";
import type { SerialBackend, UsbBackend } from "./backends.ts";
import type { FirmwareBuild } from "../model/device-os-versions.ts";

/** A sentence saying why an answer is refused, or undefined when it is fine. */
export type Check = (value: string) => string | undefined;

/** Questions for a person at a terminal. Each throws CancelledError on Ctrl-C. */
export interface Prompts {
  confirm(message: string, initial: boolean): Promise<boolean>;
  /** Asks again, saying why, until `check` accepts the answer. */
  text(message: string, check?: Check): Promise<string>;
  /** Like text(), the answer hidden as it is typed (a password). */
  password(message: string, check?: Check): Promise<string>;
  select<T extends string>(message: string, options: { value: T; label: string }[], initial?: T): Promise<T>;
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** A person at a terminal who can answer questions. */
  interactive: boolean;
  /** Colour and a live progress bar. */
  tty: boolean;
  prompts: Prompts;
  /** Bytes sent of a transfer, for a graphical bar (the web page); the text bar is drawn either way. */
  progress?(label: string, sent: number, total: number): void;
  env: NodeJS.ProcessEnv;
  /**
   * What Ctrl-C now should tell the owner: the device's state and what to run
   * next (null: nothing is under way). Set by the commands, read by main().
   */
  interruptNote?: (note: string | null) => void;
  /** Calls `handler` on Ctrl-C outside a question (SIGINT) and exits with its code (the terminal; tests pass none). */
  onInterrupt?: (handler: () => number) => void;
}

export interface Timing {
  /** How long a device may take to come back after a flash or reset. */
  rebootTimeoutMs: number;
  /** How long to wait for the cloud after credentials are entered. */
  cloudTimeoutMs: number;
  pollMs: number;
}

export interface CliContext {
  usb: UsbBackend;
  serial: SerialBackend;
  io: Io;
  timing: Timing;
  /** The package's root: firmware/prebuilt/ and dist/ are found from here. */
  root: string;
  /** issue 21: where a backup of the owner's application is written (default: the current folder). */
  cwd?: string;
  /** Set by --simulate: what the devices are, said wherever it matters. */
  simulated?: { scenario: string; /** What --simulate was given (a name or a file), for advice that names a command. */ option: string; standIn: (platform: "photon" | "p1", build: FirmwareBuild) => Promise<{ bytes: Buffer; buildId: number; wasmPath: string }> };
}

export const REAL_TIMING: Timing = { rebootTimeoutMs: 90_000, cloudTimeoutMs: 90_000, pollMs: 1000 };

/** Exit codes of every photon-netreset command (README, "Exit codes"). */
export const EXIT = {
  /** ok 0, usage 2, and failed 1: a device was not recovered or not verified (timeout, unplugged, failed flash). */
  ...SCRIPT_EXIT,
  /** No usable device: none found, or no permission to open it. */
  noDevice: 3,
  /** The firmware was refused before a byte was sent. */
  badFirmware: 4,
  /** The device already runs this build: nothing was done. */
  alreadyRecovered: 5,
  /** Its Device OS is older than every build and cannot be reset over USB: update it first (docs/device-os.md). */
  deviceOsTooOld: 6,
  /** The owner pressed Ctrl-C (128 + SIGINT, as shells report it). */
  cancelled: 130,
} as const;

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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CliError extends Error {
  constructor(message: string, readonly code: number) { super(message); }
}

export const NOTHING_DONE = "Cancelled: nothing more was done.";

export class CancelledError extends CliError {
  constructor(message = NOTHING_DONE) { super(message, EXIT.cancelled); }
}
