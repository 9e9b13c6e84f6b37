// A Photon on Device OS 2.3.1, simulated closely enough to run the real
// program: what persists where (EEPROM and DCT across everything, retained RAM
// across reset only), a virtual clock, the radio world, and a trace of every
// host call for the native differential test.
import { Eeprom } from "./eeprom.ts";
import { WifiSettings, type Credential } from "./wifi-settings.ts";
import { scanAccessPoints, type ConnectionOutcome, type Environment, type Hardware, type LedPattern } from "./environment.ts";
import { DeviceOs } from "./device-os/system.ts";
import { ownerTypesCredential } from "./device-os/setup-console.ts";
import { scanRecord } from "./device-os/wifi-scan.ts";
import type { ScannedAccessPoint } from "../model/wifi-scan-list.ts";
import type { Cipher } from "../model/setup-console.ts";
import {
  ANTENNA, HOST_API, IP_SOURCE, RESET_REASON, antennaName, decodeReport, hex32, resetReasonName,
  type HostCallName, type NetresetExports, type Report,
} from "../model/host-api.ts";
import { assertSemiAutomatic, type Program } from "./program.ts";

/** Retained uint32_t slots the C++ host declares (firmware/host/src/wasm_program.cpp). */
export const RETAINED_SLOTS = 4;
/** Virtual time a boot and a scan take, so the timeline reads like a device's. */
const BOOT_MS = 650;
const SCAN_MS = 2400;
/**
 * Virtual time from WiFi.on() until WiFi.isOn(): network_on runs later on the
 * system thread (system/src/system_network_compat.cpp) and brings up WICED
 * (hal/src/photon/wlan_hal.cpp wlan_activate). The length is a choice: the
 * source sets no figure (docs/conformance.md says so).
 */
export const RADIO_START_MS = 1200;
/**
 * Whether the host enables FEATURE_RESET_INFO at start-up (firmware/host's
 * STARTUP). Device OS records a reset reason only while that DCT flag is on
 * (hal/src/stm32f2xx/core_hal_stm32f2xx.c).
 */
export const HOST_ENABLES_RESET_INFO = true;
/**
 * The reset reason after a user part is written over DFU: entering DFU by
 * control request resets through HAL_Core_Enter_Bootloader →
 * HAL_Core_System_Reset_Ex(RESET_REASON_DFU_MODE), which stores the reason in
 * a backup register; the bootloader leaves it alone, and the software reset
 * that leaves DFU makes Init_Last_Reset_Info read it back
 * (hal/src/stm32f2xx/core_hal_stm32f2xx.c).
 */
export const DFU_FLASH_RESET_REASON = RESET_REASON["dfu-mode"];

export interface TraceEntry {
  boot: number;
  call: HostCallName;
  args: number[];
  result?: number;
}

export interface TimelineEvent {
  ms: number;
  boot: number;
  kind: "boot" | "setting" | "report" | "reset" | "power-cut" | "led" | "owner" | "flash" | "mode";
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
  /** Device OS's system layer, when the device has one already (a simulated USB Photon's); else one over the parts below. */
  system?: DeviceOs;
  hardware?: Hardware;
  environment?: Environment;
  eeprom?: Eeprom;
  wifi?: WifiSettings;
  retained?: number[];
  /** Cut the power after this many host calls in all (1-based), once. */
  powerCutAfterCall?: number | null;
  /** Keep a timeline of events (the simulator's printout); off for benchmarks. */
  timeline?: boolean;
}

/** The values as the trace keeps them (u32 bit patterns), in a new array. */
function unsigned(args: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < args.length; i++) out.push(args[i] >>> 0);
  return out;
}

/** The device whose program is running: the shared imports below act on it. */
let running: SimulatedPhoton | null = null;

/**
 * The import that forwards one host call to the running device, taking the
 * call's own number of parameters: V8's call from wasm into a function whose
 * parameter count matches the signature is cheaper, and a boot polls
 * wifi_is_on and delay_ms hundreds of times (npm run bench).
 */
function forwarder(name: HostCallName, arity: number): (...args: number[]) => number | void {
  switch (arity) {
    case 0: return () => running!.hostCall(name, []);
    case 1: return (a) => running!.hostCall(name, [a]);
    case 2: return (a, b) => running!.hostCall(name, [a, b]);
    default: return (...args) => running!.hostCall(name, args);
  }
}

