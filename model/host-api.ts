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

/**
 * THE host API: every call the program makes into the device, declared once.
 * From this table `npm run gen:host-api` writes the program's declarations
 * (firmware/program/photon.ts) and the reference table (docs/host-api.md);
 * test/host-api-contract.test.ts checks the C++ forms against it (the glue in
 * firmware/host/src/wasm_program.cpp, the fake Device OS in host-shim/native/
 * and host-shim/native-photon.ts's mapping). Every value is an i32: the
 * program has no linear memory.
 */
export const HOST_API = [
  { name: "eeprom_get_u32", params: ["address: u32"], result: "u32", deviceOs: "EEPROM.get(address, uint32_t&)",
    fake: "HAL_EEPROM_Get", note: "a uint32_t at a byte address, little-endian" },
  { name: "eeprom_put_u32", params: ["address: u32", "value: u32"], result: null, deviceOs: "EEPROM.put(address, uint32_t)",
    fake: "HAL_EEPROM_Put", note: "" },
  { name: "wifi_on", params: [], result: null, deviceOs: "WiFi.on()",
    fake: "WiFi.on", note: "asynchronous with SYSTEM_THREAD(ENABLED): queued for the system thread" },
  { name: "wifi_is_on", params: [], result: "i32", deviceOs: "WiFi.isOn()",
    fake: "WiFi.isOn", note: "1 once the Wi-Fi module is up" },
  { name: "wifi_get_antenna", params: [], result: "i32", deviceOs: "WiFi.getAntenna()",
    fake: "WiFi.getAntenna", note: "`ANT_INTERNAL=0`, `ANT_EXTERNAL=1`, `ANT_AUTO=3`" },
  { name: "wifi_select_antenna", params: ["antenna: i32"], result: "i32", deviceOs: "WiFi.selectAntenna(antenna)",
    fake: "WiFi.selectAntenna", note: "0 on success" },
  { name: "wifi_get_ip_source", params: [], result: "i32", deviceOs: "wlan_get_ipaddress_source(NULL)",
    fake: "wlan_get_ipaddress_source", note: "`DYNAMIC_IP=0`, `STATIC_IP=1`" },
  { name: "wifi_use_dynamic_ip", params: [], result: null, deviceOs: "WiFi.useDynamicIP()",
    fake: "WiFi.useDynamicIP", note: "the static address stays stored, unused" },
  { name: "wifi_credentials_count", params: [], result: "i32", deviceOs: "wlan_get_credentials(callback, &n)",
    fake: "wlan_get_credentials", note: "what `WiFi.getCredentials` calls; counted in the callback, no 5 × 64-byte buffer" },
  { name: "wifi_clear_credentials", params: [], result: "i32", deviceOs: "WiFi.clearCredentials()",
    fake: "WiFi.clearCredentials", note: "1 on success" },
  { name: "wifi_scan_count", params: [], result: "i32", deviceOs: "WiFi.scan(callback, &n)",
    fake: "WiFi.scan", note: "access points seen, counted the same way; a negative result is passed on as an error" },
  { name: "delay_ms", params: ["ms: u32"], result: null, deviceOs: "delay(ms)", fake: "delay", note: "" },
  { name: "system_reset", params: [], result: null, deviceOs: "System.reset()", fake: "System.reset", note: "never returns" },
  { name: "reset_reason", params: [], result: "i32", deviceOs: "System.resetReason()",
    fake: "System.resetReason", note: "`RESET_REASON_*`; 0 (none) while the DCT flag `FEATURE_RESET_INFO` is off" },
  { name: "cloud_connect", params: [], result: null, deviceOs: "Particle.connect()", fake: "Particle.connect", note: "" },
  { name: "retained_get", params: ["slot: u32"], result: "u32", deviceOs: "retained uint32_t[4]",
    fake: null, note: "backup RAM: survives reset and flashing, not power loss" },
  { name: "retained_set", params: ["slot: u32", "value: u32"], result: null, deviceOs: "retained uint32_t[4]", fake: null, note: "" },
  { name: "report", params: ["buildId: u32", "action: i32", "diagnosis: i32", "antennaBefore: i32", "ipSourceBefore: i32",
    "credentialsBefore: i32", "resetReasonBefore: i32", "antennaAfter: i32", "ipSourceAfter: i32",
    "credentialsAfter: i32", "accessPoints: i32", "resetAttempts: i32"],
  result: null, deviceOs: "the host prints it and serves it over USB", fake: null, note: "one per boot; see the report" },
] as const satisfies readonly HostCallSpec[];

export interface HostCallSpec {
  /** The import's name in module "photon" (and w2c_photon_<name> in C). */
  name: string;
  /** "name: type", type i32 or u32 (one wasm type; u32 is how the program reads the bits). */
  params: readonly `${string}: ${"i32" | "u32"}`[];
  /** i32 or u32 (the same wasm type; u32 is a bit pattern), or nothing. */
  result: "i32" | "u32" | null;
  /** The Device OS call the C++ host makes. */
  deviceOs: string;
  /** The call the fake Device OS reports for it (null: no Device OS call, e.g. retained RAM). */
  fake: string | null;
  note: string;
}

export type HostCallName = (typeof HOST_API)[number]["name"];
type Spec<N extends HostCallName> = Extract<(typeof HOST_API)[number], { name: N }>;
type Args<P extends readonly string[]> = { [K in keyof P]: number };
/** What the program imports from module "photon", as the simulator implements it. */
export type PhotonImports = {
  [N in HostCallName]: (...args: Args<Spec<N>["params"]>) => Spec<N>["result"] extends null ? void : number;
};

/** Every import, in the order photon.ts declares them. */
export const HOST_CALLS: readonly HostCallName[] = HOST_API.map((c) => c.name);

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
