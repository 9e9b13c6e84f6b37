// The typed outcome of the workflow for one device: what `flash` (and rerun,
// restore) hands back to its renderers. --json prints it as it is (only ever
// gaining keys); a terminal and the page draw it.
import type { Advice } from "../model/advice.ts";
import type { DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";
import type { NextAction } from "./actions.ts";
import type { BackupJson, PhotonState } from "./events.ts";
import type { GrantDfuDevice } from "./dct-readback.ts";
import type { Firmware } from "./firmware-check.ts";
import type { FoundDevice } from "./find-devices.ts";
import type { BackupOptions } from "./backup.ts";
import type { WifiCredentials } from "./wifi-setup.ts";
import type { ServerKeyJson } from "./server-key-json.ts";
import type { CloudFailure } from "../model/cloud-failure.ts";
import type { ScannedAccessPoint } from "../model/wifi-scan-list.ts";

/** `restored` in --json: the backup put back, and what its application then changed in the stored settings. */
export interface RestoredJson extends BackupJson {
  /** The stored IP and antenna settings read after it started (null: not read). */
  dct: DctSettings | null;
  /** What the application changed back, in words, each with what to change in it (empty: nothing). */
  settingsChanged: string[];
  /** Present when the application ran but kept Wi-Fi off the whole time it was watched (model/app-never-connects.ts). */
  appVerdict?: Advice;
}

export interface DeviceResult {
  id: string;
  platform: string;
  result: "recovered" | "already-recovered" | "failed";
  /** Device OS as the device's system part 2 reports it ("2.3.1"; a module version when not a known release), when learnt. */
  deviceOs?: string;
  /** How it was reset: our firmware flashed, or its own system's network requests (Device OS 0.8.0-rc.2 to 1.5.x). */
  route?: "firmware" | "system-requests";
  report: Report | null;
  diagnosis: string | null;
  /** The verdict (headline, tone, LED) and the next step in words, as the renderer names actions. */
  advice: Advice | null;
  cloud: boolean;
  /** The IP and antenna settings read from the device's own storage (null: not read). */
  dct?: DctSettings | null;
  /**
   * On the system-requests route: the stored settings once its own application
   * (still on it) has run again after the read-back, as its system reports
   * them, and what the application changed, in words (empty: nothing).
   */
  afterApp?: { dct: DctSettings; settingsChanged: string[] };
  /** The cloud's server key read with the settings (absent: not read), and the fix when one was due. */
  serverKey?: ServerKeyJson;
  /** Where the storage contradicts the program's report (absent: not read, or nothing). */
  disagreements?: string[];
  error?: string;
  /** Whether Wi-Fi credentials given or typed were sent (absent: none were given). */
  credentialsSent?: boolean;
  exitCode: number;
  /** The owner's application saved before the flash (null: nothing to save, or not asked). */
  backup?: BackupJson | null;
  /** Put back after the recovery (null: not). */
  restored?: RestoredJson | null;
  /** The networks the Photon's own scan saw, read after the reset (doctor's `scan`: named ones, strongest first); absent: it gave none. */
  scan?: ScannedAccessPoint[];
  /** How many access points that scan reported in all (hidden ones and those not kept included). */
  scanSeen?: number;
  /** On Wi-Fi but not on the cloud, told apart: the server key (fixable here) or the device key (the owner's login). */
  cloudFailure?: CloudFailure;
  /** The next steps as data, in order: what the advice's words name. */
  next?: NextAction[];
  /** Where the Photon was left. */
  state?: PhotonState;
}

export interface RecoverOptions {
  /** The checked firmware for this device (the CLI: its package or --bin; the page: the release beside it). */
  firmware: (device: { platform: FoundDevice["platform"]; systemVersion: number | null }) => Promise<Firmware>;
  force?: boolean;
  /** Credentials given up front (scripts; the page's form); otherwise ctx.ask, if anyone, is asked. */
  wifi?: WifiCredentials | null;
  offerWifi: boolean;
  /** Read the device's own stored settings over DFU and compare them with the report (default). */
  dctCheck?: boolean;
  /** For the DCT check in a browser: the owner allows the DFU-mode device (readDctRoundTrip). */
  grantDfuDevice?: GrantDfuDevice;
  /** Save the owner's application before flashing (backup.ts); absent: no backup. */
  backup?: BackupOptions;
  /** A wrong or blank server key: write Particle's without asking (--fix-server-key); otherwise a person, if any, is asked. */
  fixServerKey?: boolean;
  /** The owner's own firmware file, as said to them ("--bin x.bin"): when its Device OS means nothing is flashed, they are told so. */
  chosenFile?: string;
}

export function failedResult(found: Pick<FoundDevice, "id" | "platform">, e: { message: string; code: number }): DeviceResult {
  return { id: found.id, platform: found.platform, result: "failed", report: null, diagnosis: null, advice: null, cloud: false, error: e.message, exitCode: e.code };
}
