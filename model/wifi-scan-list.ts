// What the Photon's own Wi-Fi scan saw, as both ends read it: our firmware's
// "scan" request (written by firmware/host/src/scan_list.cpp, encoded by the
// simulator with encodeScanList) and, on Device OS 0.8.0-rc.2 to 1.5.x, the
// system's own CTRL_REQUEST_WIFI_SCAN (112, protobuf WiFiScanReply;
// system/src/control/wifi.cpp handleScanRequest at v1.5.2). One decoder for
// both, then the ranking and the "not in the Photon's list" explanation.
import protobufModule from "@particle/device-os-protobuf";

const protobuf = protobufModule as unknown as {
  encode(name: string, data: unknown): Buffer; decode(name: string, data: Uint8Array): Record<string, unknown>;
};

/** CTRL_REQUEST_WIFI_SCAN (system/inc/system_control.h); particle-usb's scanWifiNetworks sends it. */
export const WIFI_SCAN_REQUEST = 112;

/** WLanSecurityType (hal/inc/wlan_hal.h); the protobuf's WiFiSecurityType has the same values (control/wifi.cpp casts). */
export const SCAN_SECURITY = { 0: "open", 1: "wep", 2: "wpa", 3: "wpa2", 4: "wpa-enterprise", 5: "wpa2-enterprise" } as const;
export type ScanSecurity = (typeof SCAN_SECURITY)[keyof typeof SCAN_SECURITY] | "unknown";
/** WLanSecurityCipher (hal/inc/wlan_hal.h); toCipherType gives none for open and WEP networks. */
export const SCAN_CIPHER = { 0: "none", 1: "aes", 2: "tkip", 3: "aes+tkip" } as const;
export type ScanCipher = (typeof SCAN_CIPHER)[keyof typeof SCAN_CIPHER] | "unknown";

/** One access point as Device OS's scan reports it (wlan_hal.cpp sniffer): a hidden one has an empty SSID. */
export interface ScannedAccessPoint {
  /** The SSID's bytes as text (UTF-8; invalid bytes replaced); "" for a hidden network. */
  ssid: string;
  /** Signal in dBm (record->signal_strength). */
  rssi: number;
  security: ScanSecurity;
  cipher: ScanCipher;
  channel: number;
}

export interface ScanList {
  /** Every access point the scan reported (our firmware keeps only the strongest `aps`). */
  seen: number;
  aps: ScannedAccessPoint[];
}

/**
 * Our reply's layout: one byte, the number of access points the scan
 * reported (255 at most), then one fixed record per kept access point:
 * SSID length, the SSID in 32 bytes (zero-padded), RSSI (int8), security,
 * cipher, channel. At most 16 records: 592 bytes of the firmware's RAM and a
 * 593-byte reply, well inside one USB control transfer (particle-usb reads
 * up to 4,096 bytes at once).
 */
export const SCAN_LIST_FORMAT = { maxEntries: 16, ssidBytes: 32, recordBytes: 37, headerBytes: 1 } as const;

const nameOf = <T extends Record<number, string>>(table: T, value: number) =>
  (table[value as keyof T] as T[keyof T] | undefined) ?? "unknown";
const codeOf = <T extends Record<number, string>>(table: T, name: string) =>
  Number(Object.entries(table).find(([, n]) => n === name)?.[0] ?? 0xff);

/** The firmware's "scan" reply for a scan that reported `aps` (it keeps the strongest, as scan_list.cpp does). */
export function encodeScanList(aps: readonly ScannedAccessPoint[]): Buffer {
  const { ssidBytes, recordBytes, headerBytes } = SCAN_LIST_FORMAT;
  const kept = keptByFirmware(aps);
  const out = Buffer.alloc(headerBytes + kept.length * recordBytes);
  out[0] = Math.min(aps.length, 255);
  kept.forEach((ap, i) => {
    const at = headerBytes + i * recordBytes;
    const ssid = Buffer.from(ap.ssid).subarray(0, ssidBytes);
    out[at] = ssid.length;
    ssid.copy(out, at + 1);
    out.writeInt8(Math.max(-128, Math.min(127, ap.rssi)), at + 1 + ssidBytes);
    out[at + 2 + ssidBytes] = codeOf(SCAN_SECURITY, ap.security);
    out[at + 3 + ssidBytes] = ap.cipher === "unknown" ? 0 : codeOf(SCAN_CIPHER, ap.cipher);
    out[at + 4 + ssidBytes] = ap.channel;
  });
  return out;
}

/**
 * Which records the firmware keeps: in scan order until the list is full,
 * then a stronger access point replaces the weakest kept one (scan_list.cpp).
 */
