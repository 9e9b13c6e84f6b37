// A Photon on Device OS 2.3.1, simulated closely enough to run the real
// program: what persists where (EEPROM and DCT across everything, retained RAM
// across reset only), a virtual clock, the radio world, and a trace of every
// host call for the native differential test.
import { Eeprom } from "./eeprom.ts";
import { WifiSettings, type Credential } from "./wifi-settings.ts";
import { connect, visibleAccessPoints, type ConnectionOutcome, type Environment, type Hardware, type LedPattern } from "./environment.ts";
import {
  ANTENNA, HOST_CALLS, IP_SOURCE, RESET_REASON, antennaName, decodeReport, hex32, resetReasonName,
  type HostCallName, type NetresetExports, type PhotonImports, type Report,
} from "./host-api.ts";
import { assertSemiAutomatic, type Program } from "./program.ts";

/** Retained uint32_t slots the C++ host declares (firmware/host/src/host_imports.cpp). */
export const RETAINED_SLOTS = 4;
/** Virtual time a boot and a scan take, so the timeline reads like a device's. */
const BOOT_MS = 650;
const SCAN_MS = 2400;

export interface TraceEntry {
  boot: number;
  call: HostCallName;
  args: number[];
  result?: number;
}

export interface TimelineEvent {
  ms: number;
  boot: number;
  kind: "boot" | "setting" | "report" | "reset" | "power-cut" | "led" | "owner" | "flash";
  text: string;
}

export type BootEnd = "reset" | "power-cut" | "returned";

export interface BootRecord {
  index: number;
  resetReason: number;
  end: BootEnd;
  report: Report | null;
  calls: number;
}

// Thrown through the program to unwind it. Not Errors: no stack to capture,
// which keeps a simulated boot cheap.
/** System.reset(): nothing after it runs. */
class ResetSignal {}
/** The scenario cuts the power. */
class PowerCutSignal {}

export interface PhotonInit {
  program: Program;
  hardware: Hardware;
  environment: Environment;
  eeprom?: Eeprom;
  wifi?: WifiSettings;
  retained?: number[];
  /** Cut the power after this many host calls in all (1-based), once. */
  powerCutAfterCall?: number | null;
  /** Keep a timeline of events (the simulator's printout); off for benchmarks. */
  timeline?: boolean;
}

/** The device whose program is running: the shared imports below act on it. */
let running: SimulatedPhoton | null = null;

/**
 * One import object for every instance of every device, forwarding to the
 * running device's own host calls. V8 instantiates a module much faster when
 * the import functions are the same ones each time, and a boot is an
 * instantiation (npm run bench).
 */
const SHARED_IMPORTS = {
  photon: Object.fromEntries(HOST_CALLS.map((name) => [name, (...args: number[]) =>
    (running!.hostCall as (n: HostCallName, a: number[]) => number | void)(name, args)])),
} as unknown as WebAssembly.Imports;

export class SimulatedPhoton {
  program: Program;
  readonly hardware: Hardware;
  readonly environment: Environment;
  readonly eeprom: Eeprom;
  readonly wifi: WifiSettings;
  readonly retained = new Uint32Array(RETAINED_SLOTS);
  resetReason: number = RESET_REASON.update; // it has just been flashed
  clockMs = 0;
  boots = 0;
  callCount = 0;
  powerCutAfterCall: number | null;
  readonly trace: TraceEntry[] = [];
  readonly reports: Report[] = [];
  readonly events: TimelineEvent[] | null;
  wifiOn = false;
  cloudRequested = false;
  led: LedPattern = "breathing-white";
  outcome: ConnectionOutcome | null = null;
  private instance: NetresetExports | null = null;
  private readonly imports: { photon: PhotonImports };

  constructor(init: PhotonInit) {
    assertSemiAutomatic(init.program);
    this.program = init.program;
    this.hardware = { ...init.hardware };
    this.environment = init.environment;
    this.eeprom = init.eeprom ?? new Eeprom();
    this.wifi = init.wifi ?? new WifiSettings();
    init.retained?.forEach((v, i) => { if (i < RETAINED_SLOTS) this.retained[i] = v >>> 0; });
    this.powerCutAfterCall = init.powerCutAfterCall ?? null;
    this.events = init.timeline === false ? null : [];
    this.imports = { photon: this.hostImports() };
  }

