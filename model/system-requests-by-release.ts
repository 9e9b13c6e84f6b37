// Which Device OS release answers which system control request on a Photon,
// keyed by system part 2's module version: one table that the simulator
// answers from and the workflow asks before it relies on a request. Read from
// system/src/system_control_internal.cpp SystemControl::processRequest and
// system/inc/system_control.h at each tag: a request a release lacks goes to
// the application's handler (`default:` → processAppRequest), whose default
// answers NOT_SUPPORTED (-120).
import { answersLegacyNetworkRequests, CONTROL_REQUESTS_FROM } from "./device-os-versions.ts";

/** Control request types (system/inc/system_control.h). */
export const SYSTEM_REQUEST = {
  ECHO: 1, DEVICE_ID: 20, SYSTEM_VERSION: 30, GET_SYSTEM_CAPABILITIES: 32, GET_DEVICE_MODE: 72, DIAGNOSTIC_INFO: 100,
  IS_CLAIMED: 201, GET_SERVER_ADDRESS: 221, GET_SERVER_PROTOCOL: 223, START_NYAN_SIGNAL: 230, STOP_NYAN_SIGNAL: 231,
  CLOUD_STATUS: 300, CLOUD_CONNECT: 301, CLOUD_DISCONNECT: 302,
  WIFI_SET_ANTENNA: 110, WIFI_GET_ANTENNA: 111, WIFI_SCAN: 112, WIFI_SET_CREDENTIALS: 113, WIFI_CLEAR_CREDENTIALS: 115, NETWORK_SET_CONFIGURATION: 120, NETWORK_GET_CONFIGURATION: 121,
} as const;

/**
 * 0.8.0-rc.2 to rc.14 (301-312) and 1.0.x (1000-1099): the early control
 * handler, without device id, system version, capabilities, device mode, cloud
 * status and cloud connect/disconnect (added at v0.8.0-rc.26 and v1.1.0-rc.1;
 * absent at v0.8.0-rc.2..rc.14, v1.0.0, v1.0.1-rc.1, v1.0.1). The same releases
 * answer module info as JSON text.
 */
export const earlyControlHandler = (v: number) => (v >= CONTROL_REQUESTS_FROM && v <= 312) || (v >= 1000 && v < 1100);
const fullControlHandler = (v: number) => v >= CONTROL_REQUESTS_FROM && !earlyControlHandler(v);
/** CTRL_REQUEST_ECHO: from 1.5.0-rc.1. */
const ECHO_FROM = 1500;

const AVAILABLE: Readonly<Record<number, (v: number) => boolean>> = {
  [SYSTEM_REQUEST.ECHO]: (v) => v >= ECHO_FROM,
  [SYSTEM_REQUEST.DEVICE_ID]: fullControlHandler,
  [SYSTEM_REQUEST.SYSTEM_VERSION]: fullControlHandler,
  [SYSTEM_REQUEST.GET_SYSTEM_CAPABILITIES]: fullControlHandler,
  [SYSTEM_REQUEST.GET_DEVICE_MODE]: fullControlHandler,
  [SYSTEM_REQUEST.CLOUD_STATUS]: fullControlHandler,
  [SYSTEM_REQUEST.CLOUD_CONNECT]: fullControlHandler,
  [SYSTEM_REQUEST.CLOUD_DISCONNECT]: fullControlHandler,
  // From 0.8.0-rc.2 at every tag.
  [SYSTEM_REQUEST.DIAGNOSTIC_INFO]: (v) => v >= CONTROL_REQUESTS_FROM,
  [SYSTEM_REQUEST.IS_CLAIMED]: (v) => v >= CONTROL_REQUESTS_FROM,
  [SYSTEM_REQUEST.GET_SERVER_ADDRESS]: (v) => v >= CONTROL_REQUESTS_FROM,
  [SYSTEM_REQUEST.GET_SERVER_PROTOCOL]: (v) => v >= CONTROL_REQUESTS_FROM,
  [SYSTEM_REQUEST.START_NYAN_SIGNAL]: (v) => v >= CONTROL_REQUESTS_FROM,
  [SYSTEM_REQUEST.STOP_NYAN_SIGNAL]: (v) => v >= CONTROL_REQUESTS_FROM,
  // The legacy network requests: 0.8.0-rc.2 to 1.5.x (device-os-versions.ts).
  [SYSTEM_REQUEST.WIFI_SET_ANTENNA]: answersLegacyNetworkRequests,
  [SYSTEM_REQUEST.WIFI_GET_ANTENNA]: answersLegacyNetworkRequests,
  [SYSTEM_REQUEST.WIFI_SCAN]: answersLegacyNetworkRequests,
  [SYSTEM_REQUEST.WIFI_SET_CREDENTIALS]: answersLegacyNetworkRequests,
  [SYSTEM_REQUEST.WIFI_CLEAR_CREDENTIALS]: answersLegacyNetworkRequests,
  [SYSTEM_REQUEST.NETWORK_SET_CONFIGURATION]: answersLegacyNetworkRequests,
  [SYSTEM_REQUEST.NETWORK_GET_CONFIGURATION]: answersLegacyNetworkRequests,
};

/** Whether this release's system answers the request itself (false: not in the table, or not on this release). */
export function answersSystemRequest(moduleVersion: number, type: number): boolean {
  return AVAILABLE[type]?.(moduleVersion) ?? false;
}
