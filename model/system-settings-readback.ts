// The stored IP and antenna settings as a Photon's own system reports them on
// Device OS 0.8.0-rc.2 to 1.5.x, without a trip through DFU mode (which would
// restart the application): both ends use this file.
// - WIFI_GET_ANTENNA (111): control/wifi.cpp handleGetAntennaRequest →
//   wlan_get_antenna → fetch_antenna_selection (hal/src/photon/wlan_hal.cpp at
//   v1.4.4): the DCT's antenna byte, 0xFF (never chosen) read as internal;
//   anything but internal, external or auto is left as ANTENNA_NONE (0).
// - NETWORK_GET_CONFIGURATION (121): control/network.cpp
//   handleGetConfigurationRequest (interface 1) → wlan_get_ipaddress_source
//   (STATIC only when the DCT's config_mode is 1) and, for a static source,
//   wlan_get_ipaddress: each DCT address copied as stored (dct_ip_to_hal_ip,
//   then protoIpFromHal's memcpy), so the reply's 4 bytes are the DCT's bytes.
import protobufModule from "@particle/device-os-protobuf";
import { decodeDctAddress, encodeDctAddress, type DctAntenna, type DctSettings } from "./dct.ts";
import type { ParticleDevice } from "./device.ts";

const protobuf = protobufModule as unknown as {
  encode(name: string, m: object): Buffer; decode(name: string, b: Buffer): Record<string, unknown>;
};

export const SETTINGS_REQUEST = { WIFI_GET_ANTENNA: 111, NETWORK_GET_CONFIGURATION: 121 } as const;
/** particle_ctrl_WiFiAntenna. */
const WIFI_ANTENNA: Record<number, DctAntenna> = { 0: "invalid", 1: "internal", 2: "external", 3: "auto" };
/** particle_ctrl_IPConfiguration_Type. */
const IP_TYPE = { DHCP: 1, STATIC: 2 } as const;
/** particle_ctrl_IPAddress_Protocol_IPv4. */
const IPV4 = 1;
/** The Wi-Fi interface's number in these requests (handleGetConfigurationRequest answers only 1). */
export const WIFI_INTERFACE = 1;

/** The system's WiFiGetAntennaReply for the stored antenna. */
export function encodeAntennaReply(antenna: DctAntenna): Buffer {
  const value = antenna === "unset" ? 1 : Number(Object.entries(WIFI_ANTENNA).find(([, a]) => a === antenna)?.[0] ?? 0);
  return protobuf.encode("WiFiGetAntennaReply", { antenna: value });
}

const address = (dotted: string | null) => (dotted ? { protocol: IPV4, address: Buffer.from(encodeDctAddress(dotted)) } : undefined);

/** The system's NetworkGetConfigurationReply for the stored IP settings (the static addresses only while the source is static). */
export function encodeNetworkConfigReply(settings: Pick<DctSettings, "ipSource" | "staticIp">): Buffer {
  const ipconfig = settings.ipSource === "static"
    ? { type: IP_TYPE.STATIC, address: address(settings.staticIp.host), netmask: address(settings.staticIp.netmask), gateway: address(settings.staticIp.gateway) }
    : { type: IP_TYPE.DHCP };
  return protobuf.encode("NetworkGetConfigurationReply", { config: { interface: WIFI_INTERFACE, ipconfig } });
}

type IpAddress = { address?: Uint8Array } | undefined;
const dotted = (ip: IpAddress) => (ip?.address?.length === 4 ? decodeDctAddress(ip.address, 0) : null);

/** The two replies as the settings the DCT read-back gives (the DNS server is not read). */
export function decodeSystemSettings(antennaReply: Buffer, configReply: Buffer): DctSettings {
  const { antenna } = protobuf.decode("WiFiGetAntennaReply", antennaReply) as { antenna?: number };
  const { config } = protobuf.decode("NetworkGetConfigurationReply", configReply) as
    { config?: { ipconfig?: { type?: number; address?: IpAddress; netmask?: IpAddress; gateway?: IpAddress } } };
  const ip = config?.ipconfig;
  const isStatic = ip?.type === IP_TYPE.STATIC;
  return {
    antenna: WIFI_ANTENNA[antenna ?? 0] ?? "invalid",
    ipSource: isStatic ? "static" : "dynamic",
    staticIp: { host: isStatic ? dotted(ip?.address) : null, netmask: isStatic ? dotted(ip?.netmask) : null, gateway: isStatic ? dotted(ip?.gateway) : null, dns: null },
  };
}

/** Asks the running system for its stored settings; null when it does not answer both. */
export async function readSettingsFromSystem(dev: Pick<ParticleDevice, "sendControlRequest">): Promise<DctSettings | null> {
  const antenna = await dev.sendControlRequest(SETTINGS_REQUEST.WIFI_GET_ANTENNA, null, { timeout: 5000 }).catch(() => null);
  const config = await dev.sendControlRequest(SETTINGS_REQUEST.NETWORK_GET_CONFIGURATION,
    protobuf.encode("NetworkGetConfigurationRequest", { interface: WIFI_INTERFACE }), { timeout: 5000 }).catch(() => null);
  if (antenna?.result !== 0 || config?.result !== 0) return null;
  const bytes = (d: string | Buffer | undefined) => (Buffer.isBuffer(d) ? d : Buffer.from(d ?? "", "latin1"));
  return decodeSystemSettings(bytes(antenna.data), bytes(config.data));
}
