// The serial console a Photon runs in listening mode (Device OS 2.3.1,
// system/src/system_setup.cpp), as `particle serial wifi` talks to it: 'w'
// asks for SSID, then security and cipher unless its own scan saw the
// network, then the password; it echoes what is typed, as Device OS does.
// 'i' prints the device id, 'v' the system version.
import { visibleAccessPoints } from "../environment.ts";
import type { Security } from "../wifi-settings.ts";
import type { SerialLink } from "../../scripts/cli/backends.ts";
import type { SimulatedUsbPhoton } from "./simulated-usb-photon.ts";

const SECURITY_BY_DIGIT: Security[] = ["open", "wep", "wpa", "wpa2", "wpa-enterprise", "wpa2-enterprise"];
export const PROMPTS = {
  ssid: "SSID: ",
  security: "Security 0=unsecured, 1=WEP, 2=WPA, 3=WPA2, 4=WPA Enterprise, 5=WPA2 Enterprise: ",
  cipher: "Security Cipher 1=AES, 2=TKIP, 3=AES+TKIP: ",
  password: "Password: ",
  saved: "Thanks! Wait while I save those credentials...\r\n\r\n",
  connecting: "Awesome. Now we'll connect!\r\n\r\nIf you see a pulsing cyan light, your device \r\nhas connected to the Cloud and is ready to go!\r\n\r\n",
} as const;


type Step = "idle" | "ssid" | "security" | "cipher" | "password";

export class ListeningConsole {
  private step: Step = "idle";
  private line = "";
  private entry: { ssid: string; security?: Security } = { ssid: "" };
  private listener: ((text: string) => void) | null = null;
  /** Everything the host typed, for tests that check what was sent. */
  readonly typed: string[] = [];

  constructor(private readonly device: SimulatedUsbPhoton) {}

  /** The USB serial port (CDC), there whenever the device is on USB and not in DFU mode. */
  open(): SerialLink {
    if (!this.device.attached || this.device.mode === "dfu") throw new Error(`no serial port for ${this.device.id}`);
    return {
      write: (data) => setImmediate(() => { for (const c of data) this.receive(c); }),
      onData: (listener) => { this.listener = listener; },
      close: () => { this.listener = null; },
    };
  }

  private print(text: string): void {
    const l = this.listener;
    if (l) setImmediate(() => l(text));
  }

  private receive(c: string): void {
    this.typed.push(c);
    if (this.device.mode !== "listening") return; // the console runs only in listening mode
    if (this.step === "idle") {
      if (c === "w") { this.entry = { ssid: "" }; this.ask("ssid"); }
      else if (c === "i") this.print(`Your device id is ${this.device.id}\r\n`);
      else if (c === "v") this.print(`system firmware version: ${this.device.systemVersion}\r\n`);
      return;
    }
    if (c === "\r" || c === "\n") {
      const line = this.line;
      this.line = "";
      this.print("\r\n");
      this.answer(line);
      return;
    }
    this.line += c;
    this.print(c); // Device OS echoes what is typed, password included
  }

  private ask(step: Step): void {
    this.step = step;
    if (step !== "idle") this.print(PROMPTS[step]);
  }

  private answer(line: string): void {
    switch (this.step) {
      case "ssid": {
        if (!line) return this.ask("ssid");
        this.entry.ssid = line.slice(0, 32);
        const photon = this.device.photon;
        const seen = photon && visibleAccessPoints(photon.environment, photon.hardware, photon.wifi).find((ap) => ap.ssid === this.entry.ssid);
        if (seen) {
          this.entry.security = seen.security;
          return this.afterSecurity();
        }
        return this.ask("security");
      }
      case "security": {
        const security = SECURITY_BY_DIGIT[Number(line)];
        if (!/^[0-5]$/.test(line) || !security) return this.ask("security");
        this.entry.security = security;
        return security === "wpa" || security === "wpa2" ? this.ask("cipher") : this.afterSecurity();
      }
      case "cipher":
        if (!/^[1-3]$/.test(line)) return this.ask("cipher");
        return this.afterSecurity();
      case "password":
        return this.save(line);
      default:
        return;
    }
  }

  private afterSecurity(): void {
    if (this.entry.security === "open") return this.save(undefined);
    this.ask("password");
  }

  private save(password: string | undefined): void {
    this.step = "idle";
    this.print(PROMPTS.saved);
    this.device.photon?.enterCredentials([{ ssid: this.entry.ssid, security: this.entry.security ?? "wpa2", password }]);
    this.print(PROMPTS.connecting);
    this.device.credentialsEntered();
  }
}
