// Device OS versions a Photon or P1 may run, and what photon-netreset does
// for each (docs/device-os.md). Decided from system part 2's module version,
// which the device reports over USB (module info) and which sits in its
// flash where DFU mode can read it (system-part2-info.ts).

/**
 * System part 2's module version of each Photon release from 0.6.0 on:
 * modules/shared/system_module_version.mk at each tag (SYSTEM_PART2_MODULE_VERSION,
 * COMMON_MODULE_VERSION from 1.2.1; SYSTEM_PART1_MODULE_VERSION before 1.0.1,
 * where both parts share it). Tags for other platforms (b5som, tracker) left out.
 * 3.x: the 2.3.1 build runs there. HAL_Core_Validate_User_Module → HAL_Verify_User_Dependencies
 * → validate_module_dependencies (hal/src/stm32f2xx/ota_flash_hal_stm32f2xx.cpp at v3.3.1) asks
 * only module_version >= dependency (3302 >= 2302), and the Photon's dynalib tables the build calls
 * only grew (hal_dynalib_wlan_compat.h at v3.3.1 lists hal_wlan as hal_dynalib_wlan.h did at v2.3.1).
 */
export const SYSTEM_MODULE_VERSIONS: Readonly<Record<string, number>> = {
  "0.6.0": 102, "0.6.0-rc.1": 100, "0.6.0-rc.2": 101, "0.6.1": 105, "0.6.1-rc.1": 103, "0.6.1-rc.2": 104,
  "0.6.2": 108, "0.6.2-rc.1": 106, "0.6.2-rc.2": 107, "0.6.3": 109, "0.6.4": 110, "0.7.0": 207, "0.7.0-rc.1":
  200, "0.7.0-rc.2": 201, "0.7.0-rc.3": 202, "0.7.0-rc.4": 203, "0.7.0-rc.5": 204, "0.7.0-rc.6": 205,
  "0.7.0-rc.7": 206, "0.8.0-rc.1": 300, "0.8.0-rc.2": 301, "0.8.0-rc.3": 302, "0.8.0-rc.4": 303, "0.8.0-rc.5":
  304, "0.8.0-rc.6": 305, "0.8.0-rc.7": 306, "0.8.0-rc.8": 307, "0.8.0-rc.9": 308, "0.8.0-rc.10": 309,
  "0.8.0-rc.11": 310, "0.8.0-rc.12": 311, "0.8.0-rc.14": 312, "0.8.0-rc.26": 325, "0.8.0-rc.27": 326, "1.0.0":
  1000, "1.0.1": 1002, "1.0.1-rc.1": 1001, "1.1.0": 1102, "1.1.0-rc.1": 1100, "1.1.0-rc.2": 1101, "1.1.1":
  1104, "1.1.1-rc.1": 1103, "1.2.0-beta.1": 1201, "1.2.0-rc.1": 1202, "1.2.1": 1213, "1.2.1-rc.1": 1210,
  "1.2.1-rc.2": 1211, "1.2.1-rc.3": 1212, "1.3.0-alpha.1": 1300, "1.3.0-rc.1": 1301, "1.3.1": 1321,
  "1.3.1-rc.1": 1320, "1.4.0": 1401, "1.4.0-rc.1": 1400, "1.4.1": 1403, "1.4.1-rc.1": 1402, "1.4.2": 1404,
  "1.4.3": 1405, "1.4.4": 1406, "1.5.0": 1502, "1.5.0-rc.1": 1500, "1.5.0-rc.2": 1501, "1.5.1": 1511,
  "1.5.1-rc.1": 1510, "1.5.2": 1512, "1.5.4-rc.1": 1514, "1.5.4-rc.2": 1515, "2.0.0": 2008, "2.0.0-alpha.1":
  2000, "2.0.0-alpha.2": 2001, "2.0.0-alpha.3": 2002, "2.0.0-alpha.4": 2003, "2.0.0-rc.1": 2004, "2.0.0-rc.2":
  2005, "2.0.0-rc.3": 2006, "2.0.0-rc.4": 2007, "2.0.1": 2011, "2.0.2": 2021, "2.0.2-rc.1": 2020, "2.1.0":
  2101, "2.1.0-rc.1": 2100, "2.2.0": 2202, "2.2.0-rc.1": 2200, "2.2.0-rc.2": 2201, "2.3.0": 2301, "2.3.0-rc.1":
  2300, "2.3.1": 2302,
  // The last releases with the Photon and P1 (build/platform-id.mk at v3.3.1 still builds photon and p1;
  // CHANGELOG.md's "[Photon / P1]" lines; 4.0.0 dropped Gen 2): COMMON_MODULE_VERSION at each tag.
  "3.0.0-alpha.1": 3000, "3.0.0-alpha.2": 3001, "3.0.0-beta.1": 3002, "3.0.0-rc.1": 3003, "3.0.0-rc.2": 3004,
  "3.0.0": 3005, "3.1.0-rc.1": 3102, "3.1.0": 3103, "3.2.0-rc.1": 3200, "3.2.0": 3201, "3.3.0-rc.1": 3300,
  "3.3.0": 3301, "3.3.1": 3302,
};

