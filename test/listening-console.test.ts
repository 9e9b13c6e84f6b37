// The listening-mode serial console against Device OS 2.3.1's
// system/src/system_setup.cpp (WiFiSetupConsole::handle) and the credential
// rules of hal/src/photon/wlan_hal.cpp, byte for byte.
import { describe, expect, it } from "vitest";
import type { Scenario } from "../host-shim/scenario.ts";
import { parseScenario } from "../host-shim/scenario.ts";
import { PROMPTS } from "../host-shim/usb/listening-console.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { hexDecode, storedKey, WICED } from "../host-shim/device-os/wlan-credentials.ts";
import { program } from "./helpers.ts";
import { packageRoot, photon } from "./cli-harness.ts";

const world = (accessPoints: object[]): Scenario =>
  parseScenario({ device: { credentials: [] }, environment: { accessPoints } }, "console");

/** A Photon running our program with no credentials: in listening mode. */
function listening(accessPoints: object[]): SimulatedUsbPhoton {
  const d = photon(world(accessPoints), { app: { kind: "netreset", program: program() } }, packageRoot().bins);
  expect(d.mode).toBe("listening");
  return d;
}

/** Until the join Device OS started after listening mode has ended (JOIN_MS of the device's time, scaled). */
async function joined(d: SimulatedUsbPhoton): Promise<void> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline && d.os.outcome === null;) await new Promise((r) => setTimeout(r, 2));
}

/** Types 'w', then answers each prompt in turn; returns everything the device printed. */
async function converse(d: SimulatedUsbPhoton, replies: [prompt: string, reply: string][], end = "\r\n\r\n"): Promise<string> {
  const port = d.console.openBytes();
  let out = Buffer.alloc(0);
  port.onData((b) => { out = Buffer.concat([out, b]); });
  const waitFor = async (suffix: string) => {
    for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
      if (out.toString("latin1").endsWith(suffix)) return;
      await new Promise((r) => setTimeout(r, 1));
    }
    throw new Error(`no ${JSON.stringify(suffix)} in ${JSON.stringify(out.toString("latin1"))}`);
  };
  port.write(Buffer.from("w"));
  for (const [prompt, reply] of replies) {
    await waitFor(prompt);
    port.write(Buffer.from(`${reply}\r`, "utf8"));
  }
  await waitFor(end);
  port.close();
  return out.toString("utf8");
}

describe("the 'w' dialogue", () => {
  it("a network in range: its security and cipher come from the scan, then the whole closing text to 'Particle <3 you!'", async () => {
    const d = listening([{ ssid: "home", security: "wpa2", password: "correct horse" }]);
    const out = await converse(d, [[PROMPTS.ssid, "home"], [PROMPTS.password, "correct horse"]], "Particle <3 you!\r\n\r\n");
    expect(out).toBe("SSID: home\r\nPassword: correct horse\r\n"
      + "Thanks! Wait while I save those credentials...\r\n\r\n"
      + "Awesome. Now we'll connect!\r\n\r\n"
      + "If you see a pulsing cyan light, your device \r\nhas connected to the Cloud and is ready to go!\r\n\r\n"
      + "If your LED flashes red or you encounter any other problems,\r\nvisit https://www.particle.io/support to debug.\r\n\r\n"
      + "    Particle <3 you!\r\n\r\n");
    expect(d.photon!.wifi.credentials()).toEqual([{ ssid: "home", security: "wpa2", password: "correct horse", wiced: WICED.WPA2 | WICED.AES }]);
    expect(d.mode).toBe("normal");
    await joined(d);
    expect(d.cloudConnected).toBe(true);
  });

  it("a typed SSID not in range: security, then the cipher, then the password", async () => {
    const d = listening([]);
    const out = await converse(d, [[PROMPTS.ssid, "away"], [PROMPTS.security, "3"], [PROMPTS.cipher, "1"], [PROMPTS.password, "12345678"]]);
    expect(out.startsWith(`SSID: away\r\n${PROMPTS.security}3\r\n${PROMPTS.cipher}1\r\n${PROMPTS.password}12345678\r\n${PROMPTS.saved}`)).toBe(true);
    expect(d.photon!.wifi.credentials()).toEqual([{ ssid: "away", security: "wpa2", password: "12345678", wiced: WICED.WPA2 | WICED.AES }]);
  });

  it("asks the cipher for open and WEP networks too, typed or seen (their scan gives no cipher)", async () => {
    const typedOpen = await converse(listening([]), [[PROMPTS.ssid, "cafe"], [PROMPTS.security, "0"], [PROMPTS.cipher, "1"]]);
    expect(typedOpen).toContain(`${PROMPTS.cipher}1\r\n${PROMPTS.saved}`);
    const seenOpen = listening([{ ssid: "cafe", security: "open" }]);
    const out = await converse(seenOpen, [[PROMPTS.ssid, "cafe"], [PROMPTS.cipher, "3"]]);
    expect(out).not.toContain(PROMPTS.security);
    // toSecurity ORs the cipher in: open|AES|TKIP, a value is_ap_entry_valid rejects.
    expect(seenOpen.photon!.wifi.credentials()).toEqual([{ ssid: "cafe", security: "open", password: undefined, wiced: WICED.AES | WICED.TKIP }]);
    const seenWep = await converse(listening([{ ssid: "old", security: "wep", password: "abcde" }]),
      [[PROMPTS.ssid, "old"], [PROMPTS.cipher, "1"], [PROMPTS.password, "6162636465"]]);
    expect(seenWep).toContain(`${PROMPTS.cipher}1\r\n${PROMPTS.password}`);
  });

  it("asks again on an answer out of range, and on an empty SSID", async () => {
    const out = await converse(listening([]), [[PROMPTS.ssid, ""], [PROMPTS.ssid, "x"], [PROMPTS.security, "9"], [PROMPTS.security, "0"], [PROMPTS.cipher, "0"], [PROMPTS.cipher, "2"]]);
    expect(out.startsWith(`SSID: \r\nSSID: x\r\n${PROMPTS.security}9\r\n${PROMPTS.security}0\r\n${PROMPTS.cipher}0\r\n${PROMPTS.cipher}2\r\n`)).toBe(true);
  });

  it("a WPA2 passphrase shorter than 8 bytes is refused with Device OS's 'Derp.' and the device stays in listening mode", async () => {
    const d = listening([{ ssid: "home", password: "12345678" }]);
    const out = await converse(d, [[PROMPTS.ssid, "home"], [PROMPTS.password, "1234567"]]);
    expect(out.endsWith(`${PROMPTS.saved}${PROMPTS.failed}`)).toBe(true);
    expect(d.photon!.wifi.credentials()).toEqual([]);
    expect(d.mode).toBe("listening");
  });
});

