// The host API: every call the reset program makes into the device.
//
// This is the one place the API is defined for the program. The simulator's
// TypeScript side is host-shim/host-api.ts and the C++ side is
// firmware/host/src/wasm_program.cpp; test/host-api-contract.test.ts keeps the
// three in step. Values are Device OS 2.3.1's own (hal/inc/wlan_hal.h,
// services/inc/system_defs.h).
//
// The program has no linear memory (zero WASM pages), so every argument and
// result is a plain integer: no strings, no buffers.

// WLanSelectAntenna_TypeDef
export const ANT_INTERNAL: i32 = 0;
export const ANT_EXTERNAL: i32 = 1;
export const ANT_AUTO: i32 = 3;
// IPAddressSource
export const DYNAMIC_IP: i32 = 0;
export const STATIC_IP: i32 = 1;
// System_Mode_TypeDef (system/inc/system_mode.h)
export const SEMI_AUTOMATIC: i32 = 2;

// Report codes, decoded by the simulator and the C++ host.
export const ACTION_RESET: i32 = 0;
export const ACTION_DONE: i32 = 1;
export const ACTION_EEPROM_FAILURE: i32 = 2;
export const ACTION_SETTINGS_FAILURE: i32 = 3; // gave up: the settings did not stay reset
export const DIAGNOSIS_OK: i32 = 0;
export const DIAGNOSIS_NO_ACCESS_POINTS: i32 = 1;
export const DIAGNOSIS_EEPROM_FAILURE: i32 = 2;
export const DIAGNOSIS_PENDING: i32 = 3; // a reset boot: the verdict comes after the reset
export const DIAGNOSIS_RADIO_OFF: i32 = 4; // the Wi-Fi module did not come on: no scan was possible
export const DIAGNOSIS_SCAN_FAILED: i32 = 5; // WiFi.scan() returned an error: access points not known
export const DIAGNOSIS_SETTINGS_FAILURE: i32 = 6; // antenna or IP source back to non-default after every reset
// System_Reset_Reason RESET_REASON_NONE: what resetReason() returns while the
// DCT feature flag FEATURE_RESET_INFO is off (hal/src/stm32f2xx/core_hal_stm32f2xx.c).
export const RESET_REASON_NONE: i32 = 0;
/** A value not recorded (retained RAM lost to a power cut) or not measured (no scan on a reset boot). */
export const UNKNOWN: i32 = -1;

// EEPROM.get/put of a uint32_t at a byte address (little-endian).
// @ts-ignore: decorator
@external("photon", "eeprom_get_u32")
export declare function eepromGetU32(address: u32): u32;
// @ts-ignore: decorator
@external("photon", "eeprom_put_u32")
export declare function eepromPutU32(address: u32, value: u32): void;

// WiFi.on(): with SYSTEM_THREAD(ENABLED) it only queues network_on for the
// system thread (system/src/system_network_compat.cpp); poll wifiIsOn().
// @ts-ignore: decorator
@external("photon", "wifi_on")
export declare function wifiOn(): void;
// WiFi.isOn(): 1 once the Wi-Fi module is up
// @ts-ignore: decorator
@external("photon", "wifi_is_on")
export declare function wifiIsOn(): i32;
// WiFi.getAntenna()
// @ts-ignore: decorator
@external("photon", "wifi_get_antenna")
export declare function wifiGetAntenna(): i32;
// WiFi.selectAntenna(a): 0 on success
// @ts-ignore: decorator
@external("photon", "wifi_select_antenna")
export declare function wifiSelectAntenna(antenna: i32): i32;
// wlan_get_ipaddress_source(NULL)
// @ts-ignore: decorator
@external("photon", "wifi_get_ip_source")
export declare function wifiGetIpSource(): i32;
// WiFi.useDynamicIP()
// @ts-ignore: decorator
@external("photon", "wifi_use_dynamic_ip")
export declare function wifiUseDynamicIp(): void;
// WiFi.getCredentials(...): number of stored networks
// @ts-ignore: decorator
@external("photon", "wifi_credentials_count")
export declare function wifiCredentialsCount(): i32;
// WiFi.clearCredentials(): 1 on success
// @ts-ignore: decorator
@external("photon", "wifi_clear_credentials")
export declare function wifiClearCredentials(): i32;
// WiFi.scan(...): number of access points seen, or a negative error
// @ts-ignore: decorator
@external("photon", "wifi_scan_count")
export declare function wifiScanCount(): i32;

// delay(ms)
// @ts-ignore: decorator
@external("photon", "delay_ms")
export declare function delayMs(ms: u32): void;
// System.reset(): does not return
// @ts-ignore: decorator
@external("photon", "system_reset")
export declare function systemReset(): void;
// System.resetReason()
// @ts-ignore: decorator
@external("photon", "reset_reason")
export declare function resetReason(): i32;
// Particle.connect()
// @ts-ignore: decorator
@external("photon", "cloud_connect")
export declare function cloudConnect(): void;

// A retained uint32_t slot (backup RAM: survives reset, lost on power loss).
// @ts-ignore: decorator
@external("photon", "retained_get")
export declare function retainedGet(slot: u32): u32;
// @ts-ignore: decorator
@external("photon", "retained_set")
export declare function retainedSet(slot: u32, value: u32): void;

// One report per boot. "before" values are UNKNOWN when not recorded.
// @ts-ignore: decorator
@external("photon", "report")
export declare function report(
  buildId: u32, action: i32, diagnosis: i32,
  antennaBefore: i32, ipSourceBefore: i32, credentialsBefore: i32, resetReasonBefore: i32,
  antennaAfter: i32, ipSourceAfter: i32, credentialsAfter: i32,
  accessPoints: i32, resetAttempts: i32
): void;
