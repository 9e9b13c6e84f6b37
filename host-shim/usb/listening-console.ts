// The serial console a Photon runs in listening mode (Device OS 2.3.1,
// system/src/system_setup.cpp, SystemSetupConsole / WiFiSetupConsole), as
// `particle serial wifi` and our own Wi-Fi step talk to it. It works on bytes,
// as the USB CDC port does: lengths are UTF-8 bytes, not characters.
// The 'w' dialogue mirrors WiFiSetupConsole::handle line for line; the rules
// a typed credential must pass are in wifi-credential-rules.ts.
import { visibleAccessPoints } from "../environment.ts";
import type { Security } from "../wifi-settings.ts";
import type { SerialLink } from "../../model/device.ts";
import type { SimulatedUsbPhoton } from "./simulated-usb-photon.ts";
import { checkCredential, storedPassword, type Cipher } from "./wifi-credential-rules.ts";

/** WLanSecurityType order (hal/inc/wlan_hal.h): the digit typed at the security prompt. */
const SECURITY_BY_DIGIT: Security[] = ["open", "wep", "wpa", "wpa2", "wpa-enterprise", "wpa2-enterprise"];

/** Every text the 'w' dialogue prints (system_setup.cpp, WiFiSetupConsole::handle). */
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

/** Buffer sizes of WiFiSetupConsole (system/inc/system_setup.h): ssid[33], password[65]. */
const SSID_MAX = 32, PASSWORD_MAX = 64;
const BACKSPACE = 8, DELETE = 127, CR = 13, LF = 10;

export class ListeningConsole {
  /** Bytes that have arrived and are not read yet (serial.available()). */
  private input: number[] = [];
  private wake: (() => void) | null = null;
  private running = false;
  private listener: ((bytes: Buffer) => void) | null = null;
  /** Everything the host typed, for tests that check what was sent. */
  readonly typed: string[] = [];

  constructor(private readonly device: SimulatedUsbPhoton) {}

  /** The USB serial port (CDC), there whenever the device is on USB and not in DFU mode. Text is UTF-8 in, latin1 out, as the real backend reads it. */
  open(): SerialLink {
    const port = this.openBytes();
    return {
      write: (data) => port.write(Buffer.from(data, "utf8")),
      onData: (listener) => port.onData((bytes) => listener(bytes.toString("latin1"))),
      close: () => port.close(),
    };
  }

  /** The same port as raw bytes (what serialport hands particle-cli). */
  openBytes(): { write(bytes: Buffer): void; onData(listener: (bytes: Buffer) => void): void; close(): void } {
    if (!this.device.attached || this.device.mode === "dfu") throw new Error(`no serial port for ${this.device.id}`);
    return {
      write: (bytes) => setImmediate(() => this.receive(bytes)),
      onData: (listener) => { this.listener = listener; },
      close: () => { this.listener = null; },
    };
  }

  private receive(bytes: Buffer): void {
    this.typed.push(bytes.toString("utf8"));
    // The console runs only in listening mode; otherwise nothing reads the port.
    if (this.device.mode !== "listening") return;
    this.input.push(...bytes);
    const wake = this.wake;
    this.wake = null;
    wake?.();
    if (!this.running) void this.run();
  }

  private print(text: string | Buffer): void {
    const l = this.listener;
    const bytes = typeof text === "string" ? Buffer.from(text, "latin1") : Buffer.from(text);
    if (l) setImmediate(() => l(bytes));
  }

