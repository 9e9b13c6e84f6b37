// The application DCT a Photon's bootloader serves over DFU alt setting 1
// ("DCT Flash": platform/MCU/STM32F2xx/STM32_USB_Device_Driver/src/usbd_dct_if.c,
// DCT_If_Read → dct_read_app_data(address), addresses below 0x4000), built from
// the simulator's Wi-Fi settings at Device OS 2.3.1's offsets
// (platform/MCU/STM32F2xx/SPARK_Firmware_Driver/inc/dct.h, STATIC_ASSERT_DCT_OFFSET).
import type { WifiSettings } from "../wifi-settings.ts";
import { DctServerKey } from "../dct-server-key.ts";

import { ANTENNA_BYTE, DCT, encodeDctAddress, IP_CONFIG_FIELD } from "../../model/dct.ts";

// The layout is the model's (model/dct.ts): the simulator writes what the CLI reads.
export { ANTENNA_BYTE, DCT, IP_CONFIG_FIELD };

/** An address as the DCT holds it (model/dct.ts encodeDctAddress), as a Buffer. */
export const dctAddress = (dotted: string): Buffer => Buffer.from(encodeDctAddress(dotted));

/** Stand-in key bytes: obviously fake, never a real key. */
export const FAKE_PRIVATE_KEY = Buffer.from("NOT A REAL KEY: photon-netreset simulator stand-in. ".repeat(24)).subarray(0, DCT.devicePrivateKey.size);

/** A stand-in claim code of a real one's shape (63 base64 characters), so tests can check it never leaves the DCT. */
export const FAKE_CLAIM_CODE = Buffer.from("photon-netreset simulator stand-in claim code, not a real one!!").toString("base64").slice(0, DCT.claimCode.size);

/** A DCT image for `wifi`: erased (0xFF) except the fields written below. */
export function buildDctImage(wifi: Pick<WifiSettings, "antenna" | "ipSource" | "staticIp"> & { antennaByte?: number | null },
  serverKey: DctServerKey = new DctServerKey("right")): Buffer {
  const dct = Buffer.alloc(DCT.size, 0xff);
  FAKE_PRIVATE_KEY.copy(dct, DCT.devicePrivateKey.offset);
  // claim_code (1762, 63 bytes): what the owner's setup app left there; ours never reads it.
  Buffer.from(FAKE_CLAIM_CODE, "latin1").copy(dct, DCT.claimCode.offset);
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
  dct[DCT.antennaSelection.offset] = wifi.antennaByte ?? ANTENNA_BYTE[wifi.antenna];
  // server_public_key (2082, 768 bytes): the key and, at + 384, the server
  // address particle-cli's `keys address` reads (dct-server-key.ts).
  Buffer.from(serverKey.field).copy(dct, DCT.serverPublicKey.offset);
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
