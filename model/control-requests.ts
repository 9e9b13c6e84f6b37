// Particle's USB control requests as both ends use them: the request types
// (system/inc/system_control.h), the result codes (system_error_t, taken
// from particle-usb's own table), the device modes, and our application
// requests (CTRL_REQUEST_APP_CUSTOM) with their payloads.
import resultModule from "particle-usb/src/result.js";

/**
 * Request types, named as particle-usb's src/request.js names them (it does
 * not export that table; test/control-requests.test.ts holds these equal to
 * it). APP_CUSTOM is CTRL_REQUEST_APP_CUSTOM, which particle-usb has no name for.
 */
export const REQUEST = {
  APP_CUSTOM: 10, RESET: 40, DFU_MODE: 50, SAFE_MODE: 60, START_LISTENING: 70, STOP_LISTENING: 71, GET_DEVICE_MODE: 72,
  MODULE_INFO: 90, START_FIRMWARE_UPDATE: 250, FINISH_FIRMWARE_UPDATE: 251, CANCEL_FIRMWARE_UPDATE: 252,
  FIRMWARE_UPDATE_DATA: 253, CLOUD_STATUS: 300,
} as const;

/** system_error_t values (services/inc/system_error.h), from particle-usb's Result table. */
export const RESULT = (resultModule as { Result: Record<string, number> }).Result as {
  readonly OK: 0; readonly NOT_SUPPORTED: -120; readonly NOT_FOUND: -170; readonly INVALID_ARGUMENT: -270;
  readonly INVALID_STATE: -210; readonly NO_MEMORY: -260; readonly [name: string]: number;
};

/** DeviceMode of control/config.proto (GetDeviceModeReply). */
export const DEVICE_MODE = { NORMAL_MODE: 0, LISTENING_MODE: 1 } as const;

/**
 * Our application requests (firmware/host/src/usb_requests.cpp
 * ctrl_request_custom_handler): "report", "rerun", "scan" (what the boot's
 * scan saw: model/wifi-scan-list.ts), and "wifi" followed by a
 * credential (wifiRequest below) to store an open or WEP network the way the
 * serial console cannot (docs/conformance-usb.md).
 */
export const APP_REQUEST = { report: "report", rerun: "rerun", wifi: "wifi", scan: "scan" } as const;

/** WLanSecurityType values the "wifi" request takes (hal/inc/wlan_hal.h): WLAN_SEC_UNSEC 0, WLAN_SEC_WEP 1. */
export const APP_WIFI_SECURITY = { open: 0, wep: 1 } as const;

/**
 * The "wifi" payload: "wifi" NUL security-digit NUL ssid NUL key (NUL
 * separates; neither an SSID typed at a console nor a hex key holds one).
 * The key is never logged by either end.
 */
export function wifiRequest(security: keyof typeof APP_WIFI_SECURITY, ssid: string, key = ""): string {
  return [APP_REQUEST.wifi, String(APP_WIFI_SECURITY[security]), ssid, key].join("\0");
}

/** The "wifi" payload read back: null when it is not one. */
export function parseWifiRequest(payload: Uint8Array): { security: keyof typeof APP_WIFI_SECURITY; ssid: Uint8Array; key: Uint8Array } | null {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= payload.length; i++) {
    if (i === payload.length || payload[i] === 0) { parts.push(payload.subarray(from, i)); from = i + 1; }
  }
  const word = new TextDecoder().decode(parts[0]);
  if (parts.length !== 4 || word !== APP_REQUEST.wifi) return null;
  const digit = new TextDecoder().decode(parts[1]);
  const security = digit === "0" ? "open" : digit === "1" ? "wep" : null;
  return security && { security, ssid: parts[2], key: parts[3] };
}
