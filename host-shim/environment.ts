// The radio world around a simulated Photon: the access points, what a scan
// sees and what is in reach. What Device OS does in it is device-os/.
import type { Security, WifiSettings } from "./wifi-settings.ts";

export { LED_PATTERNS, type ConnectionOutcome, type LedPattern } from "../model/connection.ts";

export interface AccessPoint {
  ssid: string;
  band: "2.4" | "5";
  security: Security;
  password?: string;
  rssi: number;
  /**
   * Its radio channel, which a scan record carries (wlan_hal.cpp sniffer():
   * record->channel). Optional for older callers and scenario files:
   * SIMULATED_CHANNEL (device-os/wifi-scan.ts).
   */
  channel?: number;
  /** Hands out addresses by DHCP. */
  dhcp: boolean;
  /** Its uplink reaches the internet. */
  internet: boolean;
  /** The LAN behind it, as CIDR, e.g. 192.168.1.0/24. */
  subnet: string;
  /**
   * Whether scans see it: always; hidden (it does not broadcast its SSID, a
   * join by name still works); intermittent (every other scan misses it, from
   * the second on). Optional for older callers: always.
   */
  visibility?: "always" | "hidden" | "intermittent";
}

/** The channel numbers of each band (IEEE 802.11: 1 to 14 on 2.4 GHz; 32 to 177 on 5 GHz), as a scenario may give them. */
export const CHANNELS = { "2.4": { min: 1, max: 14 }, "5": { min: 32, max: 177 } } as const;

export interface Environment {
  accessPoints: AccessPoint[];
  cloudReachable: boolean;
  /** The cloud holds this device's public key (cloud-handshake.ts); optional for older callers: true. */
  cloudKnowsDeviceKey?: boolean;
  /** Scans done so far in this world (an intermittent access point is missed by every other one). */
  scans?: number;
}

export interface Hardware {
  externalAntennaFitted: boolean;
  radioDamaged: boolean;
}

/** In reach of the radio: 2.4 GHz only (BCM43362); a selected external antenna with none fitted hears nothing. */
export function reachableAccessPoints(env: Environment, hw: Hardware, settings: WifiSettings): AccessPoint[] {
  if (hw.radioDamaged) return [];
  if (settings.antenna === "external" && !hw.externalAntennaFitted) return [];
  return env.accessPoints.filter((ap) => ap.band === "2.4");
}

/**
 * What one scan records (counted: an intermittent access point is missed by
 * every other scan). A hidden network is a record with an empty SSID: WiFi.scan()
 * counts every record (hal/src/photon/wlan_hal.cpp sniffer() at v2.3.1), while
 * looking a name up skips it (system_setup.cpp's scan callback).
 */
export function scanAccessPoints(env: Environment, hw: Hardware, settings: WifiSettings): AccessPoint[] {
  const scan = (env.scans = (env.scans ?? 0) + 1);
  return reachableAccessPoints(env, hw, settings).filter((ap) => !(ap.visibility === "intermittent" && scan % 2 === 0))
    .map((ap) => (ap.visibility === "hidden" ? { ...ap, ssid: "" } : ap));
}

function ipv4ToInt(address: string): number {
  const parts = address.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function inSubnet(address: string, cidr: string): boolean {
  const [network, bits] = cidr.split("/");
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  return Math.floor(ipv4ToInt(address) / size) === Math.floor(ipv4ToInt(network) / size);
}

export function isIpv4(address: unknown): boolean {
  try { return typeof address === "string" && ipv4ToInt(address) >= 0; } catch { return false; }
}
