// CTRL_REQUEST_WIFI_SCAN (112) as Device OS 0.8.0-rc.2 to 1.5.x answers it in
// its own control handler (system/src/system_control_internal.cpp →
// control/wifi.cpp handleScanRequest at v1.5.2; gone from 1.5.4-rc.1 with the
// other network requests): wlan_scan there and then, every record in a
// WiFiScanReply, hidden networks with an empty SSID. A scan error (the Wi-Fi
// stack not up: wlan_hal.cpp sniff_security) is SYSTEM_ERROR_UNKNOWN.
import { answersLegacyNetworkRequests } from "../../model/device-os-versions.ts";
import { encodeSystemScanReply, WIFI_SCAN_REQUEST } from "../../model/wifi-scan-list.ts";
import type { DeviceOsWorld } from "../device-os/system.ts";
import { scanRecord } from "../device-os/wifi-scan.ts";
import { scanAccessPoints } from "../environment.ts";
import type { ControlReply } from "./control-endpoint.ts";

/** system_error_t (services/inc/system_error.h). */
const SYSTEM_ERROR_UNKNOWN = -100;

/** The system's answer, or null when this system or request is not one that answers it. */
export function systemScanRequest(systemModuleVersion: number, world: DeviceOsWorld, type: number): ControlReply | null {
  if (type !== WIFI_SCAN_REQUEST || !answersLegacyNetworkRequests(systemModuleVersion)) return null;
  // A damaged radio never brings WICED up: sniff_security returns WICED_ERROR.
  if (world.hardware.radioDamaged) return { result: SYSTEM_ERROR_UNKNOWN };
  const seen = scanAccessPoints(world.environment, world.hardware, world.wifi).map(scanRecord);
  return { result: 0, data: encodeSystemScanReply(seen) };
}
