// What the workflow reports while it runs, as data: the renderers (cli/: a
// terminal and --json; web/: the page's state) decide how each looks. The
// Photon's state is recorded at every step that changes it, so a Ctrl-C can
// say where the Photon really is (interrupted.ts).
import type { Advice } from "../model/advice.ts";
import type { DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";
import type { ServerKeyJson } from "./server-key-json.ts";

/** `backup` in --json: where it was kept and what it is (never its bytes). */
export interface BackupJson { path: string; bytes: number; sha256: string; moduleVersion: number }

/** Where the Photon is, as far as the workflow knows: what it runs and which mode it is in. */
export type PhotonState =
  /** Found; nothing sent to it yet. */
  | { id: string; is: "untouched" }
  /** Told to restart into DFU mode, or in DFU mode (blinking yellow), to read `for`; `resetDone`: our reset already ran. */
  | { id: string; is: "dfu"; for: "backup" | "settings"; resetDone: boolean; /** The owner's application put back from this file, before. */ appBack?: string }
  /** A transfer under way: over DFU or over USB while it runs; `what` is going onto it (`file`: the owner's app). */
  | { id: string; is: "flashing"; over: "dfu" | "usb"; what: "photon-netreset" | "owner-app"; file?: string }
  /** photon-netreset is on it and restarts to run the reset (or runs it again: rerun). */
  | { id: string; is: "resetting"; again: boolean }
  /** Reset and waiting in listening mode (blinking blue) for Wi-Fi credentials. */
  | { id: string; is: "listening"; resetDone: boolean }
  /** Credentials sent; it is joining the network. */
  | { id: string; is: "joining"; ssid: string }
  /** Asked to enter listening mode for credentials (nothing sent yet). */
  | { id: string; is: "entering-listening" }
  /** Its own system is resetting the settings (older Device OS, no flash). */
  | { id: string; is: "system-reset" }
  /** The owner's application is back and running. */
  | { id: string; is: "owner-app"; file: string }
  /** Done with it (the outcome says how it ended). */
  | { id: string; is: "finished" };

export type RecoveryEvent =
  /** Progress in words (a terminal's stderr; the page's details log). */
  | { kind: "note"; text: string }
  /** Something the owner should know that is not the outcome. */
  | { kind: "warning"; text: string }
  /** Bytes of a transfer. */
  | { kind: "progress"; label: string; sent: number; total: number; /** The transfer ended (complete or not). */ done?: boolean }
  /** What it waits for, and at most how long. */
  | { kind: "waiting"; for: string; timeoutMs: number }
  | { kind: "state"; state: PhotonState }
  /** The owner's application was kept (before the flash). */
  | { kind: "backup"; id: string; backup: BackupJson }
  /** The program's report: before → after. */
  | { kind: "report"; id: string; report: Report }
  /** The settings read from the device's own storage, and where they contradict the report. */
  | { kind: "dct"; id: string; dct: DctSettings; disagreements: string[]; /** Compared with the program's report (default), or with the reset's target (a reset by its own system). */ against?: "report" | "target" }
  /** The cloud's server key read from the device's storage, and what was done about it. */
  | { kind: "server-key"; id: string; serverKey: ServerKeyJson }
  /** The verdict so far, and the next step as it stands now (before a Wi-Fi question). */
  | { kind: "verdict"; id: string; advice: Advice; nextStep: string }
  /** A line of the outcome that is none of the above (a terminal's stdout). */
  | { kind: "result"; id: string; text: string };

export type Emit = (e: RecoveryEvent) => void;