  /** SystemSetupConsole::loop: read one byte, handle it. */
  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.input.length > 0 && this.device.mode === "listening") await this.handle(this.input.shift()!);
    } finally {
      this.running = false;
    }
  }

  private async read(): Promise<number> {
    while (this.input.length === 0) await new Promise<void>((r) => { this.wake = r; });
    return this.input.shift()!;
  }

  /**
   * SystemSetupConsole::read_line: serialReadLine (wiring/src/spark_wiring_stream.cpp)
   * echoes each byte, handles backspace/delete, ends at CR or LF, or at the
   * byte after max_len (that byte is dropped); then "\r\n" and whatever else
   * has already arrived is discarded.
   */
  private async readLine(maxLen: number): Promise<Buffer> {
    const line: number[] = [];
    for (;;) {
      const c = await this.read();
      if (line.length === maxLen || c === CR || c === LF) break;
      if (c === BACKSPACE || c === DELETE) {
        if (line.length === 0) continue;
        line.pop();
      } else {
        line.push(c);
      }
      this.print(Buffer.from([c])); // Device OS echoes what is typed, password included
    }
    this.print("\r\n");
    this.input.length = 0;
    return Buffer.from(line);
  }

  /** read_multiline: lines until an empty one (PEM blocks). */
  private async readMultiline(): Promise<void> {
    while ((await this.readLine(1024)).length > 0) { /* certificates are not modelled */ }
  }

  private async handle(c: number): Promise<void> {
    const ch = String.fromCharCode(c);
    if (ch === "w") return this.wifi();
    if (ch === "i") return this.print(`Your device id is ${this.device.id}\r\n`);
    if (ch === "v") return this.print(`system firmware version: ${this.device.systemVersion}\n\r\n`); // append_system_version_info
    if (ch === "x") return this.device.stopListening(); // SystemSetupConsole::exit
  }

  /** WiFiSetupConsole::handle('w'). */
  private async wifi(): Promise<void> {
    let ssid: Buffer;
    do {
      this.print(PROMPTS.ssid);
      ssid = await this.readLine(SSID_MAX);
    } while (ssid.length === 0);
    const ssidText = ssid.toString("utf8");

    // wlan_scan: a network in range gives its own security and cipher.
    const photon = this.device.photon;
    const seen = photon ? visibleAccessPoints(photon.environment, photon.hardware, photon.wifi).find((ap) => ap.ssid === ssidText) : undefined;
    let security: Security | undefined = seen?.security;
    // toCipherType: only WPA/WPA2 networks report a cipher (AES, what the simulator's WPA networks use).
    let cipher: Cipher | undefined = seen && /^wpa/.test(seen.security) ? "aes" : undefined;

    if (security === undefined) {
      let digit: string;
      do {
        this.print(PROMPTS.security);
        digit = (await this.readLine(1)).toString("latin1");
      } while (!/^[0-5]$/.test(digit));
      security = SECURITY_BY_DIGIT[Number(digit)];
    }
    // The cipher question: whenever the cipher is not known (open and WEP
    // included), or the dry run says WLAN_SET_CREDENTIALS_CIPHER_REQUIRED.
    if (cipher === undefined) {
      let digit: string;
      do {
        this.print(PROMPTS.cipher);
        digit = (await this.readLine(1)).toString("latin1");
      } while (!/^[1-3]$/.test(digit));
      cipher = (["aes", "tkip", "aes+tkip"] as const)[Number(digit) - 1];
    }

    let password: Buffer = Buffer.alloc(0);
    if (security === "wep" || security === "wpa" || security === "wpa2") {
      this.print(PROMPTS.password);
      password = await this.readLine(PASSWORD_MAX);
    } else if (security !== "open") {
      const peapPassword = await this.enterprise();
      // EAP-TLS certificates are not modelled: the simulator refuses them (chosen, see docs/conformance-usb.md).
      if (peapPassword === null) return this.print(PROMPTS.saved + PROMPTS.failed);
      password = peapPassword;
    }

    this.print(PROMPTS.saved);
    if (!checkCredential({ ssid, security, password })) return this.print(PROMPTS.failed);
    photon?.enterCredentials([{ ssid: ssidText, security, password: storedPassword(security, password) }]);
    this.print(PROMPTS.connecting);
    this.device.credentialsEntered();
  }

  /** The enterprise questions, asked as Device OS asks them; PEAP's password is kept, EAP-TLS gives null. */
  private async enterprise(): Promise<Buffer | null> {
    let digit: string;
    do {
      this.print(PROMPTS.eapType);
      digit = (await this.readLine(1)).toString("latin1");
    } while (!/^[01]$/.test(digit));
    let password: Buffer | null = null;
    if (digit === "1") {
      this.print(PROMPTS.clientCert);
      await this.readMultiline();
      this.print(PROMPTS.privateKey);
      await this.readMultiline();
    } else {
      this.print(PROMPTS.username);
      const identity = await this.readLine(64);
      this.print(PROMPTS.password);
      password = await this.readLine(PASSWORD_MAX);
      // check_enterprise_credentials (wlan_hal.cpp): identity and password 1-64 bytes.
      if (identity.length === 0 || password.length === 0) password = null;
    }
    this.print(PROMPTS.outerIdentity);
    await this.readLine(64);
    this.print(PROMPTS.rootCa);
    await this.readMultiline();
    return password;
  }
}