/**
 * One import object for every instance of every device, forwarding to the
 * running device's own host calls. V8 instantiates a module much faster when
 * the import functions are the same ones each time, and a boot is an
 * instantiation (npm run bench).
 */
const SHARED_IMPORTS = {
  photon: Object.fromEntries(HOST_API.map((c) => [c.name, forwarder(c.name, c.params.length)])),
} as unknown as WebAssembly.Imports;

/** The one instance of each stateless program (every boot's fresh instance would be the same). */
const STATELESS_INSTANCES = new WeakMap<WebAssembly.Module, NetresetExports>();

/** A fresh instance of the program, as a boot's fresh RAM; for a program whose instances hold no state, the one it already has. */
function instanceOf(program: Program): NetresetExports {
  const kept = program.stateless ? STATELESS_INSTANCES.get(program.module) : undefined;
  if (kept) return kept;
  const exports = new WebAssembly.Instance(program.module, SHARED_IMPORTS).exports as unknown as NetresetExports;
  if (program.stateless) STATELESS_INSTANCES.set(program.module, exports);
  return exports;
}

export class SimulatedPhoton {
  program: Program;
  readonly hardware: Hardware;
  readonly environment: Environment;
  readonly eeprom: Eeprom;
  readonly wifi: WifiSettings;
  readonly retained = new Uint32Array(RETAINED_SLOTS);
  /** What the next boot finds in the RCC flags / backup register: it has just been flashed. */
  pendingResetReason: number = RESET_REASON.update;
  /** This boot's System.resetReason(): 0 (none) while FEATURE_RESET_INFO is off. */
  resetReason: number = RESET_REASON.update;
  /** The DCT feature flag FEATURE_RESET_INFO (on in an erased DCT). */
  resetInfoFeature = true;
  clockMs = 0;
  boots = 0;
  callCount = 0;
  powerCutAfterCall: number | null;
  readonly trace: TraceEntry[] = [];
  readonly reports: Report[] = [];
  readonly events: TimelineEvent[] | null;
  /** Virtual time at which the queued WiFi.on() has brought the module up; null: off. */
  radioOnAt: number | null = null;
  /** What this boot's scan recorded, as the host keeps it for the USB "scan" request (RAM: null until the scan). */
  scanList: ScannedAccessPoint[] | null = null;
  cloudRequested = false;
  /** Device OS's system layer: modes, connecting, its LED pattern (device-os/system.ts). */
  readonly system: DeviceOs;
  /** The program's LEDStatus (fast orange), over Device OS's pattern. */
  appLed: LedPattern | null = null;
  private instance: NetresetExports | null = null;

  constructor(init: PhotonInit) {
    assertSemiAutomatic(init.program);
    this.program = init.program;
    this.system = init.system ?? new DeviceOs({
      hardware: { ...(init.hardware ?? { externalAntennaFitted: false, radioDamaged: false }) },
      environment: init.environment ?? { accessPoints: [], cloudReachable: true },
      wifi: init.wifi ?? new WifiSettings(),
    });
    const world = this.system.world;
    this.hardware = world.hardware;
    this.environment = world.environment;
    this.wifi = world.wifi;
    this.eeprom = init.eeprom ?? new Eeprom();
    init.retained?.forEach((v, i) => { if (i < RETAINED_SLOTS) this.retained[i] = v >>> 0; });
    this.powerCutAfterCall = init.powerCutAfterCall ?? null;
    this.events = init.timeline === false ? null : [];
    // Device OS's events reach the timeline only when one is kept (none for benchmarks).
    if (this.events) this.system.onEvent = (e) => this.log(e.kind, () => e.kind === "led" ? this.led : e.text);
  }

  /** Text is built only when a timeline is kept. */
  private log(kind: TimelineEvent["kind"], text: () => string): void {
    this.events?.push({ ms: this.clockMs, boot: this.boots, kind, text: text() });
  }

  /** What the owner sees: the program's LED_PRIORITY_IMPORTANT pattern wins over Device OS's. */
  get led(): LedPattern {
    return this.appLed ?? this.system.led;
  }

  /** How the latest connection attempt ended (Device OS's). */
  get outcome(): ConnectionOutcome | null {
    return this.system.outcome;
  }

  /** The application's LEDStatus at LED_PRIORITY_IMPORTANT: shown over Device OS's patterns until the next reset. */
  showAppLed(led: LedPattern): void {
    const before = this.led;
    this.appLed = led;
    if (this.led !== before) this.log("led", () => this.led);
  }