/**
 * 0.8.0-rc.2 (301) to 1.5.x (below 1.5.4-rc.1, 1514): the system itself answers
 * CTRL_REQUEST_WIFI_SET_ANTENNA (110), CTRL_REQUEST_WIFI_CLEAR_CREDENTIALS (115) and
 * CTRL_REQUEST_NETWORK_SET_CONFIGURATION (120) (system/src/system_control_internal.cpp
 * at v0.8.0-rc.2 and v1.5.2; commented out from v1.5.4-rc.1 on).
 */
export const LEGACY_NETWORK_REQUESTS = { from: 301, below: 1514 } as const;
/**
 * Particle's control-request protocol over USB (INIT/CHECK/SEND/RECV: module info,
 * DFU mode, cloud status, the application's requests) from 0.8.0-rc.2
 * (system/src/usb_control_request_channel.cpp appears there); before it only the
 * raw vendor requests (device id, system version) that particle-usb uses on open.
 */
export const CONTROL_REQUESTS_FROM = 301;

/** The firmware builds a release carries, newest first: the Device OS each is built against. */
export const FIRMWARE_BUILDS = [
  { deviceOs: "2.3.1", systemModuleVersion: 2302 },
  { deviceOs: "1.5.2", systemModuleVersion: 1512 },
] as const;
export type FirmwareBuild = (typeof FIRMWARE_BUILDS)[number];

/** The module version of a Device OS version string ("1.5.2", "2.3.1"), or null for one not in the table. */
export function systemModuleVersionOf(deviceOs: string): number | null {
  return Object.hasOwn(SYSTEM_MODULE_VERSIONS, deviceOs) ? SYSTEM_MODULE_VERSIONS[deviceOs] : null;
}

/** The release with this system module version ("1.5.2"), or null. */
export function deviceOsOf(moduleVersion: number): string | null {
  return Object.entries(SYSTEM_MODULE_VERSIONS).find(([, v]) => v === moduleVersion)?.[0] ?? null;
}

/** "Device OS 1.5.2", or the module version itself when it is not a known release. */
export function deviceOsLabel(moduleVersion: number): string {
  const name = deviceOsOf(moduleVersion);
  return name ? `Device OS ${name}` : `system module version ${moduleVersion}`;
}

/** The newest build whose dependency this system meets (module_version >= dependency), or null. */
export function buildFor(moduleVersion: number): FirmwareBuild | null {
  return FIRMWARE_BUILDS.find((b) => b.systemModuleVersion <= moduleVersion) ?? null;
}

export const answersLegacyNetworkRequests = (moduleVersion: number) =>
  moduleVersion >= LEGACY_NETWORK_REQUESTS.from && moduleVersion < LEGACY_NETWORK_REQUESTS.below;

/**
 * What photon-netreset does for a device on this system: flash the build it
 * can run; else, where the system answers the network requests, reset it
 * through them; else nothing, and the owner updates Device OS first.
 */
export type Route = { kind: "flash"; build: FirmwareBuild } | { kind: "system-requests" } | { kind: "update-first" };

export function routeFor(moduleVersion: number): Route {
  const build = buildFor(moduleVersion);
  if (build) return { kind: "flash", build };
  return answersLegacyNetworkRequests(moduleVersion) ? { kind: "system-requests" } : { kind: "update-first" };
}

/**
 * How an open or WEP network can be stored so that it joins (the serial
 * console stores them with a cipher, which wlan_join skips from 1.5.0): where
 * the system answers CTRL_REQUEST_WIFI_SET_CREDENTIALS (113), through it
 * (0.8.0-rc.2 to 1.5.x, as the other legacy requests: system_control_internal.cpp,
 * control/wifi.cpp handleSetCredentialsRequest → wlan_set_credentials at
 * v0.8.0-rc.2 and v1.5.2; with no cipher toSecurity gives OPEN or WEP_PSK);
 * elsewhere only photon-netreset's own "wifi" request can.
 */
export type OpenOrWepRoute = "system-request" | "our-firmware";
export const openOrWepRoute = (moduleVersion: number | null): OpenOrWepRoute =>
  moduleVersion !== null && answersLegacyNetworkRequests(moduleVersion) ? "system-request" : "our-firmware";

/** The newest system a Photon or P1 can run (3.3.1's 3302): no user part for them can depend on more. */
export const NEWEST_SYSTEM_MODULE_VERSION = Math.max(...Object.values(SYSTEM_MODULE_VERSIONS));
