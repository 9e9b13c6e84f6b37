// How a connection attempt of Device OS 2.3.1 ends, in a given radio world:
// ManagedNetworkInterface::connect() and notify_dhcp()
// (system/src/system_network_internal.h) over wlan_join and
// wlan_connect_finalize (hal/src/photon/wlan_hal.cpp). Pure: the mode change
// it implies (listening mode) is system.ts's.
import type { ConnectionOutcome } from "../../model/connection.ts";
import { utf8Bytes, wepKeyBytes } from "../../model/wifi-credentials.ts";
import { inSubnet, reachableAccessPoints, type Environment, type Hardware } from "../environment.ts";
import type { StoredCredential, WifiSettings } from "../wifi-settings.ts";
import { isApEntryValid, toSecurity } from "./wlan-credentials.ts";

/** The wiced_security_t a stored network has (one stored without a console's cipher answer: toSecurity with none, WPA sniffed as AES). */
export function storedSecurity(c: StoredCredential): number {
  return c.wiced ?? toSecurity(c.security, /^wpa/.test(c.security) ? "aes" : undefined)!;
}

/** Key length as stored (bytes; WEP keys are held decoded, as latin1). */
const keyBytes = (c: StoredCredential) =>
  c.password === undefined ? 0 : c.security === "wep" ? c.password.length : utf8Bytes(c.password);

/** wlan_join skips every stored entry is_ap_entry_valid rejects. */
export function joinableEntries(settings: WifiSettings): StoredCredential[] {
  return settings.credentials().filter((c) => isApEntryValid(storedSecurity(c), keyBytes(c)));
}

/** A WEP key is compared as the bytes it stands for (stored decoded, or given in either form); others as text. */
const sameKey = (a: string | undefined, b: string | undefined, wep: boolean) =>
  wep && a !== undefined && b !== undefined ? wepKeyBytes(a) === wepKeyBytes(b) : a === b;

/**
 * What connect() leads to with these settings in this place.
 * `listenOnFailedConnect`: WLAN_LISTEN_ON_FAILED_CONNECT, set when listening
 * mode ended with credentials stored during it (wlan_smart_config_finalize
 * returns wifi_creds_changed): a join that then fails goes back to listening
 * mode (notify_dhcp(false) → listen()).
 */
export function connect(env: Environment, hw: Hardware, settings: WifiSettings, listenOnFailedConnect = false): ConnectionOutcome {
  const outcome = joinOutcome(env, hw, settings);
  // connect() without credentials has already listened; a dead module never reaches connect_finalize.
  if (listenOnFailedConnect && !outcome.wifi && outcome.led === "blinking-green" && !hw.radioDamaged) {
    return { ...outcome, led: "blinking-blue", reason: `${outcome.reason}; back in listening mode`, rejectedCredentials: true };
  }
  return outcome;
}

function joinOutcome(env: Environment, hw: Hardware, settings: WifiSettings): ConnectionOutcome {
  const stored = settings.credentials();
  // connect() with no credentials calls listen() whether or not the radio came up.
  if (stored.length === 0) {
    return { led: "blinking-blue", wifi: false, cloud: false, reason: "no stored networks: listening mode, waiting for credentials" };
  }
  // With credentials, connect() starts NETWORK_CONNECTING (blinking green)
  // even when on() failed, and runs connect_finalize() only when it did.
  if (hw.radioDamaged) {
    return { led: "blinking-green", wifi: false, cloud: false, reason: "the Wi-Fi module does not start (damaged radio): Device OS shows connecting, and never joins" };
  }
  const entries = joinableEntries(settings);
  if (entries.length === 0) {
    return { led: "blinking-green", wifi: false, cloud: false,
      reason: "no stored network is one Device OS will join (an open or WEP network typed at the serial console is stored with a cipher, and wlan_join skips it)" };
  }
  const reachable = reachableAccessPoints(env, hw, settings);
  // wlan_join tries the valid entries in slot order; a hidden network joins by name.
  const candidates = entries.filter((c) => reachable.some((ap) => ap.ssid === c.ssid));
  if (candidates.length === 0) {
    const why = settings.antenna === "external" && !hw.externalAntennaFitted
      ? "the external antenna is selected but none is fitted"
      : "no stored network is in range on 2.4 GHz";
    return { led: "blinking-green", wifi: false, cloud: false, reason: why };
  }
  for (const credential of candidates) {
    const ap = reachable.find((a) => a.ssid === credential.ssid)!;
    if (ap.security !== credential.security || (ap.security !== "open" && !sameKey(ap.password, credential.password, ap.security === "wep"))) continue;
    if (settings.ipSource === "static") {
      if (!settings.staticIp || !inSubnet(settings.staticIp.host, ap.subnet)) {
        return { led: "blinking-cyan", wifi: true, cloud: false, reason: `the static IP is outside ${ap.ssid}'s subnet ${ap.subnet}` };
      }
    } else if (!ap.dhcp) {
      // Join and DHCP are one blocking call on the system thread
      // (wlan_connect_finalize); the fast green of NETWORK_DHCP is queued
      // behind it, so the owner sees blinking green.
      return { led: "blinking-green", wifi: false, cloud: false, reason: `${ap.ssid} gives no address by DHCP` };
    }
    if (!ap.internet || !env.cloudReachable) {
      return { led: "blinking-cyan", wifi: true, cloud: false, reason: "the Particle cloud cannot be reached from this network" };
    }
    return { led: "breathing-cyan", wifi: true, cloud: true, reason: `connected through ${ap.ssid}` };
  }
  return { led: "blinking-green", wifi: false, cloud: false, reason: "the stored password or security type does not match the network" };
}