  /** WiFi.isOn(): the module is up once the system thread has run network_on. */
  get wifiOn(): boolean {
    const on = this.radioOnAt !== null && this.clockMs >= this.radioOnAt;
    if (on) this.system.wifiOn();
    return on;
  }

  /**
   * Device OS's side of each host call, one table for every device (built
   * once: a fresh device then makes no closures, which keeps whole recoveries
   * cheap for npm run bench). `args` are the program's i32 values.
   */
  private static readonly HOST: { readonly [N in HostCallName]: (d: SimulatedPhoton, args: number[]) => number | void } = {
    eeprom_get_u32: (d, [a]) => d.eeprom.getU32(a >>> 0),
    eeprom_put_u32: (d, [a, v]) => {
      d.eeprom.putU32(a >>> 0, v >>> 0);
      if (d.events) d.log("setting", () => {
        const now = d.eeprom.getU32(a >>> 0);
        return now === (v >>> 0) ? `EEPROM[${a}] ← ${hex32(now)}` : `EEPROM[${a}] write refused (still ${hex32(now)})`;
      });
    },
    // Queued for the system thread; a damaged module never comes up.
    wifi_on: (d) => {
      if (d.radioOnAt === null && !d.hardware.radioDamaged) d.radioOnAt = d.clockMs + RADIO_START_MS;
    },
    wifi_is_on: (d) => (d.wifiOn ? 1 : 0),
    // wlan_get_antenna → fetch_antenna_selection: 0xFF reads as internal, any other byte as it is.
    wifi_get_antenna: (d) => {
      const raw = d.wifi.antennaByte;
      return raw === null ? ANTENNA[d.wifi.antenna] : raw === 0xff ? ANTENNA.internal : raw;
    },
    wifi_select_antenna: (d, [a]) => {
      const name = antennaName(a);
      // wlan_select_antenna saves any byte, then answers -1 for an invalid
      // one only when the radio is initialised (wlan_select_antenna_impl).
      // The program never passes one; the simulator stores none.
      if (name === "unknown") return d.wifiOn ? -1 : 0;
      if (d.events && (name !== d.wifi.antenna || d.wifi.antennaByte !== null)) d.log("setting", () => `antenna ${d.wifi.antenna} → ${name}`);
      d.wifi.antenna = name;
      d.wifi.antennaByte = null;
      return 0;
    },
    wifi_get_ip_source: (d) => IP_SOURCE[d.wifi.ipSource],
    wifi_use_dynamic_ip: (d) => {
      if (d.events && d.wifi.ipSource !== "dynamic") d.log("setting", () => "IP source static → dynamic (static address kept, unused)");
      d.wifi.ipSource = "dynamic";
    },
    wifi_credentials_count: (d) => d.wifi.credentials().length,
    wifi_clear_credentials: (d) => {
      if (d.events) {
        const n = d.wifi.credentials().length;
        if (n > 0) d.log("setting", () => `cleared ${n} stored network${n === 1 ? "" : "s"}`);
      }
      d.wifi.clearCredentials();
      return 1;
    },
    // wlan_scan on a module that is not up finds nothing and returns 0:
    // WICED's "not up" error is positive (+4), so it is not reported as one.
    wifi_scan_count: (d) => {
      if (!d.wifiOn) {
        d.scanList = [];
        return 0;
      }
      d.clockMs += SCAN_MS;
      const seen = scanAccessPoints(d.environment, d.hardware, d.wifi);
      d.scanList = seen.map(scanRecord);
      return seen.length;
    },
    delay_ms: (d, [ms]) => { d.clockMs += ms >>> 0; },
    system_reset: () => { throw new ResetSignal(); },
    reset_reason: (d) => d.resetReason,
    cloud_connect: (d) => { d.cloudRequested = true; },
    retained_get: (d, [s]) => d.retained[s >>> 0] ?? 0,
    retained_set: (d, [s, v]) => {
      if ((s >>> 0) < RETAINED_SLOTS) d.retained[s >>> 0] = v >>> 0;
    },
    report: (d, fields) => {
      const report = decodeReport(fields);
      d.reports.push(report);
      if (d.events) d.log("report", () => `report: ${report.action}, diagnosis ${report.diagnosis}`);
      // The host's LEDStatus (firmware/host/src/report.cpp), until the next reset.
      if (report.action === "eeprom-failure" || report.action === "settings-failure") d.showAppLed("fast-blinking-orange");
    },
  };

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

