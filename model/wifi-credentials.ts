// What Device OS 2.3.1 accepts as Wi-Fi credentials, for both ends of the
// wire: the CLI and the page check with it before sending, the simulator
// refuses with it, the scenario validator reads files with it. Lengths are
// UTF-8 bytes, as the USB serial port and the DCT count them.
import type { Security } from "./wifi.ts";

/**
 * SSID_NAME_SIZE (wwd_structures.h) and WiFiSetupConsole's ssid[33]
 * (system/inc/system_setup.h); WSEC_MIN/MAX_PSK_LEN (wwd_wlioctl.h); the WEP
 * bounds of wlan_set_credentials_internal (hal/src/photon/wlan_hal.cpp);
 * check_enterprise_credentials' 64-byte identity and password.
 */
export const CREDENTIAL_LIMITS = { ssidMax: 32, pskMin: 8, pskMax: 64, wepMin: 5, wepMax: 58, enterpriseMax: 64 } as const;

/** UTF-8 bytes (TextEncoder: the page has no Buffer of its own; one for every call, it keeps no state). */
const UTF8 = new TextEncoder();
export const utf8Bytes = (s: string): number => UTF8.encode(s).length;

// The console reads a line up to CR or LF; a control character (an arrow
// key's escape sequence, a stray Ctrl key) in a value would reach the device.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
export const hasControlCharacter = (s: string): boolean => CONTROL.test(s);

/** Why Device OS would not take this SSID (1 to 32 bytes), or undefined. */
export function ssidProblem(ssid: string): string | undefined {
  if (ssid.length === 0) return "Type the network's name (it cannot be empty).";
  if (CONTROL.test(ssid)) return "The name contains a control character (an arrow or Ctrl key?); type it again.";
  const n = utf8Bytes(ssid);
  if (n > CREDENTIAL_LIMITS.ssidMax) return `A network name is at most ${CREDENTIAL_LIMITS.ssidMax} bytes; this one is ${n}.`;
  return undefined;
}

/** Why Device OS would refuse this password for this security, or undefined (wlan_set_credentials_internal). */
export function passwordProblem(security: Security, password: string | undefined): string | undefined {
  if (security === "open") return undefined;
  const p = password ?? "";
  if (CONTROL.test(p)) return "The password contains a control character (an arrow or Ctrl key?); type it again.";
  const n = utf8Bytes(p);
  const L = CREDENTIAL_LIMITS;
  if ((security === "wpa" || security === "wpa2") && (n < L.pskMin || n > L.pskMax)) {
    return `A ${security.toUpperCase()} password is ${L.pskMin} to ${L.pskMax} bytes; this one is ${n}.`;
  }
  if (security === "wep" && (n < L.wepMin || n > L.wepMax)) return `A WEP key is ${L.wepMin} to ${L.wepMax} bytes; this one is ${n}.`;
  if (security.endsWith("-enterprise") && (n === 0 || n > L.enterpriseMax)) return `An enterprise password is 1 to ${L.enterpriseMax} bytes; this one is ${n}.`;
  return undefined;
}

/**
 * A WEP key as Device OS must be given it: add_wiced_wifi_credentials
 * hex-decodes a WEP key (hal/src/photon/wlan_hal.cpp, hex_decode), so a text
 * key of 5 or 13 ASCII characters (40/104-bit) is sent as its 10 or 26 hex
 * digits; a key already in hex (10 or 26 digits) is sent as it is. Any other
 * key: null, it cannot be a WEP key.
 */
export function wepKeyAsHex(key: string): string | null {
  if (/^([0-9a-fA-F]{10}|[0-9a-fA-F]{26})$/.test(key)) return key.toLowerCase();
  if ((key.length === 5 || key.length === 13) && /^[\x20-\x7e]+$/.test(key)) {
    return [...key].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
  }
  return null;
}

/**
 * The bytes a WEP key stands for, as lower-case hex: a router shows one key
 * as 5/13 characters or as their 10/26 hex digits, and both are the same
 * bytes. 10 or 26 hex digits are taken as hex; any other text as its bytes.
 */
export function wepKeyBytes(key: string): string {
  if (/^([0-9a-fA-F]{10}|[0-9a-fA-F]{26})$/.test(key)) return key.toLowerCase();
  return [...key].map((c) => (c.charCodeAt(0) & 0xff).toString(16).padStart(2, "0")).join("");
}