describe("credential rules (bytes, not characters)", () => {
  it("a passphrase of 4 characters but 8 UTF-8 bytes is accepted", async () => {
    const pass = "ééàà"; // 8 bytes
    const d = listening([{ ssid: "home", password: pass }]);
    await converse(d, [[PROMPTS.ssid, "home"], [PROMPTS.password, pass]]);
    expect(d.photon!.wifi.credentials()[0].password).toBe(pass);
    await joined(d);
    expect(d.cloudConnected).toBe(true);
  });

  it("the passphrase buffer holds 64 bytes: a 70-byte one is cut to 64 (read_line), and a 7-byte one fails", async () => {
    const long = "p".repeat(70);
    const d = listening([]);
    await converse(d, [[PROMPTS.ssid, "far"], [PROMPTS.security, "3"], [PROMPTS.cipher, "1"], [PROMPTS.password, long]]);
    expect(d.photon!.wifi.credentials()[0].password).toBe("p".repeat(64));
  });

  it("the SSID holds 32 bytes: a 33rd byte ends the line; 32 two-byte characters keep only 16", async () => {
    const d = listening([]);
    await converse(d, [[PROMPTS.ssid, "s".repeat(40)], [PROMPTS.security, "0"], [PROMPTS.cipher, "1"]]);
    expect(d.photon!.wifi.credentials()[0].ssid).toBe("s".repeat(32));
    const e = listening([]);
    await converse(e, [[PROMPTS.ssid, "é".repeat(20)], [PROMPTS.security, "0"], [PROMPTS.cipher, "1"]]);
    expect(e.photon!.wifi.credentials()[0].ssid).toBe("é".repeat(16));
  });

  it("hex_decode: pairs of hex digits, an odd last digit is the high nibble; only a WEP_PSK key is decoded", () => {
    expect([...hexDecode(Buffer.from("6162636465"))]).toEqual([0x61, 0x62, 0x63, 0x64, 0x65]);
    expect([...hexDecode(Buffer.from("abc"))]).toEqual([0xab, 0xc0]);
    expect([...storedKey(WICED.WEP, Buffer.from("6162636465"))]).toEqual([0x61, 0x62, 0x63, 0x64, 0x65]);
    expect(Buffer.from(storedKey(WICED.WEP | WICED.AES, Buffer.from("6162636465"))).toString()).toBe("6162636465");
  });

  it("open and WEP networks typed at the console never join: the cipher answer makes them 4 and 5, which wlan_join skips (finding 5)", async () => {
    for (const [ap, replies] of [
      [{ ssid: "old", security: "wep", password: "abcde" }, [[PROMPTS.ssid, "old"], [PROMPTS.cipher, "1"], [PROMPTS.password, "6162636465"]]],
      [{ ssid: "cafe", security: "open" }, [[PROMPTS.ssid, "cafe"], [PROMPTS.cipher, "1"]]],
    ] as const) {
      const d = listening([ap]);
      const out = await converse(d, replies as unknown as [string, string][]);
      expect(out).toContain("Awesome."); // saved: the console cannot tell
      await joined(d);
      expect(d.cloudConnected).toBe(false);
      expect(d.os.outcome?.reason).toMatch(/wlan_join skips it/);
      expect(d.mode).toBe("listening"); // WLAN_LISTEN_ON_FAILED_CONNECT: back to listening mode
    }
  });

  it("the security typed is overridden by the access point's own when the scan sees it", async () => {
    const d = listening([{ ssid: "home", security: "wpa", password: "12345678" }]);
    const out = await converse(d, [[PROMPTS.ssid, "home"], [PROMPTS.password, "12345678"]]);
    expect(out).not.toContain("Security");
    expect(d.photon!.wifi.credentials()[0].security).toBe("wpa");
  });
});

describe("other console commands", () => {
  it("'i' prints the device id and 'v' the system version as append_system_version_info does", async () => {
    const d = listening([]);
    const port = d.console.openBytes();
    let out = "";
    port.onData((b) => { out += b.toString("latin1"); });
    port.write(Buffer.from("iv"));
    for (const deadline = Date.now() + 5000; Date.now() < deadline && !out.endsWith("\n\r\n");) await new Promise((r) => setTimeout(r, 1));
    expect(out).toBe(`Your device id is ${d.id}\r\nsystem firmware version: 2.3.1\n\r\n`);
  });
});
