// The application DCT a Photon's bootloader serves over DFU alt setting 1
// ("DCT Flash": platform/MCU/STM32F2xx/STM32_USB_Device_Driver/src/usbd_dct_if.c,
// DCT_If_Read → dct_read_app_data(address), addresses below 0x4000), built from
// the simulator's Wi-Fi settings at Device OS 2.3.1's offsets
// (platform/MCU/STM32F2xx/SPARK_Firmware_Driver/inc/dct.h, STATIC_ASSERT_DCT_OFFSET).
import type { WifiSettings } from "../wifi-settings.ts";

/** Offsets and sizes in application_dct_t (dct.h). */
export const DCT = {
  size: 0x4000, // DCT_If_CheckAdd: Add < 0x4000
  devicePrivateKey: { offset: 34, size: 1216 },
  ipConfig: { offset: 1634, size: 24 },
  serverPublicKey: { offset: 2082, size: 768 },
  antennaSelection: { offset: 2976, size: 1 },
} as const;

/** ip_config (static_ip_config_t): config_mode u8, 3 padding bytes, then host, netmask, gateway, dns1, dns2. */
export const IP_CONFIG_FIELD = { configMode: 0, host: 4, netmask: 8, gateway: 12, dns1: 16, dns2: 20 } as const;
/** WLanSelectAntenna_TypeDef (hal/inc/wlan_hal.h); 0xFF: never set (fetch_antenna_selection reads it as internal). */
export const ANTENNA_BYTE = { internal: 0, external: 1, auto: 3, never: 0xff } as const;

/**
 * An address as the DCT holds it: IPAddress keeps IPv4 as the u32
 * a<<24|b<<16|c<<8|d (wiring/src/spark_wiring_ipaddress.cpp, IPAddress::set_ipv4),
 * wlan_set_ipaddress copies that u32 as is (hal/src/photon/wlan_hal.cpp,
 * assign_if_set), and the Cortex-M3 stores it little-endian: 192.168.1.20 is
 * the bytes 14 01 a8 c0.
 */
export function dctAddress(dotted: string): Buffer {
  const [a, b, c, d] = dotted.split(".").map(Number);
  const out = Buffer.alloc(4);
  out.writeUInt32LE(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
  return out;
}

/** Stand-in key bytes: obviously fake, never a real key. */
export const FAKE_PRIVATE_KEY = Buffer.from("NOT A REAL KEY: photon-netreset simulator stand-in. ".repeat(24)).subarray(0, DCT.devicePrivateKey.size);

/** A DCT image for `wifi`: erased (0xFF) except the fields written below. */
export function buildDctImage(wifi: Pick<WifiSettings, "antenna" | "ipSource" | "staticIp">): Buffer {
  const dct = Buffer.alloc(DCT.size, 0xff);
  FAKE_PRIVATE_KEY.copy(dct, DCT.devicePrivateKey.offset);
  const ip = DCT.ipConfig.offset;
  // wlan_set_ipaddress_source writes only config_mode; the simulator does not
  // know "never written", so dynamic is 0 (chosen; 0xFF also reads as dynamic).
  dct[ip + IP_CONFIG_FIELD.configMode] = wifi.ipSource === "static" ? 1 : 0;
  if (wifi.staticIp) {
    // WiFi.setStaticIP passes no dns2: it stays as it was (erased here).
    dctAddress(wifi.staticIp.host).copy(dct, ip + IP_CONFIG_FIELD.host);
    dctAddress(wifi.staticIp.netmask).copy(dct, ip + IP_CONFIG_FIELD.netmask);
    dctAddress(wifi.staticIp.gateway).copy(dct, ip + IP_CONFIG_FIELD.gateway);
    dctAddress(wifi.staticIp.dns).copy(dct, ip + IP_CONFIG_FIELD.dns1);
  }
  dct[DCT.antennaSelection.offset] = ANTENNA_BYTE[wifi.antenna];
  // The server address inside server_public_key (DCT_SERVER_ADDRESS_OFFSET =
  // 2082 + 384), which particle-cli's `keys address` reads: type, length, value,
  // port big-endian at +66 (hal/shared/parse_server_address.h); type 1 is
  // DOMAIN_NAME (hal/inc/ota_flash_hal.h). The port stays erased (0xFFFF: the
  // default). The name is chosen: the TCP cloud's, what particle-cli assumes.
  const server = DCT.serverPublicKey.offset + 384;
  const name = Buffer.from("device.spark.io");
  dct[server] = 1;
  dct[server + 1] = name.length;
  name.copy(dct, server + 2);
  return dct;
}

/** The parts of `reads` (alt-setting-1 UPLOADs, DfuEndpoint.dctReads) that fall outside every allowed range. */
export function dctReadsOutside(reads: readonly { start: number; length: number }[], allowed: readonly { offset: number; size: number }[]): { start: number; length: number }[] {
  const inside = (byte: number) => allowed.some((r) => byte >= r.offset && byte < r.offset + r.size);
  const out: { start: number; length: number }[] = [];
  for (const read of reads) {
    for (let b = read.start; b < read.start + read.length; b++) {
      if (inside(b)) continue;
      const last = out[out.length - 1];
      if (last && last.start + last.length === b) last.length++;
      else out.push({ start: b, length: 1 });
    }
  }
  return out;
}
