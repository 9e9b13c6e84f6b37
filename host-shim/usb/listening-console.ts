// The serial console a Photon runs in listening mode (Device OS 2.3.1,
// system/src/system_setup.cpp, SystemSetupConsole / WiFiSetupConsole), as
// `particle serial wifi` and our own Wi-Fi step talk to it. It works on bytes,
// as the USB CDC port does: lengths are UTF-8 bytes, not characters.
// The 'w' dialogue and the rules a typed credential must pass are Device OS's
// (../device-os/setup-console.ts); this file is the serial line under it.
import type { SerialLink } from "../../model/device.ts";
import { CONSOLE_COMMANDS } from "../../model/setup-console.ts";
import { WifiSetupDialogue } from "../device-os/setup-console.ts";

export { PROMPTS } from "../../model/setup-console.ts";

const BACKSPACE = 8, DELETE = 127, CR = 13, LF = 10;

/** What the console needs of the device it runs on (a SimulatedUsbPhoton; named here, not imported, so the two files do not import each other). */
export interface ConsoleHost {
  readonly id: string;
  readonly attached: boolean;
  readonly mode: string;
  readonly systemVersion: string;
  readonly os: ConstructorParameters<typeof WifiSetupDialogue>[0];
  stopListening(): void;
  joinAfterListening(): void;
}

export class ListeningConsole {
  /** Bytes that have arrived and are not read yet (serial.available()). */
  private input: number[] = [];
  private wake: (() => void) | null = null;
  private running = false;
  private listener: ((bytes: Buffer) => void) | null = null;
  /** Everything the host typed, for tests that check what was sent. */
  readonly typed: string[] = [];

  constructor(private readonly device: ConsoleHost) {}

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
    if (ch === CONSOLE_COMMANDS.wifi) return this.wifi();
    if (ch === CONSOLE_COMMANDS.deviceId) return this.print(`Your device id is ${this.device.id}\r\n`);
    if (ch === CONSOLE_COMMANDS.version) return this.print(`system firmware version: ${this.device.systemVersion}\n\r\n`); // append_system_version_info
    if (ch === CONSOLE_COMMANDS.exit) return this.device.stopListening(); // SystemSetupConsole::exit
  }

  /** WiFiSetupConsole::handle('w'): Device OS's dialogue over this line. */
  private async wifi(): Promise<void> {
    const dialogue = new WifiSetupDialogue(this.device.os);
    for (let step = dialogue.start(); ; ) {
      this.print(step.print);
      if (!step.read) break;
      let line: Buffer = Buffer.alloc(0);
      if (step.read.multiline) await this.readMultiline();
      else line = await this.readLine(step.read.max);
      step = dialogue.answer(line, step.read.question);
    }
    if (dialogue.saved) this.device.joinAfterListening();
  }
}
