// Everything the CLI touches outside itself, passed in: USB, serial, the
// terminal, time limits and where firmware lives. main() gets the real ones;
// tests pass a simulated bus and captured output.
import { EXIT as SCRIPT_EXIT } from "../lib/exit-codes.ts";
import type { SerialBackend, UsbBackend } from "./backends.ts";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** A person at a terminal who can answer questions. */
  interactive: boolean;
  /** Colour and a live progress bar. */
  tty: boolean;
  ask(question: string): Promise<string>;
  /** Asks without echoing the answer (a password). */
  askHidden(question: string): Promise<string>;
  /** Bytes sent of a transfer, for a graphical bar (the web page); the text bar is drawn either way. */
  progress?(label: string, sent: number, total: number): void;
  env: NodeJS.ProcessEnv;
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
} as const;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CliError extends Error {
  constructor(message: string, readonly code: number) { super(message); }
}