  /** Text is built only when a timeline is kept. */
  private log(kind: TimelineEvent["kind"], text: () => string): void {
    this.events?.push({ ms: this.clockMs, boot: this.boots, kind, text: text() });
  }

  private setLed(led: LedPattern): void {
    if (led !== this.led) this.log("led", () => led);
    this.led = led;
  }

  /** Records the call, runs it, then cuts the power if this is the chosen call. */
  private call<T extends number | void>(name: HostCallName, args: number[], impl: () => T): T {
    const entry: TraceEntry = { boot: this.boots, call: name, args: args.map((a) => a >>> 0) };
    this.trace.push(entry);
    this.callCount++;
    const result = impl();
    if (typeof result === "number") entry.result = result >>> 0;
    if (this.powerCutAfterCall === this.callCount) throw new PowerCutSignal();
    return result;
  }

  private hostImports(): PhotonImports {
    return {
      eeprom_get_u32: (a) => this.call("eeprom_get_u32", [a], () => this.eeprom.getU32(a >>> 0)),
      eeprom_put_u32: (a, v) => this.call("eeprom_put_u32", [a, v], () => {
        this.eeprom.putU32(a >>> 0, v >>> 0);
        this.log("setting", () => {
          const now = this.eeprom.getU32(a >>> 0);
          return now === (v >>> 0) ? `EEPROM[${a}] ← ${hex32(now)}` : `EEPROM[${a}] write refused (still ${hex32(now)})`;
        });
      }),
      wifi_on: () => this.call("wifi_on", [], () => {
        this.wifiOn = !this.hardware.radioDamaged;
        if (this.wifiOn) this.setLed("breathing-blue");
      }),
      wifi_get_antenna: () => this.call("wifi_get_antenna", [], () => ANTENNA[this.wifi.antenna]),
      wifi_select_antenna: (a) => this.call("wifi_select_antenna", [a], () => {
        const name = antennaName(a);
        if (name === "unknown") return -1; // WiFi.selectAntenna refuses other values
        if (name !== this.wifi.antenna) this.log("setting", () => `antenna ${this.wifi.antenna} → ${name}`);
        this.wifi.antenna = name;
        return 0;
      }),
      wifi_get_ip_source: () => this.call("wifi_get_ip_source", [], () => IP_SOURCE[this.wifi.ipSource]),
      wifi_use_dynamic_ip: () => this.call("wifi_use_dynamic_ip", [], () => {
        if (this.wifi.ipSource !== "dynamic") this.log("setting", () => "IP source static → dynamic (static address kept, unused)");
        this.wifi.ipSource = "dynamic";
      }),
      wifi_credentials_count: () => this.call("wifi_credentials_count", [], () => this.wifi.credentials().length),
      wifi_clear_credentials: () => this.call("wifi_clear_credentials", [], () => {
        const n = this.wifi.credentials().length;
        if (n > 0) this.log("setting", () => `cleared ${n} stored network${n === 1 ? "" : "s"}`);
        this.wifi.clearCredentials();
        return 1;
      }),
      wifi_scan_count: () => this.call("wifi_scan_count", [], () => {
        this.clockMs += SCAN_MS;
        return this.wifiOn ? visibleAccessPoints(this.environment, this.hardware, this.wifi).length : 0;
      }),
      delay_ms: (ms) => this.call("delay_ms", [ms], () => { this.clockMs += ms >>> 0; }),
      system_reset: () => this.call("system_reset", [], () => { throw new ResetSignal(); }),
      reset_reason: () => this.call("reset_reason", [], () => this.resetReason),
      cloud_connect: () => this.call("cloud_connect", [], () => { this.cloudRequested = true; }),
      retained_get: (s) => this.call("retained_get", [s], () => this.retained[s >>> 0] ?? 0),
      retained_set: (s, v) => this.call("retained_set", [s, v], () => {
        if ((s >>> 0) < RETAINED_SLOTS) this.retained[s >>> 0] = v >>> 0;
      }),
      report: (...fields) => this.call("report", fields, () => {
        const report = decodeReport(fields);
        this.reports.push(report);
        this.log("report", () => `report: ${report.action}, diagnosis ${report.diagnosis}`);
      }),
    };
  }

