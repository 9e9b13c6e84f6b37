// The workflow's one error type: a sentence for the owner and the exit code
// that says what kind of failure it is (the CLI exits with it; the page picks
// its own words by it). Anything else thrown is a bug.
import { EXIT as SCRIPT_EXIT } from "../model/exit-codes.ts";

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

export class RecoveryError extends Error {
  constructor(message: string, readonly code: number) { super(message); }
}

export const NOTHING_DONE = "Cancelled: nothing more was done.";

/** The owner cancelled (Ctrl-C at a question). Without a message of its own, the renderer says where the Photon was left. */
export class CancelledError extends RecoveryError {
  constructor(message = NOTHING_DONE) { super(message, EXIT.cancelled); }
}