  /**
   * Boot bookkeeping shared by the WebAssembly run and the native host run.
   * The native run passes false and applies what the C++ host's STARTUP
   * actually declared (host-shim/native-photon.ts).
   */
  beginBoot(hostEnablesResetInfo = HOST_ENABLES_RESET_INFO): BootRecord & { firstCall: number; firstReport: number } {
    this.boots++;
    this.clockMs += BOOT_MS;
    this.radioOnAt = null;
    this.scanList = null;
    this.cloudRequested = false;
    // Init_Last_Reset_Info runs only while the flag is on; then the host's
    // STARTUP switches it on for the next boots.
    this.resetReason = this.resetInfoFeature ? this.pendingResetReason : RESET_REASON.none;
    if (hostEnablesResetInfo) this.resetInfoFeature = true;
    this.log("boot", () => `boot ${this.boots}, reset reason ${resetReasonName(this.resetReason)} (${this.resetReason})`);
    this.appLed = null;
    this.system.start(); // SEMI_AUTOMATIC: Wi-Fi stays off until the program turns it on
    return { index: this.boots, resetReason: this.resetReason, end: "returned", report: null, calls: 0,
      firstCall: this.callCount, firstReport: this.reports.length };
  }

  endBoot({ firstCall, firstReport, ...record }: BootRecord & { firstCall: number; firstReport: number }): BootRecord {
    record.calls = this.callCount - firstCall;
    record.report = this.reports.length > firstReport ? this.reports.at(-1)! : null;
    return record;
  }

  /**
   * A host call made by the running program (through SHARED_IMPORTS):
   * recorded in the trace, run, then the power is cut if this is the chosen call.
   */
  hostCall(name: HostCallName, args: number[]): number | void {
    const entry: TraceEntry = { boot: this.boots, call: name, args: unsigned(args) };
    this.trace.push(entry);
    this.callCount++;
    const result = SimulatedPhoton.HOST[name](this, args);
    if (typeof result === "number") entry.result = result >>> 0;
    if (this.powerCutAfterCall === this.callCount) throw new PowerCutSignal();
    return result;
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
      if (fresh || !this.instance) this.instance = instanceOf(this.program);
      entry(this.instance);
    } finally {
      running = outer;
    }
  }

  private handleUnwind(e: unknown): BootEnd {
    this.instance = null;
    if (e instanceof ResetSignal) {
      this.log("reset", () => "System.reset()");
      // HAL_Core_System_Reset_Ex writes the reason only while the flag is on.
      this.pendingResetReason = this.resetInfoFeature ? RESET_REASON.user : RESET_REASON.unknown;
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
    this.pendingResetReason = RESET_REASON["power-down"];
  }

  /** After setup() returned with Particle.connect() asked for: how it ends. */
  settle(): ConnectionOutcome | null {
    if (!this.cloudRequested) return null;
    return this.system.connect();
  }

  /**
   * The owner types credentials at the listening-mode console, one network
   * at a time while the Photon is in listening mode (device-os/setup-console.ts):
   * a network the console saves ends listening mode and is joined; a failed
   * join brings listening mode back for the next one.
   */
  enterCredentials(credentials: (Credential & { cipher?: Cipher })[]): ConnectionOutcome | null {
    for (const c of credentials) {
      if (!this.system.listening) break;
      if (ownerTypesCredential(this.system, c)) this.system.finishJoin();
      else this.log("owner", () => `the console refused the credentials for "${c.ssid}" ("Derp")`);
    }
    return this.outcome;
  }

  /**
   * Install another user part: EEPROM, DCT and retained RAM stay, the device
   * restarts. The reset reason the next boot sees depends on the route:
   * Device OS's own update (control requests, OTA) resets with
   * RESET_REASON_UPDATE; DFU does not pass through Device OS (see
   * DFU_FLASH_RESET_REASON).
   */
  flash(program: Program, route: "update" | "dfu" = "update"): void {
    assertSemiAutomatic(program);
    this.program = program;
    this.pendingResetReason = route === "dfu" ? DFU_FLASH_RESET_REASON : RESET_REASON.update;
    this.log("flash", () => `flashed build ${hex32(program.buildId)}${route === "dfu" ? " over DFU" : ""}`);
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
