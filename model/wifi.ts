// Wi-Fi security types and a stored network, as Device OS 2.3.1 names them
// (WLanSecurityType in hal/inc/wlan_hal.h, spelled for people).

export const SECURITIES = ["open", "wep", "wpa", "wpa2", "wpa-enterprise", "wpa2-enterprise"] as const;
export type Security = (typeof SECURITIES)[number];

export interface Credential {
  ssid: string;
  security: Security;
  /** Never printed: the simulator only compares it. */
  password?: string;
}

export const isEnterprise = (s: Security) => s.endsWith("-enterprise");
