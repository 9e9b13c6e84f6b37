// What Device OS 2.3.1 accepts when credentials are saved from the listening
// console (hal/src/photon/wlan_hal.cpp, wlan_set_credentials_internal and
// add_wiced_wifi_credentials). Lengths are bytes.
import type { Security } from "../wifi-settings.ts";

export type Cipher = "aes" | "tkip" | "aes+tkip";

/** SSID_NAME_SIZE (wwd_structures.h); WSEC_MIN/MAX_PSK_LEN (wwd_wlioctl.h); the WEP bounds in wlan_set_credentials_internal. */
export const LIMITS = { ssidMax: 32, pskMin: 8, pskMax: 64, wepMin: 5, wepMax: 58 } as const;

/** wlan_set_credentials_internal's checks: 0 (saved) or not. */
export function checkCredential(c: { ssid: Buffer; security: Security; password: Buffer }): boolean {
  if (c.ssid.length === 0 || c.ssid.length > LIMITS.ssidMax) return false; // WLAN_INVALID_SSID_LENGTH
  if (c.security === "wep") return c.password.length >= LIMITS.wepMin && c.password.length <= LIMITS.wepMax;
  if (c.security === "wpa" || c.security === "wpa2") return c.password.length >= LIMITS.pskMin && c.password.length <= LIMITS.pskMax;
  return true;
}

/** hex_nibble (hal/src/photon/softap.cpp): no validation, as in Device OS. */
function hexNibble(c: number): number {
  if (c < 0x30) return 0;
  if (c <= 0x39) return c - 0x30;
  if (c <= 0x5a) return c - 0x41 + 10;
  if (c <= 0x7a) return c - 0x61 + 10;
  return 0;
}

/** hex_decode (softap.cpp) into the 64-byte security_key: pairs of hex digits, an odd last digit is the high nibble. */
export function hexDecode(hex: Buffer, max = 64): Buffer {
  const out: number[] = [];
  for (let i = 0; out.length < max && i < hex.length; i += 2) {
    const hi = hexNibble(hex[i]) << 4;
    const lo = i + 1 < hex.length ? hexNibble(hex[i + 1]) : 0;
    out.push((hi | lo) & 0xff);
  }
  return Buffer.from(out);
}

/**
 * The key as add_wiced_wifi_credentials stores it: a WEP key longer than one
 * byte is hex-decoded; everything else is kept as typed. The simulator keeps
 * keys as strings: the stored bytes read as latin1 (so a WEP access point's
 * `password` in a scenario is its key bytes: "abcde" is typed as 6162636465).
 */
export function storedPassword(security: Security, password: Buffer): string | undefined {
  if (security === "open") return undefined;
  const bytes = security === "wep" && password.length > 1 ? hexDecode(password) : password;
  return security === "wep" ? bytes.toString("latin1") : bytes.toString("utf8");
}
