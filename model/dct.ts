// The two fields of a Photon's application DCT that hold its network settings,
// as Device OS 2.3.1 lays them out and as its bootloader serves them over DFU
// alt setting 1 ("DCT Flash": platform/MCU/STM32F2xx/STM32_USB_Device_Driver/
// src/usbd_dct_if.c, dct_read_app_data(address) for addresses below 0x4000).
// Offsets: platform/MCU/STM32F2xx/SPARK_Firmware_Driver/inc/dct.h,
// STATIC_ASSERT_DCT_OFFSET. The same DCT holds the device's private keys:
// whoever reads it reads these two ranges and, for the cloud's server key,
// the public segment in server-key.ts (DCT_READ_RANGES), and nothing else.

/** Offsets and sizes in application_dct_t. */
export const DCT = {
  size: 0x4000, // DCT_If_CheckAdd: Add < 0x4000
  devicePrivateKey: { offset: 34, size: 1216 }, // secret: never read by our CLI or page
  ipConfig: { offset: 1634, size: 24 },
  claimCode: { offset: 1762, size: 63 }, // secret: never read (no terminating NUL)
  serverPublicKey: { offset: 2082, size: 768 },
  /** What `particle keys server` writes and reads of server_public_key (server-key.ts): public data. */
  serverKeySegment: { offset: 2082, size: 512 },
  antennaSelection: { offset: 2976, size: 1 },
} as const;

/** The only DCT ranges photon-netreset reads: the two network fields and the cloud's public server key. */
export const DCT_READ_RANGES = [DCT.ipConfig, DCT.antennaSelection, DCT.serverKeySegment] as const;

/** ip_config (static_ip_config_t): config_mode u8, 3 padding bytes, then host, netmask, gateway, dns1, dns2. */
export const IP_CONFIG_FIELD = { configMode: 0, host: 4, netmask: 8, gateway: 12, dns1: 16, dns2: 20 } as const;
/** WLanSelectAntenna_TypeDef (hal/inc/wlan_hal.h); 0xFF: never set (fetch_antenna_selection reads it as internal). */
export const ANTENNA_BYTE = { internal: 0, external: 1, auto: 3, never: 0xff } as const;

/** An IPv4 address as the DCT holds it: the u32 a<<24|b<<16|c<<8|d, little-endian (192.168.1.20 is 14 01 a8 c0). */
export function encodeDctAddress(dotted: string): Uint8Array {
  const [a, b, c, d] = dotted.split(".").map(Number);
  const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
}

/** The dotted address at `offset`, or null where the flash was never written (0xFFFFFFFF). */
export function decodeDctAddress(bytes: Uint8Array, offset: number): string | null {
  const n = (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
  if (n === 0xffffffff) return null;
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
}

export type DctAntenna = "internal" | "external" | "auto" | "unset" | "invalid";

/** The device's own stored settings (`dct` in --json). */
export interface DctSettings {
  antenna: DctAntenna;
  /** STATIC_IP only when config_mode is 1 (hal/src/photon/wlan_hal.cpp wlan_get_ipaddress_source). */
  ipSource: "dynamic" | "static";
  /** The stored static configuration (kept even while the source is dynamic); null where never written. */
  staticIp: { host: string | null; netmask: string | null; gateway: string | null; dns: string | null };
}

/** Decodes the ip_config bytes (24) and the antenna byte (1) read over DFU. */
export function decodeDct(ipConfig: Uint8Array, antennaSelection: Uint8Array): DctSettings {
  if (ipConfig.length !== DCT.ipConfig.size || antennaSelection.length !== DCT.antennaSelection.size) {
    throw new Error(`the DCT read returned ${ipConfig.length} + ${antennaSelection.length} bytes, expected ${DCT.ipConfig.size} + ${DCT.antennaSelection.size}`);
  }
  const byte = antennaSelection[0];
  const antenna: DctAntenna = byte === ANTENNA_BYTE.never ? "unset"
    : byte === ANTENNA_BYTE.internal ? "internal"
    : byte === ANTENNA_BYTE.external ? "external"
    : byte === ANTENNA_BYTE.auto ? "auto" : "invalid";
  const at = (field: keyof typeof IP_CONFIG_FIELD) => decodeDctAddress(ipConfig, IP_CONFIG_FIELD[field]);
  return {
    antenna,
    ipSource: ipConfig[IP_CONFIG_FIELD.configMode] === 1 ? "static" : "dynamic",
    staticIp: { host: at("host"), netmask: at("netmask"), gateway: at("gateway"), dns: at("dns1") },
  };
}

/** The antenna the radio uses: never set means internal (fetch_antenna_selection). */
export function effectiveAntenna(dct: DctSettings): "internal" | "external" | "auto" | "invalid" {
  return dct.antenna === "unset" ? "internal" : dct.antenna;
}

function prefixLength(netmask: string | null): number | null {
  if (!netmask) return null;
  const n = netmask.split(".").reduce((acc, p) => acc * 256 + Number(p), 0);
  const bits = n.toString(2).padStart(32, "0");
  return /^1*0*$/.test(bits) ? bits.indexOf("0") === -1 ? 32 : bits.indexOf("0") : null;
}

/** "10.0.0.x" for a /24, else "10.0.0.0/16": the network a static address belongs to. */
function networkOf(host: string, prefix: number): string {
  const parts = host.split(".").map(Number);
  if (prefix === 24) return `${parts.slice(0, 3).join(".")}.x`;
  const n = parts.reduce((acc, p) => acc * 256 + p, 0);
  const net = Math.floor(n / 2 ** (32 - prefix)) * 2 ** (32 - prefix);
  return `${[net >>> 24, (net >>> 16) & 0xff, (net >>> 8) & 0xff, net & 0xff].join(".")}/${prefix}`;
}

/** What the stored settings mean for the owner, one sentence each. */
export function explainDct(dct: DctSettings): { ip: string; antenna: string; ok: boolean } {
  let ip: string;
  const { host, netmask, gateway } = dct.staticIp;
  if (dct.ipSource === "dynamic") {
    ip = "dynamic IP (DHCP): the Photon takes the address your router gives it, as it should.";
  } else if (!host) {
    ip = "static IP selected, but no static address stored: the Photon cannot get an address.";
  } else {
    const prefix = prefixLength(netmask);
    const where = prefix === null ? host : `${host}/${prefix}`;
    const network = prefix === null ? `one with ${host}` : networkOf(host, prefix);
    ip = `static IP ${where}${gateway ? `, gateway ${gateway}` : ""}: unless your network is ${network}, this Photon cannot get online.`;
  }
  const antenna = {
    internal: "internal antenna selected, as it should be.",
    unset: "antenna never chosen: Device OS uses the internal antenna, as it should.",
    external: "external antenna selected: without one fitted the Photon sees no network.",
    auto: "automatic antenna choice: it works, but the internal antenna is the safe setting.",
    invalid: "an invalid antenna value is stored: the radio may use neither antenna.",
  }[dct.antenna];
  return { ip, antenna, ok: dct.ipSource === "dynamic" && effectiveAntenna(dct) === "internal" };
}
