// The host API as the simulator sees it: the TypeScript twin of
// firmware/program/photon.ts (test/host-api-contract.test.ts keeps them equal).

/** WLanSelectAntenna_TypeDef, hal/inc/wlan_hal.h */
export const ANTENNA = { internal: 0, external: 1, auto: 3 } as const;
export type AntennaName = keyof typeof ANTENNA;
/** IPAddressSource */
export const IP_SOURCE = { dynamic: 0, static: 1 } as const;
export type IpSourceName = keyof typeof IP_SOURCE;
/** System_Mode_TypeDef, system/inc/system_mode.h */
export const SYSTEM_MODE = { AUTOMATIC: 1, SEMI_AUTOMATIC: 2, MANUAL: 3 } as const;
/** System_Reset_Reason, services/inc/system_defs.h */
export const RESET_REASON = {
  none: 0, unknown: 10, "pin-reset": 20, "power-management": 30, "power-down": 40,
  brownout: 50, watchdog: 60, update: 70, "update-error": 80, "update-timeout": 90,
  "factory-reset": 100, "safe-mode": 110, "dfu-mode": 120, panic: 130, user: 140,
} as const;
export type ResetReasonName = keyof typeof RESET_REASON;

export const ACTIONS = ["reset", "done", "eeprom-failure", "settings-failure"] as const;
export type Action = (typeof ACTIONS)[number];
export const DIAGNOSES = [
  "ok", "no-access-points", "eeprom-failure", "pending", "radio-off", "scan-failed", "settings-failure",
] as const;
export type Diagnosis = (typeof DIAGNOSES)[number];
export const UNKNOWN = -1;

export const hex32 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

/** What the program imports from module "photon". Every value is an i32. */
export interface PhotonImports {
  eeprom_get_u32(address: number): number;
  eeprom_put_u32(address: number, value: number): void;
  wifi_on(): void;
  wifi_is_on(): number;
  wifi_get_antenna(): number;
  wifi_select_antenna(antenna: number): number;
  wifi_get_ip_source(): number;
  wifi_use_dynamic_ip(): void;
  wifi_credentials_count(): number;
  wifi_clear_credentials(): number;
  wifi_scan_count(): number;
  delay_ms(ms: number): void;
  system_reset(): void;
  reset_reason(): number;
  cloud_connect(): void;
  retained_get(slot: number): number;
  retained_set(slot: number, value: number): void;
  report(...fields: number[]): void;
}
export type HostCallName = keyof PhotonImports;

/** Every import, in the order photon.ts declares them. */
export const HOST_CALLS = [
  "eeprom_get_u32", "eeprom_put_u32", "wifi_on", "wifi_is_on", "wifi_get_antenna", "wifi_select_antenna",
  "wifi_get_ip_source", "wifi_use_dynamic_ip", "wifi_credentials_count", "wifi_clear_credentials",
  "wifi_scan_count", "delay_ms", "system_reset", "reset_reason", "cloud_connect",
  "retained_get", "retained_set", "report",
] as const satisfies readonly HostCallName[];

/** What the program exports. */
export interface NetresetExports {
  boot(): void;
  rerun(): void;
  BUILD_ID: WebAssembly.Global;
  REQUIRED_SYSTEM_MODE: WebAssembly.Global;
  MARKER_MAGIC: WebAssembly.Global;
  MAX_RESET_ATTEMPTS: WebAssembly.Global;
}

export interface Settings {
  antenna: AntennaName | "unknown";
  ipSource: IpSourceName | "unknown";
  credentials: number | null;
}

/** One boot's report, decoded from the report() call's twelve integers. */
export interface Report {
  buildId: number;
  action: Action;
  diagnosis: Diagnosis;
  before: Settings & { resetReason: ResetReasonName | "unknown" };
  after: Settings;
  accessPoints: number | null;
  resetAttempts: number;
}

/** value → name lookups for the enum tables above, built once. */
function namer<T extends Record<string, number>>(table: T): (value: number) => keyof T | "unknown" {
  const names = new Map(Object.entries(table).map(([k, v]) => [v, k as keyof T]));
  return (value) => names.get(value) ?? "unknown";
}
export const antennaName = namer(ANTENNA);
export const ipSourceName = namer(IP_SOURCE);
export const resetReasonName = namer(RESET_REASON);

const known = (n: number) => (n === UNKNOWN ? null : n);

function pick<T>(list: readonly T[], index: number, what: string): T {
  if (index in list) return list[index];
  throw new Error(`report() has an unknown ${what} code ${index}`);
}

export function decodeReport(fields: readonly number[]): Report {
  if (fields.length !== 12) throw new Error(`report() takes 12 values, got ${fields.length}`);
  const [buildId, action, diagnosis, antB, ipB, credB, reasonB, antA, ipA, credA, aps, attempts] = fields;
  return {
    buildId: buildId >>> 0,
    action: pick(ACTIONS, action, "action"),
    diagnosis: pick(DIAGNOSES, diagnosis, "diagnosis"),
    before: {
      antenna: antennaName(antB), ipSource: ipSourceName(ipB),
      credentials: known(credB), resetReason: resetReasonName(reasonB),
    },
    after: { antenna: antennaName(antA), ipSource: ipSourceName(ipA), credentials: known(credA) },
    accessPoints: known(aps),
    resetAttempts: attempts,
  };
}
