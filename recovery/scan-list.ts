// The Photon's own view of Wi-Fi as a step of the Wi-Fi setup: its scan list
// read over USB (our firmware's "scan" request; on Device OS 0.8.0-rc.2 to
// 1.5.x the system's CTRL_REQUEST_WIFI_SCAN, model/wifi-scan-list.ts), the
// networks offered strongest first with their signal and security, and a
// network typed or given that is not in it warned about before anything is sent.
import { APP_REQUEST, REQUEST, RESULT } from "../model/control-requests.ts";
import type { ParticleDevice } from "../model/device.ts";
import { decodeScanReply, notInScanList, rankNetworks, WIFI_SCAN_REQUEST, type ScanList, type ScannedAccessPoint, type ScanSecurity } from "../model/wifi-scan-list.ts";

const asBytes = (data: Buffer | string | undefined) => (typeof data === "string" ? Buffer.from(data) : data ?? Buffer.alloc(0));

/** What the Photon's scan saw: our firmware's list, else its system's (older Device OS); null when neither answers. */
export async function readScanList(dev: ParticleDevice): Promise<ScanList | null> {
  // A Buffer, not a string: particle-usb decodes the reply as text when the request was text, and the list is binary.
  const ours = await dev.sendControlRequest(REQUEST.APP_CUSTOM, Buffer.from(APP_REQUEST.scan), { timeout: 5000 }).catch(() => null);
  if (ours?.result === RESULT.OK) return decodeScanReply("firmware", asBytes(ours.data));
  const system = await dev.sendControlRequest(WIFI_SCAN_REQUEST, null, { timeout: 15_000 }).catch(() => null);
  if (system?.result === RESULT.OK) return decodeScanReply("system", asBytes(system.data));
  return null;
}

/** The list as --json and the report give it (doctor's and flash's alike): the named networks strongest first, and how many the scan reported. */
export function scanJson(list: ScanList): { scan: ScannedAccessPoint[]; scanSeen: number } {
  return { scan: rankNetworks(list), scanSeen: list.seen };
}

/** The choice that is not in the list: a hidden network, or one to type (a value no SSID can be: it holds a NUL). */
export const OTHER_NETWORK = "\u0000other";

/** One network as the owner reads it in the list: name, signal, security. */
export function networkLabel(ap: ScannedAccessPoint): string {
  const bars = ap.rssi >= -55 ? "strong" : ap.rssi >= -70 ? "good" : ap.rssi >= -80 ? "weak" : "very weak";
  return `${ap.ssid}  (${ap.rssi} dBm, ${bars}; ${ap.security === "open" ? "open" : ap.security.toUpperCase()})`;
}

/** The choices for the list: strongest first, then "a hidden network...". */
export function networkChoices(list: ScanList): { value: string; label: string }[] {
  return [...rankNetworks(list).map((ap) => ({ value: ap.ssid, label: networkLabel(ap) })),
    { value: OTHER_NETWORK, label: "a hidden network, or one not listed (type its name)..." }];
}

/** The security the scan saw for this network (its strongest access point). */
export function scannedSecurity(list: ScanList, ssid: string): ScanSecurity | undefined {
  return rankNetworks(list).find((a) => a.ssid === ssid)?.security;
}

/** The warning before sending credentials for a network the Photon did not see (null: it did, or no list). */
export function notSeenWarning(ssid: string, list: ScanList | null): string | null {
  const why = list && notInScanList(ssid, list);
  return why ? `${why[0].toUpperCase()}${why.slice(1)}; near and on 2.4 GHz, it points to a radio or antenna fault.` : null;
}
