// The listening-mode serial console of Device OS 2.3.1 (system/src/system_setup.cpp,
// WiFiSetupConsole::handle), as both ends need it: every text it prints, the
// digits it takes, and the verdict that says whether credentials were saved.
// The simulator prints these; the CLI and the page read them.
import type { Security } from "./wifi.ts";

/** Every text the 'w' dialogue prints. */
export const PROMPTS = {
  ssid: "SSID: ",
  // Wiring_WpaEnterprise is 1 on the Photon (wiring/inc/spark_wiring_platform.h): the six-way question.
  security: "Security 0=unsecured, 1=WEP, 2=WPA, 3=WPA2, 4=WPA Enterprise, 5=WPA2 Enterprise: ",
  cipher: "Security Cipher 1=AES, 2=TKIP, 3=AES+TKIP: ",
  password: "Password: ",
  eapType: "EAP Type 0=PEAP/MSCHAPv2, 1=EAP-TLS: ",
  clientCert: "Client certificate in PEM format:\r\n",
  privateKey: "Private key in PEM format:\r\n",
  username: "Username: ",
  outerIdentity: "Outer identity (optional): ",
  rootCa: "Root CA in PEM format (optional):\r\n",
  saved: "Thanks! Wait while I save those credentials...\r\n\r\n",
  connecting: "Awesome. Now we'll connect!\r\n\r\n"
    + "If you see a pulsing cyan light, your device \r\n"
    + "has connected to the Cloud and is ready to go!\r\n\r\n"
    + "If your LED flashes red or you encounter any other problems,\r\n"
    + "visit https://www.particle.io/support to debug.\r\n\r\n"
    + "    Particle <3 you!\r\n\r\n",
  failed: "Derp. Sorry, we couldn't save the credentials.\r\n\r\n",
} as const;

/** The line after "Thanks!": only it says whether the credentials were saved. */
export const VERDICT = { saved: "Awesome. Now we'll connect!", refused: "Derp. Sorry, we couldn't save the credentials." } as const;

/** WLanSecurityType (hal/inc/wlan_hal.h): the digit typed at the security prompt. */
export const SECURITY_DIGITS: readonly Security[] = ["open", "wep", "wpa", "wpa2", "wpa-enterprise", "wpa2-enterprise"];

/** WLanSecurityCipher (hal/inc/wlan_hal.h): 1 AES, 2 TKIP, 3 both; the digit at the cipher prompt. */
export const CIPHERS = ["aes", "tkip", "aes+tkip"] as const;
export type Cipher = (typeof CIPHERS)[number];

/** Single-letter commands of SystemSetupConsole::handle. */
export const CONSOLE_COMMANDS = { wifi: "w", deviceId: "i", version: "v", exit: "x" } as const;

export type ConsoleStep = "ssid" | "security" | "cipher" | "password" | "saved" | "connecting" | "failed";

/**
 * What the console is waiting for (or said) first in `text`, with the index
 * just after it; null: nothing yet. The security prompt is matched loosely:
 * platforms without enterprise support ask a four-way question.
 */
export function nextConsoleStep(text: string): { step: ConsoleStep; end: number } | null {
  const marks: [ConsoleStep, RegExp][] = [
    ["ssid", /SSID: /], ["cipher", /Security Cipher [^:]*: /], ["security", /Security \d[^:]*: /], ["password", /Password: /],
    ["saved", /Thanks! Wait while I save those credentials\.\.\./], ["connecting", /Awesome\. Now we'll connect!/], ["failed", /Derp\. Sorry, we couldn't save the credentials\./],
  ];
  let best: { step: ConsoleStep; end: number; at: number } | null = null;
  for (const [step, mark] of marks) {
    const m = mark.exec(text);
    if (m && (!best || m.index < best.at)) best = { step, at: m.index, end: m.index + m[0].length };
  }
  return best && { step: best.step, end: best.end };
}
