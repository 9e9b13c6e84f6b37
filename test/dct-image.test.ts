// The DCT image's offsets against Device OS 2.3.1's dct.h (STATIC_ASSERT_DCT_OFFSET)
// and the byte order of wlan_hal.cpp / spark_wiring_ipaddress.cpp.
import { describe, expect, it } from "vitest";
import { ANTENNA_BYTE, buildDctImage, DCT, dctAddress, dctReadsOutside, FAKE_PRIVATE_KEY, IP_CONFIG_FIELD } from "../host-shim/usb/dct-image.ts";

describe("DCT image", () => {
  it("uses Device OS's offsets and sizes", () => {
    expect(DCT.devicePrivateKey.offset).toBe(34);
    expect(DCT.ipConfig).toEqual({ offset: 1634, size: 24 });
    expect(DCT.antennaSelection).toEqual({ offset: 2976, size: 1 });
    expect(DCT.serverPublicKey.offset).toBe(2082);
    expect(IP_CONFIG_FIELD).toEqual({ configMode: 0, host: 4, netmask: 8, gateway: 12, dns1: 16, dns2: 20 });
    expect(ANTENNA_BYTE).toEqual({ internal: 0, external: 1, auto: 3, never: 0xff });
  });

  it("stores IPv4 addresses as the u32 a<<24|b<<16|c<<8|d, little-endian", () => {
    expect(dctAddress("192.168.1.20").toString("hex")).toBe("1401a8c0");
    expect(dctAddress("10.0.0.1").toString("hex")).toBe("0100000a");
  });

  it("dynamic IP with no static address: mode 0, the rest erased; antenna per setting; a fake key, never a real one", () => {
    const dct = buildDctImage({ antenna: "auto", ipSource: "dynamic", staticIp: null });
    expect(dct.length).toBe(0x4000);
    expect(dct.subarray(1634, 1658).toString("hex")).toBe(`00${"ff".repeat(23)}`);
    expect(dct[2976]).toBe(3);
    expect(dct.subarray(34, 34 + 16).toString("latin1")).toBe(FAKE_PRIVATE_KEY.subarray(0, 16).toString("latin1"));
    expect(FAKE_PRIVATE_KEY.toString("latin1")).toMatch(/^NOT A REAL KEY/);
  });

  it("holds the server address where particle-cli's `keys address` looks (2082 + 384, port at + 66)", () => {
    const dct = buildDctImage({ antenna: "internal", ipSource: "dynamic", staticIp: null });
    const at = 2082 + 384;
    expect(dct[at]).toBe(1); // DOMAIN_NAME
    expect(dct.subarray(at + 2, at + 2 + dct[at + 1]).toString()).toBe("device.spark.io");
    expect(dct.readUInt16BE(2082 + 450)).toBe(0xffff); // default port
  });

  it("names the bytes read outside the allowed ranges (for a CLI that must read only ip_config and the antenna)", () => {
    const allowed = [DCT.ipConfig, DCT.antennaSelection];
    expect(dctReadsOutside([{ start: 1634, length: 24 }, { start: 2976, length: 1 }], allowed)).toEqual([]);
    expect(dctReadsOutside([{ start: 1630, length: 30 }, { start: 34, length: 2 }], allowed))
      .toEqual([{ start: 1630, length: 4 }, { start: 1658, length: 2 }, { start: 34, length: 2 }]);
  });
});
