// The typed outcome of `doctor` for one device: what it read, read only, and
// the next steps as data. --json prints it as it is (the documented keys, only
// ever gaining more); the terminal draws it (cli/doctor-command.ts); the
// report file takes it (report.ts).
import type { DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";
import type { ScannedAccessPoint } from "../model/wifi-scan-list.ts";
import type { NextAction } from "./actions.ts";
import type { Mode } from "./find-devices.ts";
import type { ServerKeyJson } from "./server-key-json.ts";

/** What `flash` would do for this system (docs/device-os.md). */
export type FlashRoute = { route: "firmware"; build: string } | { route: "system-requests" | "update-first" | "unknown" };

export interface DoctorResult {
  id: string;
  platform: string;
  mode: Mode;
  /** As the device reports it over USB, else from its system module version; null when neither is known. */
  deviceOs: string | null;
  systemModuleVersion: number | null;
  recovery: FlashRoute;
  /** Not in DFU mode: its modules, its cloud status, photon-netreset's last report (or whether it runs). */
  modules?: { type: string; index: number; version: number }[];
  cloud?: string;
  photonNetreset?: Report | "running, no report yet" | "not running";
  /** The networks its own scan saw, strongest first, when it gives a list; `scanSeen` counts every one the scan reported. */
  scan?: ScannedAccessPoint[];
  scanSeen?: number;
  /** The IP and antenna settings in its own storage (null: not read), and why not when it could not be. */
  dct: DctSettings | null;
  dctNotRead?: string;
  serverKey?: ServerKeyJson;
  /** The next steps as data, in the order the terminal names them: the reset, the server key, the Wi-Fi credentials. */
  next: NextAction[];
}
