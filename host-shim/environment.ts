// The radio world around a simulated Photon, and what Device OS does in it
// when it connects: which access points a scan sees, and how a connection
// attempt ends (the LED pattern the owner sees).
import type { Security, WifiSettings } from "./wifi-settings.ts";
import type { ConnectionOutcome } from "../model/connection.ts";

export { LED_PATTERNS, type ConnectionOutcome, type LedPattern } from "../model/connection.ts";

export interface AccessPoint {
  ssid: string;
  band: "2.4" | "5";
  security: Security;
  password?: string;
  rssi: number;
  /** Hands out addresses by DHCP. */
  dhcp: boolean;
  /** Its uplink reaches the internet. */
  internet: boolean;
  /** The LAN behind it, as CIDR, e.g. 192.168.1.0/24. */
  subnet: string;
}

export interface Environment {
  accessPoints: AccessPoint[];
  cloudReachable: boolean;
}

export interface Hardware {
  externalAntennaFitted: boolean;
  radioDamaged: boolean;
}

/** The Photon's radio is 2.4 GHz only; a selected external antenna with none fitted hears nothing. */
export function visibleAccessPoints(env: Environment, hw: Hardware, settings: WifiSettings): AccessPoint[] {
  if (hw.radioDamaged) return [];
  if (settings.antenna === "external" && !hw.externalAntennaFitted) return [];
  return env.accessPoints.filter((ap) => ap.band === "2.4");
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

/**
 * What Device OS does after Particle.connect() with these settings in this
 * place. `justEntered`: the credentials were typed in listening mode just
 * now; a join that then fails goes back to listening mode
 * (hal/src/photon/wlan_hal.cpp wifi_creds_changed; system/src/system_network_internal.h).
 */
export function connect(env: Environment, hw: Hardware, settings: WifiSettings, justEntered = false): ConnectionOutcome {
  const outcome = joinOutcome(env, hw, settings);
  if (justEntered && !outcome.wifi && outcome.led !== "blinking-blue") {
    return { ...outcome, led: "blinking-blue", reason: `${outcome.reason}; back in listening mode`, rejectedCredentials: true };
  }
  return outcome;
}

function joinOutcome(env: Environment, hw: Hardware, settings: WifiSettings): ConnectionOutcome {
  const stored = settings.credentials();
  // connect() with no credentials calls listen() whether or not the radio
  // came up (system/src/system_network_internal.h ManagedNetworkInterface::connect).
  if (stored.length === 0) {
    return { led: "blinking-blue", wifi: false, cloud: false, reason: "no stored networks: listening mode, waiting for credentials" };
  }
  if (hw.radioDamaged) {
    return { led: "breathing-white", wifi: false, cloud: false, reason: "the Wi-Fi module does not start (damaged radio)" };
  }
  const visible = visibleAccessPoints(env, hw, settings);
  // Device OS tries the stored networks that are in range, in slot order.
  const candidates = stored.filter((c) => visible.some((ap) => ap.ssid === c.ssid));
  if (candidates.length === 0) {
    const why = settings.antenna === "external" && !hw.externalAntennaFitted
      ? "the external antenna is selected but none is fitted"
      : "no stored network is in range on 2.4 GHz";
    return { led: "blinking-green", wifi: false, cloud: false, reason: why };
  }
  for (const credential of candidates) {
    const ap = visible.find((a) => a.ssid === credential.ssid)!;
    if (ap.security !== credential.security || (ap.security !== "open" && ap.password !== credential.password)) continue;
    if (settings.ipSource === "static") {
      if (!settings.staticIp || !inSubnet(settings.staticIp.host, ap.subnet)) {
        return { led: "blinking-cyan", wifi: true, cloud: false, reason: `the static IP is outside ${ap.ssid}'s subnet ${ap.subnet}` };
      }
    } else if (!ap.dhcp) {
      // Join and DHCP are one blocking call on the system thread
      // (hal/src/photon/wlan_hal.cpp wlan_connect_finalize); the fast green
      // of NETWORK_DHCP is queued behind it, so the owner sees blinking green.
      return { led: "blinking-green", wifi: false, cloud: false, reason: `${ap.ssid} gives no address by DHCP` };
    }
    if (!ap.internet || !env.cloudReachable) {
      return { led: "blinking-cyan", wifi: true, cloud: false, reason: "the Particle cloud cannot be reached from this network" };
    }
    return { led: "breathing-cyan", wifi: true, cloud: true, reason: `connected through ${ap.ssid}` };
  }
  return { led: "blinking-green", wifi: false, cloud: false, reason: "the stored password or security type does not match the network" };
}
