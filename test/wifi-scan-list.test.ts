// The scan list's one wire spec (model/wifi-scan-list.ts): our firmware's
// "scan" reply and Device OS's own WiFiScanReply decode to the same list;
// ranking and the "not in the Photon's list" sentence.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeScanList, decodeScanReply, decodeSystemScanReply, encodeScanList, encodeSystemScanReply, keptByFirmware, notInScanList,
  rankNetworks, SCAN_LIST_FORMAT, type ScannedAccessPoint,
} from "../model/wifi-scan-list.ts";

const ap = (ssid: string, rssi: number, over: Partial<ScannedAccessPoint> = {}): ScannedAccessPoint =>
  ({ ssid, rssi, security: "wpa2", cipher: "aes", channel: 6, ...over });

const arbitraryAp = fc.record({
  ssid: fc.string({ maxLength: 32 }).filter((s) => Buffer.byteLength(s) <= 32),
  rssi: fc.integer({ min: -128, max: 0 }),
  security: fc.constantFrom("open", "wep", "wpa", "wpa2", "wpa-enterprise", "wpa2-enterprise") as fc.Arbitrary<ScannedAccessPoint["security"]>,
  cipher: fc.constantFrom("none", "aes", "tkip", "aes+tkip") as fc.Arbitrary<ScannedAccessPoint["cipher"]>,
  channel: fc.integer({ min: 1, max: 14 }),
});

describe("the scan list's wire format", () => {
  it("lays out one byte of count, then 37-byte records: length, SSID padded to 32, RSSI, security, cipher, channel", () => {
    const bytes = encodeScanList([ap("home", -40, { security: "wep", cipher: "none", channel: 11 }), ap("", -70)]);
    expect(bytes.length).toBe(1 + 2 * 37);
    expect(bytes[0]).toBe(2);
    expect([...bytes.subarray(1, 6)]).toEqual([4, 0x68, 0x6f, 0x6d, 0x65]);
    expect([...bytes.subarray(34, 39)]).toEqual([0xd8, 1, 0, 11, 0]); // -40, WLAN_SEC_WEP, no cipher, channel 11; next record's length 0
    expect(bytes.subarray(38 + 1, 38 + 33).every((b) => b === 0)).toBe(true); // a hidden network: no SSID
  });

  it("decodes what it encodes, for any list that fits", () => {
    fc.assert(fc.property(fc.array(arbitraryAp, { maxLength: SCAN_LIST_FORMAT.maxEntries }), (aps) => {
      expect(decodeScanList(encodeScanList(aps))).toEqual({ seen: aps.length, aps });
    }));
  });

  it("keeps the 16 strongest of a longer scan and still counts every access point", () => {
    const aps = Array.from({ length: 20 }, (_, i) => ap(`net${i}`, -90 + i)); // the strongest come last
    const list = decodeScanList(encodeScanList(aps));
    expect(list.seen).toBe(20);
    expect(list.aps).toHaveLength(16);
    expect(list.aps.map((a) => a.ssid).sort()).toEqual(aps.slice(4).map((a) => a.ssid).sort());
    expect(keptByFirmware(aps)).toEqual(list.aps);
  });

  it("refuses a reply of the wrong length", () => {
    expect(() => decodeScanList(new Uint8Array(0))).toThrow(/0 bytes/);
    expect(() => decodeScanList(new Uint8Array(1 + 36))).toThrow(/37 per access point/);
  });

  it("reads Device OS's own WiFiScanReply (0.8.0-rc.2 to 1.5.x) into the same list, hidden networks with no SSID", () => {
    const aps = [ap("home", -50), ap("", -60, { security: "open", cipher: "none", channel: 1 }), ap("cafe", -80, { security: "wpa", cipher: "tkip" })];
    expect(decodeSystemScanReply(encodeSystemScanReply(aps))).toEqual({ seen: 3, aps });
    expect(decodeSystemScanReply(new Uint8Array(0))).toEqual({ seen: 0, aps: [] });
  });

  it("decodes either request's reply through one entry point, to the same list", () => {
    const aps = [ap("home", -50), ap("", -60, { security: "open", cipher: "none", channel: 1 })];
    expect(decodeScanReply("firmware", encodeScanList(aps))).toEqual({ seen: 2, aps });
    expect(decodeScanReply("system", encodeSystemScanReply(aps))).toEqual({ seen: 2, aps });
  });
});

describe("choosing from the list", () => {
  const list = { seen: 4, aps: [ap("cafe", -80), ap("home", -70), ap("", -30), ap("home", -45)] };

  it("ranks strongest first, one entry per network (its strongest access point), hidden ones left out", () => {
    expect(rankNetworks(list).map((a) => [a.ssid, a.rssi])).toEqual([["home", -45], ["cafe", -80]]);
  });

  it("says nothing for a network in the list, and names the count and the causes for one that is not", () => {
    expect(notInScanList("home", list)).toBeNull();
    const said = notInScanList("office", list);
    expect(said).toMatch(/your network 'office' is not among the 4 networks the Photon sees/);
    expect(said).toMatch(/5 GHz/);
    expect(said).toMatch(/hidden/);
    expect(notInScanList("home", { seen: 1, aps: [ap("other", -50)] })).toMatch(/among the 1 network the Photon sees: /);
  });

  it("with nothing in the list, names 5 GHz and a radio or antenna fault", () => {
    expect(notInScanList("home", { seen: 0, aps: [] })).toMatch(/sees no network at all.*5 GHz.*radio or antenna/);
  });
});
