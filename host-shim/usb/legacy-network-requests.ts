// The network control requests a Photon's own system answers on Device OS
// 0.8.0-rc.2 to 1.5.x (system/src/system_control_internal.cpp at v1.5.2;
// commented out from v1.5.4-rc.1 and in 2.x): WiFi antenna (110/111), set
// credentials (113), clear credentials (115), network configuration (120/121).
// Handlers as in system/src/control/wifi.cpp and control/network.cpp at v1.5.2.
import protobufModule from "@particle/device-os-protobuf";
import { answersLegacyNetworkRequests } from "../../model/device-os-versions.ts";
import type { DeviceOs } from "../device-os/system.ts";
import type { Cipher } from "../../model/setup-console.ts";
import type { Security } from "../../model/wifi.ts";
import type { ControlReply } from "./control-endpoint.ts";
import { ok } from "./firmware-update.ts";
import { encodeAntennaReply, encodeNetworkConfigReply, WIFI_INTERFACE } from "../../model/system-settings-readback.ts";
import type { DctAntenna } from "../../model/dct.ts";

const protobuf = protobufModule as unknown as { decode(name: string, data: Buffer): Record<string, unknown> };

export const LEGACY_REQUEST = {
  WIFI_SET_ANTENNA: 110, WIFI_GET_ANTENNA: 111, WIFI_SET_CREDENTIALS: 113, WIFI_CLEAR_CREDENTIALS: 115, NETWORK_SET_CONFIGURATION: 120,
  NETWORK_GET_CONFIGURATION: 121,
} as const;
/** system_error_t (services/inc/system_error.h). */
const ERROR = { UNKNOWN: -100, INVALID_ARGUMENT: -270 } as const;
/** particle_ctrl_WiFiSecurityType → WLanSecurityType (the same numbers: handleSetCredentialsRequest casts it). */
const SECURITY: Record<number, Security> = { 0: "open", 1: "wep", 2: "wpa", 3: "wpa2", 4: "wpa-enterprise", 5: "wpa2-enterprise" };
/** particle_ctrl_WiFiSecurityCipher → WLanSecurityCipher (CIPHER_NONE: WLAN_CIPHER_NOT_SET). */
const CIPHER: Record<number, Cipher | undefined> = { 0: undefined, 1: "aes", 2: "tkip", 3: "aes+tkip" };
/** particle_ctrl_WiFiAntenna (control/wifi.proto) → WLanSelectAntenna_TypeDef, as handleSetAntennaRequest re-maps it. */
const ANTENNA = { 1: "internal", 2: "external", 3: "auto" } as const;
/** particle_ctrl_IPConfiguration_Type (control/network.proto). */
const IP_TYPE = { DHCP: 1, STATIC: 2 } as const;

/** The system's answer, or null when this system does not answer the request (the caller says NOT_SUPPORTED). */
export function legacyNetworkRequest(systemModuleVersion: number, os: DeviceOs, type: number, data: Buffer): ControlReply | null {
  if (!answersLegacyNetworkRequests(systemModuleVersion)) return null;
  const wifi = os.world.wifi;
  switch (type) {
    case LEGACY_REQUEST.WIFI_SET_CREDENTIALS: {
      // handleSetCredentialsRequest → wlan_set_credentials: 0 stored, anything else SYSTEM_ERROR_UNKNOWN.
      const { ap } = protobuf.decode("WiFiSetCredentialsRequest", data) as { ap?: { ssid?: string; security?: number; cipher?: number; password?: string } };
      const security = SECURITY[ap?.security ?? 0];
      if (!security) return { result: ERROR.UNKNOWN };
      const stored = os.setCredentials(security, CIPHER[ap?.cipher ?? 0], new TextEncoder().encode(ap?.ssid ?? ""),
        new TextEncoder().encode(ap?.password ?? ""), "the system (control request 113)");
      return stored === 0 ? ok("WiFiSetCredentialsRequest") : { result: ERROR.UNKNOWN };
    }
    case LEGACY_REQUEST.WIFI_SET_ANTENNA: {
      const { antenna } = protobuf.decode("WiFiSetAntennaRequest", data) as { antenna: number };
      const name = ANTENNA[antenna as keyof typeof ANTENNA];
      if (!name) return { result: ERROR.INVALID_ARGUMENT };
      wifi.antenna = name; // wlan_select_antenna: saved in the DCT
      return ok("WiFiSetAntennaRequest");
    }
    case LEGACY_REQUEST.WIFI_GET_ANTENNA: { // fetch_antenna_selection: the DCT byte, 0xFF read as internal
      const stored: DctAntenna = wifi.antennaByte === null ? wifi.antenna : wifi.antennaByte === 0xff ? "unset" : "invalid";
      return { result: 0, data: encodeAntennaReply(stored) };
    }
    case LEGACY_REQUEST.NETWORK_GET_CONFIGURATION: {
      // handleGetConfigurationRequest: only interface 1 is described; another gets an empty reply.
      const { interface: iface } = protobuf.decode("NetworkGetConfigurationRequest", data) as { interface?: number };
      if (iface !== WIFI_INTERFACE) return { result: 0 };
      const addresses = wifi.staticIp ?? { host: null, netmask: null, gateway: null, dns: null };
      return { result: 0, data: encodeNetworkConfigReply({ ipSource: wifi.ipSource, staticIp: addresses }) };
    }
    case LEGACY_REQUEST.WIFI_CLEAR_CREDENTIALS:
      wifi.clearCredentials(); // wlan_clear_credentials: networks only, antenna and IP stay
      return ok("WiFiClearCredentialsRequest");
    case LEGACY_REQUEST.NETWORK_SET_CONFIGURATION: {
      const { config } = protobuf.decode("NetworkSetConfigurationRequest", data) as { config?: { ipconfig?: { type?: number } } };
      const kind = config?.ipconfig?.type;
      // DHCP: wlan_set_ipaddress_source(DYNAMIC_IP, true); STATIC also writes the addresses (not modelled: photon-netreset never sends it).
      if (kind === IP_TYPE.DHCP) wifi.ipSource = "dynamic";
      else if (kind === IP_TYPE.STATIC) wifi.ipSource = "static";
      return ok("NetworkSetConfigurationRequest");
    }
    default:
      return null;
  }
}