  /** The program's report of the latest boot that made one. */
  get lastReport(): Report | null {
    return this.reports.at(-1) ?? null;
  }

  /** Power on or reset: a fresh instance runs setup() → boot(). */
  boot(): BootRecord {
    const record = this.beginBoot();
    try {
      this.run((e) => e.boot());
    } catch (e) {
      record.end = this.handleUnwind(e);
    }
    return this.endBoot(record);
  }

  /** Boot bookkeeping shared by the WebAssembly run and the native host run. */
  beginBoot(): BootRecord & { firstCall: number; firstReport: number } {
    this.boots++;
    this.clockMs += BOOT_MS;
    this.wifiOn = false;
    this.cloudRequested = false;
    this.outcome = null;
    this.log("boot", () => `boot ${this.boots}, reset reason ${resetReasonName(this.resetReason)} (${this.resetReason})`);
    this.setLed("breathing-white"); // SEMI_AUTOMATIC: Wi-Fi stays off until the program turns it on
    return { index: this.boots, resetReason: this.resetReason, end: "returned", report: null, calls: 0,
      firstCall: this.callCount, firstReport: this.reports.length };
  }

  endBoot({ firstCall, firstReport, ...record }: BootRecord & { firstCall: number; firstReport: number }): BootRecord {
    record.calls = this.callCount - firstCall;
    record.report = this.reports.length > firstReport ? this.reports.at(-1)! : null;
    return record;
  }

  /** A host call made by the running program (through SHARED_IMPORTS). */
  hostCall(name: HostCallName, args: number[]): number | void {
    return (this.imports.photon[name] as (...a: number[]) => number | void)(...args);
  }

  /**
   * One host call made by something other than the wasm instance (the native
   * C++ host under test): its result, or how it ended the boot.
   */
  serve(name: HostCallName, args: number[]): { result: number } | { end: BootEnd } {
    try {
      return { result: (this.hostCall(name, args) ?? 0) >>> 0 };
    } catch (e) {
      return { end: this.handleUnwind(e) };
    }
  }

  private run(entry: (e: NetresetExports) => void, fresh = true): void {
    const outer = running;
    running = this;
    try {
      if (fresh || !this.instance) {
        this.instance = new WebAssembly.Instance(this.program.module, SHARED_IMPORTS).exports as unknown as NetresetExports;
      }
      entry(this.instance);
    } finally {
      running = outer;
    }
  }

  private handleUnwind(e: unknown): BootEnd {
    this.instance = null;
    if (e instanceof ResetSignal) {
      this.log("reset", () => "System.reset()");
      this.resetReason = RESET_REASON.user;
      return "reset";
    }
    if (e instanceof PowerCutSignal) {
      this.log("power-cut", () => `power cut after host call ${this.callCount}`);
      this.powerLoss();
      return "power-cut";
    }
    throw e;
  }

  /** Power loss: retained RAM is gone; EEPROM and the DCT stay. */
  powerLoss(): void {
    this.retained.fill(0);
    this.resetReason = RESET_REASON["power-down"];
  }

  /** After setup() returned with Particle.connect() asked for: how it ends. */
  settle(): ConnectionOutcome | null {
    if (!this.cloudRequested) return null;
    this.outcome = connect(this.environment, this.hardware, this.wifi);
    this.setLed(this.outcome.led);
    return this.outcome;
  }

  /** The owner types credentials in listening mode (particle serial wifi). */
  enterCredentials(credentials: Credential[]): void {
    for (const c of credentials) {
      this.wifi.setCredentials(c);
      this.log("owner", () => `owner entered credentials for "${c.ssid}" (${c.security})`);
    }
  }

  /** Install another user part: EEPROM and DCT stay, the device restarts. */
  flash(program: Program): void {
    assertSemiAutomatic(program);
    this.program = program;
    this.resetReason = RESET_REASON.update;
    this.log("flash", () => `flashed build ${hex32(program.buildId)}`);
  }

  /** The host's USB "rerun" request, handled by the running program. */
  rerun(): BootEnd {
    try {
      this.run((e) => e.rerun(), false);
      return "returned";
    } catch (e) {
      return this.handleUnwind(e);
    }
  }
}