export function keptByFirmware(aps: readonly ScannedAccessPoint[]): ScannedAccessPoint[] {
  const kept: ScannedAccessPoint[] = [];
  for (const ap of aps) {
    if (kept.length < SCAN_LIST_FORMAT.maxEntries) { kept.push(ap); continue; }
    let weakest = 0;
    for (let i = 1; i < kept.length; i++) if (kept[i].rssi < kept[weakest].rssi) weakest = i;
    if (ap.rssi > kept[weakest].rssi) kept[weakest] = ap;
  }
  return kept;
}

/** Our firmware's "scan" reply read back; throws on a reply of the wrong length. */
export function decodeScanList(reply: Uint8Array): ScanList {
  const { ssidBytes, recordBytes, headerBytes } = SCAN_LIST_FORMAT;
  const bytes = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  if (bytes.length < headerBytes || (bytes.length - headerBytes) % recordBytes !== 0) {
    throw new Error(`a scan list of ${bytes.length} bytes: expected 1 + ${recordBytes} per access point`);
  }
  const aps: ScannedAccessPoint[] = [];
  for (let at = headerBytes; at < bytes.length; at += recordBytes) {
    const length = Math.min(bytes[at], ssidBytes);
    aps.push({
      ssid: bytes.subarray(at + 1, at + 1 + length).toString("utf8"),
      rssi: bytes.readInt8(at + 1 + ssidBytes),
      security: nameOf(SCAN_SECURITY, bytes[at + 2 + ssidBytes]),
      cipher: nameOf(SCAN_CIPHER, bytes[at + 3 + ssidBytes]),
      channel: bytes[at + 4 + ssidBytes],
    });
  }
  return { seen: Math.max(bytes[0], aps.length), aps };
}

interface ProtobufAccessPoint { ssid?: string; security?: number; cipher?: number; channel?: number; rssi?: number }

/** Device OS's WiFiScanReply (0.8.0-rc.2 to 1.5.x): every access point, hidden ones with an empty SSID. */
export function decodeSystemScanReply(reply: Uint8Array): ScanList {
  const { list } = protobuf.decode("WiFiScanReply", reply) as { list?: { aps?: ProtobufAccessPoint[] } };
  const aps = (list?.aps ?? []).map((ap): ScannedAccessPoint => ({
    ssid: ap.ssid ?? "", rssi: ap.rssi ?? 0, channel: ap.channel ?? 0,
    security: nameOf(SCAN_SECURITY, ap.security ?? 0), cipher: nameOf(SCAN_CIPHER, ap.cipher ?? 0),
  }));
  return { seen: aps.length, aps };
}

/** The system's WiFiScanReply for these access points (handleCommonCredentialsRequest; bssid and max_data_rate not modelled). */
export function encodeSystemScanReply(aps: readonly ScannedAccessPoint[]): Buffer {
  return Buffer.from(protobuf.encode("WiFiScanReply", {
    list: { aps: aps.map((ap) => ({
      ssid: ap.ssid, security: codeOf(SCAN_SECURITY, ap.security), channel: ap.channel, rssi: ap.rssi,
      cipher: ap.cipher === "unknown" ? 0 : codeOf(SCAN_CIPHER, ap.cipher),
    })) },
  }));
}

/**
 * The Photon's scan list from whichever request answered: our firmware's
 * "scan" (CTRL_REQUEST_APP_CUSTOM) or, on 0.8.0-rc.2 to 1.5.x, the system's
 * CTRL_REQUEST_WIFI_SCAN.
 */
export function decodeScanReply(request: "firmware" | "system", reply: Uint8Array): ScanList {
  return request === "firmware" ? decodeScanList(reply) : decodeSystemScanReply(reply);
}

/** Strongest first; one entry per named network (its strongest access point), hidden ones (no SSID) left out. */
export function rankNetworks(list: ScanList): ScannedAccessPoint[] {
  const best = new Map<string, ScannedAccessPoint>();
  for (const ap of list.aps) {
    if (ap.ssid === "") continue;
    const known = best.get(ap.ssid);
    if (!known || ap.rssi > known.rssi) best.set(ap.ssid, ap);
  }
  return [...best.values()].sort((a, b) => b.rssi - a.rssi);
}

/**
 * Said before credentials are sent for a network the Photon did not see
 * (null when it did). The Photon's radio hears 2.4 GHz only.
 */
export function notInScanList(ssid: string, list: ScanList): string | null {
  if (list.aps.some((ap) => ap.ssid === ssid)) return null;
  const count = `${list.seen} network${list.seen === 1 ? "" : "s"}`;
  const hidden = list.aps.some((ap) => ap.ssid === "") ? " (a hidden network shows no name: if yours is hidden, go on)" : "";
  if (list.seen === 0) {
    return `your network '${ssid}' is not in the Photon's list: it sees no network at all. It hears only 2.4 GHz, so a 5 GHz-only network is invisible to it; otherwise its radio or antenna is at fault`;
  }
  return `your network '${ssid}' is not among the ${count} the Photon sees${hidden}: it may be 5 GHz only (the Photon hears only 2.4 GHz), out of range, or spelled differently`;
}
