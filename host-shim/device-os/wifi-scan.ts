// What WiFi.scan() hands its callback for each record a scan reports
// (hal/src/photon/wlan_hal.cpp sniffer() at v2.3.1): the SSID (empty for a
// hidden network: scanAccessPoints gives it so), toSecurityType and
// toCipherType of the access point's wiced security, the signal strength and
// the channel. Our firmware keeps these (firmware/host/src/scan_list.cpp) and
// Device OS 0.8.0-rc.2-1.5.x sends them for CTRL_REQUEST_WIFI_SCAN.
import type { ScannedAccessPoint } from "../../model/wifi-scan-list.ts";
import type { AccessPoint } from "../environment.ts";
import { accessPointSecurity, toCipherType } from "./wlan-credentials.ts";

/** An access point whose scenario gives no channel is on channel 6 (the world's choice, not Device OS's; every one was before the key existed). */
export const SIMULATED_CHANNEL = 6;

export function scanRecord(ap: AccessPoint): ScannedAccessPoint {
  // toSecurityType of the simulator's wiced values gives back the access point's own security.
  return {
    ssid: ap.ssid, rssi: ap.rssi, security: ap.security, channel: ap.channel ?? SIMULATED_CHANNEL, // data.channel = record->channel
    cipher: toCipherType(accessPointSecurity(ap.security)) ?? "none",
  };
}
