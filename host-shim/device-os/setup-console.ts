// The 'w' dialogue of the listening-mode serial console
// (system/src/system_setup.cpp, WiFiSetupConsole::handle), line by line:
// what it prints, what it reads next, and what it stores through
// wlan_set_credentials. The USB console (usb/listening-console.ts) feeds it
// bytes; a scenario's owner (afterReset) feeds it typed answers. Both go
// through these rules.
import { CIPHERS, PROMPTS, SECURITY_DIGITS, type Cipher } from "../../model/setup-console.ts";
import type { Credential, Security } from "../../model/wifi.ts";
import { scanAccessPoints } from "../environment.ts";
import type { DeviceOs } from "./system.ts";
import { accessPointSecurity, credentialCheck, storedKey, toCipherType, toSecurity, WLAN_RESULT } from "./wlan-credentials.ts";

/** Which question the console is asking. */
export type Question = "ssid" | "security" | "cipher" | "password" | "eapType" | "username" | "outerIdentity" | "pem";
export type Read = { question: Question; multiline?: boolean; max: number };
/** What the console prints, and what it reads next (null: the dialogue is over). */
export interface Step { print: string; read: Read | null }

/** Buffer sizes of WiFiSetupConsole (system/inc/system_setup.h): ssid[33], password[65], 64-byte identities. */
const SSID_MAX = 32, PASSWORD_MAX = 64, IDENTITY_MAX = 64, PEM_LINE_MAX = 1024;
const text = (b: Uint8Array) => new TextDecoder().decode(b);

export class WifiSetupDialogue {
  private ssid: Uint8Array = new Uint8Array();
  private security: Security | undefined;
  private cipher: Cipher | undefined;
  private password: Uint8Array = new Uint8Array();
  private eap: "peap" | "tls" | null = null;
  private identity: Uint8Array = new Uint8Array();
  private pemsLeft = 0;
  /** Whether the credentials were saved ("Awesome") once the dialogue is over. */
  saved = false;

  constructor(private readonly os: DeviceOs, private readonly by = "the owner, at the serial console,") {}

  start(): Step {
    return { print: PROMPTS.ssid, read: { question: "ssid", max: SSID_MAX } };
  }

  answer(line: Uint8Array, question: Question): Step {
    switch (question) {
      case "ssid": {
        if (line.length === 0) return this.start();
        this.ssid = line;
        // wlan_scan: a network of that name gives its own security and cipher (toSecurityType, toCipherType).
        const w = this.os.world;
        const seen = scanAccessPoints(w.environment, w.hardware, w.wifi).find((ap) => ap.ssid === text(line));
        this.security = seen?.security;
        this.cipher = seen ? toCipherType(accessPointSecurity(seen.security)) : undefined;
        return this.security === undefined ? this.askSecurity() : this.afterSecurity();
      }
      case "security": {
        const d = text(line);
        if (!/^[0-5]$/.test(d)) return this.askSecurity();
        this.security = SECURITY_DIGITS[Number(d)];
        return this.afterSecurity();
      }
      case "cipher": {
        const d = text(line);
        if (!/^[1-3]$/.test(d)) return this.askCipher();
        this.cipher = CIPHERS[Number(d) - 1];
        return this.askPassword();
      }
      case "password":
        this.password = line;
        return this.eap ? { print: PROMPTS.outerIdentity, read: { question: "outerIdentity", max: IDENTITY_MAX } } : this.save();
      case "eapType": {
        const d = text(line);
        if (!/^[01]$/.test(d)) return { print: PROMPTS.eapType, read: { question: "eapType", max: 1 } };
        this.eap = d === "1" ? "tls" : "peap";
        if (this.eap === "peap") return { print: PROMPTS.username, read: { question: "username", max: IDENTITY_MAX } };
        this.pemsLeft = 2;
        return { print: PROMPTS.clientCert, read: { question: "pem", multiline: true, max: PEM_LINE_MAX } };
      }
      case "username":
        this.identity = line;
        return { print: PROMPTS.password, read: { question: "password", max: PASSWORD_MAX } };
      case "pem":
        // Certificates are read and not modelled (the simulator refuses EAP-TLS: docs/conformance-usb.md).
        if (--this.pemsLeft === 1) return { print: PROMPTS.privateKey, read: { question: "pem", multiline: true, max: PEM_LINE_MAX } };
        if (this.pemsLeft === 0) return { print: PROMPTS.outerIdentity, read: { question: "outerIdentity", max: IDENTITY_MAX } };
        return this.save();
      case "outerIdentity":
        this.pemsLeft = -1; // the root CA is the last block
        return { print: PROMPTS.rootCa, read: { question: "pem", multiline: true, max: PEM_LINE_MAX } };
    }
  }

  private askSecurity(): Step {
    return { print: PROMPTS.security, read: { question: "security", max: 1 } };
  }

  private askCipher(): Step {
    return { print: PROMPTS.cipher, read: { question: "cipher", max: 1 } };
  }

  /** The dry run: the cipher question whenever the cipher is not known, open and WEP networks included. */
  private afterSecurity(): Step {
    return this.cipher === undefined ? this.askCipher() : this.askPassword();
  }

  private askPassword(): Step {
    const s = this.security!;
    if (s === "wep" || s === "wpa" || s === "wpa2") return { print: PROMPTS.password, read: { question: "password", max: PASSWORD_MAX } };
    if (s === "open") return this.save();
    return { print: PROMPTS.eapType, read: { question: "eapType", max: 1 } };
  }

  /** "Thanks!", then wlan_set_credentials: "Awesome" and listening mode ends (WLAN_SERIAL_CONFIG_DONE), or "Derp". */
  private save(): Step {
    const security = this.security!;
    const wiced = toSecurity(security, this.cipher);
    let ok = credentialCheck(this.ssid, wiced, this.password) === WLAN_RESULT.OK;
    // check_enterprise_credentials: PEAP needs an identity and a password of 1-64 bytes; EAP-TLS's certificates are not modelled.
    if (this.eap === "tls" || (this.eap === "peap" && (this.identity.length === 0 || this.password.length === 0))) ok = false;
    this.saved = ok;
    if (!ok) return { print: PROMPTS.saved + PROMPTS.failed, read: null };
    const key = storedKey(wiced!, this.password);
    const password = security === "open" ? undefined : security === "wep" ? String.fromCharCode(...key) : text(key);
    this.os.stored({ ssid: text(this.ssid), security, password, wiced: wiced! }, this.by);
    this.os.stopListening();
    return { print: PROMPTS.saved + PROMPTS.connecting, read: null };
  }
}

/**
 * The owner types a credential at the console, answering each question as
 * `particle serial wifi` does (the cipher: AES unless the scenario says).
 * True when the console said "Awesome".
 */
export function ownerTypesCredential(os: DeviceOs, c: Credential & { cipher?: Cipher }): boolean {
  const dialogue = new WifiSetupDialogue(os);
  const answers: Record<Question, () => string> = {
    ssid: () => c.ssid,
    security: () => String(SECURITY_DIGITS.indexOf(c.security)),
    cipher: () => String(CIPHERS.indexOf(c.cipher ?? "aes") + 1),
    password: () => c.password ?? "",
    eapType: () => "0",
    username: () => "owner",
    outerIdentity: () => "",
    pem: () => "",
  };
  let step = dialogue.start();
  for (let asked = 0; step.read && asked < 20; asked++) {
    step = dialogue.answer(new TextEncoder().encode(answers[step.read.question]()).subarray(0, step.read.max), step.read.question);
  }
  return dialogue.saved;
}
