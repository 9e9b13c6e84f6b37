// How Device OS 2.3.1 stores Wi-Fi credentials and which stored entries it
// will join (hal/src/photon/wlan_hal.cpp): toSecurity, the checks of
// wlan_set_credentials_internal, the hex decoding of WEP keys in
// add_wiced_wifi_credentials, and is_ap_entry_valid, which wlan_join applies
// to every stored entry (since 1.5.0). Lengths are bytes.
import { CREDENTIAL_LIMITS } from "../../model/wifi-credentials.ts";
import type { Cipher } from "../../model/setup-console.ts";
import type { Security } from "../../model/wifi.ts";

/** wiced_security_t bits (WICED's wwd_constants.h). */
export const WICED = {
  OPEN: 0, WEP: 0x1, TKIP: 0x2, AES: 0x4, SHARED: 0x8000, WPA: 0x00200000, WPA2: 0x00400000, ENTERPRISE: 0x02000000,
} as const;

/** What toSecurity starts from, by WLanSecurityType. */
const BASE: Record<Security, number> = {
  open: WICED.OPEN, wep: WICED.WEP, wpa: WICED.WPA, wpa2: WICED.WPA2,
  "wpa-enterprise": WICED.WPA | WICED.ENTERPRISE, "wpa2-enterprise": WICED.WPA2 | WICED.ENTERPRISE,
};
const CIPHER_BITS: Record<Cipher, number> = { aes: WICED.AES, tkip: WICED.TKIP, "aes+tkip": WICED.AES | WICED.TKIP };

/**
 * toSecurity: the security with the cipher's bits ORed in, whatever the
 * security (so open|AES = 4 and WEP|AES = 5). WPA/WPA2 without a cipher sniff
 * the network for it: `sniffed` is what a scan found (undefined: not in range,
 * WLAN_SET_CREDENTIALS_CIPHER_REQUIRED, null here).
 */
export function toSecurity(security: Security, cipher: Cipher | undefined, sniffed?: number): number | null {
  const result = BASE[security] | (cipher ? CIPHER_BITS[cipher] : 0);
  if ((result & (WICED.WPA | WICED.WPA2)) && !cipher) return sniffed ?? null;
  return result;
}

/** The wiced_security_t of an access point a scan sees (WPA networks with AES, as the simulator's are). */
export function accessPointSecurity(security: Security): number {
  return security === "open" || security === "wep" ? BASE[security] : BASE[security] | WICED.AES;
}

/** WLanSecurityCipher of a scan result (toCipherType): none unless the AES or TKIP bit is set, so never for open or WEP. */
export function toCipherType(wiced: number): Cipher | undefined {
  if (wiced & WICED.AES) return "aes";
  if (wiced & WICED.TKIP) return "tkip";
  return undefined;
}

const VALID_PSK = [WICED.WEP, WICED.WEP | WICED.SHARED, WICED.WPA | WICED.TKIP, WICED.WPA | WICED.AES, WICED.WPA | WICED.AES | WICED.TKIP,
  WICED.WPA2 | WICED.AES, WICED.WPA2 | WICED.TKIP, WICED.WPA2 | WICED.AES | WICED.TKIP];
const VALID_OTHER = [WICED.OPEN, ...[WICED.TKIP, WICED.AES, WICED.AES | WICED.TKIP].flatMap((c) =>
  [WICED.WPA | WICED.ENTERPRISE | c, WICED.WPA2 | WICED.ENTERPRISE | c])];

/** is_ap_entry_valid: a known security value (and, for the PSK types, a key of 1-64 bytes). */
export function isApEntryValid(wiced: number, keyBytes: number): boolean {
  if (VALID_PSK.includes(wiced)) return keyBytes > 0 && keyBytes <= 64;
  return VALID_OTHER.includes(wiced);
}

/** wlan_set_credentials_internal's result codes (hal/inc/wlan_hal.h). */
export const WLAN_RESULT = { OK: 0, INVALID_SSID_LENGTH: -1, INVALID_KEY_LENGTH: -2, CIPHER_REQUIRED: -3 } as const;

/** wlan_set_credentials_internal's checks on a computed wiced security, before anything is stored. */
export function credentialCheck(ssid: Uint8Array, wiced: number | null, key: Uint8Array): number {
  const L = CREDENTIAL_LIMITS;
  if (ssid.length === 0 || ssid.length > L.ssidMax) return WLAN_RESULT.INVALID_SSID_LENGTH;
  if (wiced === null) return WLAN_RESULT.CIPHER_REQUIRED;
  if ((wiced & WICED.WEP) && (key.length < L.wepMin || key.length > L.wepMax)) return WLAN_RESULT.INVALID_KEY_LENGTH;
  if ((wiced & (WICED.WPA | WICED.WPA2)) && !(wiced & WICED.ENTERPRISE) && (key.length < L.pskMin || key.length > L.pskMax)) {
    return WLAN_RESULT.INVALID_KEY_LENGTH;
  }
  return WLAN_RESULT.OK;
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
export function hexDecode(hex: Uint8Array, max = 64): Uint8Array {
  const out: number[] = [];
  for (let i = 0; out.length < max && i < hex.length; i += 2) {
    const hi = hexNibble(hex[i]) << 4;
    const lo = i + 1 < hex.length ? hexNibble(hex[i + 1]) : 0;
    out.push((hi | lo) & 0xff);
  }
  return Uint8Array.from(out);
}

/**
 * The key bytes add_wiced_wifi_credentials stores: only a WICED_SECURITY_WEP_PSK
 * key (exactly 1: not WEP|AES) longer than one byte whose first byte is above
 * 4 is hex-decoded; every other key is kept as given, at most 64 bytes.
 */
export function storedKey(wiced: number, key: Uint8Array): Uint8Array {
  if (wiced === WICED.WEP && key.length > 1 && key[0] > 4) return hexDecode(key);
  return key.subarray(0, 64);
}
