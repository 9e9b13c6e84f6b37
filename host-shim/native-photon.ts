// Runs the native build of firmware/host (compiled against the fake Device OS
// in ./native/) as a Photon: every Device OS call the C++ host makes is
// answered from a SimulatedPhoton's state, through the same host-call code
// the WebAssembly run uses, so both runs leave comparable traces.
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import type { HostCallName } from "../model/host-api.ts";
import { reportFromHostJson, SERIAL_PREFIX } from "../model/report-json.ts";
import { SCAN_CIPHER, SCAN_SECURITY, type ScannedAccessPoint } from "../model/wifi-scan-list.ts";
import { launchHarness, stopHarness, type NativeHarness } from "./native/launch.ts";
import type { Program } from "./program.ts";
import { ownerEntersCredentials, photonFor, refusedBySystem, summarise, type SimResult } from "./run-scenario.ts";
import { BootLoop, MAX_BOOTS } from "./device-os/boot-loop.ts";
import type { Scenario } from "./scenario.ts";
import type { BootEnd, BootRecord, SimulatedPhoton } from "./simulated-photon.ts";

/** How each Device OS call maps onto the program's host call it serves. */
export const HOST_CALL_FOR: Record<string, (args: number[]) => [HostCallName, number[]]> = {
  HAL_EEPROM_Get: ([index, length]) => (length === 4 ? ["eeprom_get_u32", [index]] : unsupported("HAL_EEPROM_Get", length)),
  HAL_EEPROM_Put: ([index, length, value]) => (length === 4 ? ["eeprom_put_u32", [index, value]] : unsupported("HAL_EEPROM_Put", length)),
  "WiFi.on": () => ["wifi_on", []],
  "WiFi.isOn": () => ["wifi_is_on", []],
  "WiFi.getAntenna": () => ["wifi_get_antenna", []],
  "WiFi.selectAntenna": ([a]) => ["wifi_select_antenna", [a]],
  wlan_get_ipaddress_source: () => ["wifi_get_ip_source", []],
  "WiFi.useDynamicIP": () => ["wifi_use_dynamic_ip", []],
  wlan_get_credentials: () => ["wifi_credentials_count", []],
  "WiFi.clearCredentials": () => ["wifi_clear_credentials", []],
  "WiFi.scan": () => ["wifi_scan_count", []],
  delay: ([ms]) => ["delay_ms", [ms]],
  "System.reset": () => ["system_reset", []],
  "System.resetReason": () => ["reset_reason", []],
  "Particle.connect": () => ["cloud_connect", []],
};

/** The fake's "ap" answer: SSID bytes in hex ("-" if empty), RSSI, WLanSecurityType, WLanSecurityCipher, channel. */
function scanRecordAnswer(ap: ScannedAccessPoint | undefined): string {
  if (!ap) throw new Error("the native host asked for a scan record the scan did not report");
  const code = <T extends Record<number, string>>(table: T, name: string) => Object.entries(table).find(([, n]) => n === name)?.[0] ?? "0";
  const ssid = Buffer.from(ap.ssid).toString("hex") || "-";
  return `ap ${ssid} ${ap.rssi} ${code(SCAN_SECURITY, ap.security)} ${code(SCAN_CIPHER, ap.cipher)} ${ap.channel}`;
}

function unsupported(call: string, length: number): never {
  throw new Error(`${call} of ${length} bytes: the program only reads and writes uint32_t`);
}

/**
 * particle-usb's CHECK back-off after a request is sent (its device-base.js
 * DEFAULT_CHECK_INTERVALS; the last repeats): the computer only learns of a
 * reply at one of these polls.
 */
export const CHECK_INTERVALS = [50, 50, 100, 100, 250, 250, 500, 500, 1000];
/** particle-usb's default request timeout (config.js requestTimeout). */
export const REQUEST_TIMEOUT_MS = 60000;
/**
 * Device OS's LED priority values, (priority << 2) | source
 * (system/inc/system_led_signal.h): the highest pattern the simulator shows
 * for a threaded application is a system NORMAL one (connecting, listening).
 */
const LED_SOURCE_APPLICATION = 1;
const SYSTEM_NORMAL_LED = (20 << 2) | 2;
const SYSTEM_CRITICAL_LED = (40 << 2) | 2;

/** The first poll at or after `readyAt` of a request sent at `sentAt`; null after the timeout. */
export function collectionTime(sentAt: number, readyAt: number): number | null {
  let t = sentAt;
  for (let n = 0; t < readyAt; n++) t += CHECK_INTERVALS[Math.min(n, CHECK_INTERVALS.length - 1)];
  return t - sentAt > REQUEST_TIMEOUT_MS ? null : t;
}

/** A USB application request (type 10) as the computer sees it. */
export interface UsbRequest {
  id: number;
  payload: string;
  /** scheduled: not sent yet; queued: in Device OS's application queue; ready: answered, not collected yet. */
  state: "scheduled" | "queued" | "ready" | "collected" | "lost";
  sentAt: number | null;
  readyAt: number | null;
  collectedAt: number | null;
  result: number | null;
  /** The reply as text (the report's JSON), and as the bytes the fake sent (the scan list is binary). */
  reply: string;
  replyBytes: Buffer;
}

interface ScheduledEvent { at: number; line: string; perBoot: boolean; onSend?: () => void }

export interface DeviceOsCall { boot: number; name: string; args: number[]; result?: number }
export interface HostInfo { mode: number; thread: number; retainedFeature: number; resetInfo: number }

export class NativePhoton {
  /** Every Device OS call the C++ host made, in order. */
  readonly calls: DeviceOsCall[] = [];
  /** The lines the computer received on USB serial. */
  readonly serial: string[] = [];
  readonly requests: UsbRequest[] = [];
  info: HostInfo | null = null;
  /**
   * When the computer (re)opens the serial port after each boot's USB
   * enumeration, in ms; null: nobody opens it. 0 idealises a computer that
   * reopens at once, so that every report line can be compared.
   */
  serialOpensAfterMs: number | null = 0;
  private retainedWords: number[];
  private proc: ChildProcessWithoutNullStreams | null = null;
  private lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private stderr = "";
  private events: ScheduledEvent[] = [];
  private awakeSent = false;
  /** Lines exchanged besides "returned": a loop pass that had none changed nothing. */
  private activity = 0;

  constructor(private readonly binary: string | NativeHarness, readonly device: SimulatedPhoton, retained: number[] = []) {
    this.retainedWords = [...retained];
  }

  private start(): void {
    this.stop();
    const proc = launchHarness(this.binary);
    this.proc = proc;
    this.lines = [];
    this.stderr = "";
    this.awakeSent = false;
    // Events of a process that has already been replaced (reset) are ignored.
    const current = () => this.proc === proc;
    proc.stderr.on("data", (d) => { if (current()) this.stderr += d; });
    const rl = createInterface({ input: proc.stdout });
    rl.on("line", (line) => { if (current()) this.deliver(line); });
    rl.on("close", () => { if (current()) this.deliver(null); });
  }

  private deliver(line: string | null): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(line);
    } else if (line !== null) this.lines.push(line);
  }

  private next(): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      this.waiting = (line) => (line === null ? reject(new Error(`the native host stopped: ${this.stderr}`)) : resolve(line));
    });
  }

  private send(line: string): void {
    if (!this.proc) throw new Error("the native host is not running: its last boot ended (reset or power cut); boot() it again");
    this.proc.stdin.write(`${line}\n`);
  }

  stop(): void {
    if (this.proc) stopHarness(this.proc);
    this.proc = null;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** The power goes: the process (RAM) and the retained words are gone; the simulator's state records it. */
  powerLoss(): void {
    this.endProcess();
    this.retainedWords = [];
    this.device.powerLoss();
  }

  // --- the computer on USB ----------------------------------------------------------

  private schedule(event: ScheduledEvent): void {
    const i = this.events.findIndex((e) => e.at > event.at);
    this.events.splice(i < 0 ? this.events.length : i, 0, event);
  }

  /** The computer sends application request (type 10) `payload` at virtual time `at` (default: now). */
  request(payload: string, at = this.device.clockMs): UsbRequest {
    const req: UsbRequest = { id: this.requests.length + 1, payload, state: "scheduled", sentAt: null, readyAt: null, collectedAt: null, result: null, reply: "", replyBytes: Buffer.alloc(0) };
    this.requests.push(req);
    this.schedule({ at, line: `ctrl ${req.id} ${payload}`, perBoot: false, onSend: () => {
      req.state = "queued";
      req.sentAt = this.device.clockMs;
    } });
    return req;
  }

  /** The computer gives up on `req` now (particle-usb's RESET service request): its reply, if any, is never collected. */
  cancel(req: UsbRequest): void {
    this.events = this.events.filter((e) => e.line !== `collected ${req.id}`);
    this.schedule({ at: this.device.clockMs, line: `cancelled ${req.id}`, perBoot: true, onSend: () => { req.state = "lost"; } });
  }

  /** system_ctrl_set_result: the reply waits for the computer's next CHECK. */
  private replyReady(line: string): boolean {
    const m = /^reply (\d+) (-?\d+) ?([0-9a-f]*)$/.exec(line);
    if (!m) return false;
    const req = this.requests[Number(m[1]) - 1];
    const bytes = Buffer.from(m[3], "hex");
    Object.assign(req, { state: "ready", readyAt: this.device.clockMs, result: Number(m[2]), reply: bytes.toString("utf8"), replyBytes: bytes });
    const at = collectionTime(req.sentAt!, this.device.clockMs);
    if (at === null) req.state = "lost";
    else this.schedule({ at, line: `collected ${req.id}`, perBoot: true, onSend: () => {
      req.state = "collected";
      req.collectedAt = this.device.clockMs;
    } });
    return true;
  }

  /** Everything due by the virtual clock, in order, before the host goes on. */
  private flushDue(): void {
    const radioUpAt = this.device.radioOnAt;
    if (!this.awakeSent && radioUpAt !== null && this.device.clockMs >= radioUpAt) {
      this.awakeSent = true; // on() returned on the system thread: SPARK_WLAN_SLEEP = 0
      this.send("wlan-awake");
    }
    while (this.events.length && this.events[0].at <= this.device.clockMs) {
      const e = this.events.shift()!;
      this.send(e.line);
      this.activity++;
      e.onSend?.();
    }
  }

  /** A reset or power cut: USB re-enumerates; requests in flight fail on the computer. */
  private endProcess(): void {
    this.stop();
    this.events = this.events.filter((e) => !e.perBoot);
    for (const r of this.requests) if (r.state === "queued" || r.state === "ready") r.state = "lost";
  }

  // --- the device's boots -------------------------------------------------------------

  /** A boot: a fresh process (fresh RAM) with the retained words carried over, then setup(). */
  async boot(): Promise<BootRecord> {
    const record = await this.powerOn();
    this.send("boot");
    record.end = await this.serveUntilReturned();
    return this.device.endBoot(record);
  }

  /** Device OS starts (static constructors, STARTUP) but setup() has not run yet. */
  async powerOn(): Promise<ReturnType<SimulatedPhoton["beginBoot"]>> {
    // This boot's reset reason is read before the host's STARTUP code runs.
    const record = this.device.beginBoot(false);
    this.start();
    const ready = /^ready mode=(-?\d+) thread=(-?\d+) retained-feature=(\d+) reset-info=(\d+)$/.exec(await this.next());
    if (!ready) throw new Error("the native host did not start");
    this.info = { mode: Number(ready[1]), thread: Number(ready[2]), retainedFeature: Number(ready[3]), resetInfo: Number(ready[4]) };
    // HAL_Feature_Set → Write_Feature_Flag: the DCT flag, written only on a change.
    if (this.info.resetInfo) this.device.resetInfoFeature = true;
    if (this.serialOpensAfterMs !== null) this.schedule({ at: this.device.clockMs + this.serialOpensAfterMs, line: "serial-open", perBoot: true });
    this.send(`retained ${this.retainedWords.map((w) => w.toString(16)).join(" ")}`);
    this.flushDue();
    return record;
  }

  /** One pass of the application thread after setup(): one queued message, then loop(). */
  async loopOnce(): Promise<BootEnd> {
    this.flushDue();
    this.send("loop");
    return this.serveUntilReturned();
  }

  /**
   * The application thread runs loop() over and over for `ms` of virtual
   * time; a pass that changes nothing lets time run on to the next event.
   */
  async runFor(ms: number): Promise<BootEnd> {
    const end = this.device.clockMs + ms;
    while (this.device.clockMs < end) {
      const before = this.activity;
      const ended = await this.loopOnce();
      if (ended !== "returned") return ended;
      if (this.activity === before) this.device.clockMs = Math.min(this.events[0]?.at ?? end, end);
    }
    return "returned";
  }

  /** Runs loop() until the computer has `req`'s reply or has given up on it. */
  async answer(req: UsbRequest): Promise<UsbRequest> {
    while (this.proc && req.state !== "collected" && req.state !== "lost") {
      if ((await this.runFor(100)) !== "returned") break;
      if (req.sentAt !== null && this.device.clockMs - req.sentAt > REQUEST_TIMEOUT_MS) req.state = "lost";
    }
    return req;
  }

  /** As if the program trapped with this wasm_rt_trap_t code; serves the host until the boot ends. */
  async trap(code: number): Promise<BootEnd> {
    this.flushDue();
    this.send(`trap ${code}`);
    return this.serveUntilReturned();
  }

  /** LEDStatus.setActive(color, pattern, speed, priority, active): shown only if it beats Device OS's pattern. */
  private showLed([color, pattern, speed, priority, active]: number[]): void {
    const ORANGE = 0xff6000, BLINK = 2, FAST = 30;
    const systemTop = this.info?.thread ? SYSTEM_NORMAL_LED : SYSTEM_CRITICAL_LED;
    const wins = ((priority << 2) | LED_SOURCE_APPLICATION) > systemTop;
    if (active && wins && color === ORANGE && pattern === BLINK && speed === FAST) this.device.showAppLed("fast-blinking-orange");
  }

  private handleSerial(line: string): boolean {
    if (!line.startsWith("serial ")) return false;
    const text = line.slice(7);
    this.serial.push(text);
    if (text.startsWith(`${SERIAL_PREFIX}{`)) this.device.reports.push(reportFromHostJson(text.slice(SERIAL_PREFIX.length)));
    return true;
  }

  private answerCall(line: string): void {
    this.flushDue();
    this.send(line);
  }

  private async serveUntilReturned(): Promise<BootEnd> {
    for (;;) {
      const line = await this.next();
      if (line === "returned") return "returned";
      this.activity++;
      if (this.handleSerial(line) || this.replyReady(line)) continue;
      const m = /^call (\S+)((?: \d+)*)$/.exec(line);
      if (!m) throw new Error(`the native host said: ${line}`);
      const [name, args] = [m[1], m[2].trim() ? m[2].trim().split(" ").map(Number) : []];
      const call: DeviceOsCall = { boot: this.device.boots, name, args };
      this.calls.push(call);
      const map = HOST_CALL_FOR[name];
      if (!map) { // not a program call: the host's own
        if (name === "LEDStatus.setActive") this.showLed(args);
        else if (name === "HAL_Delay_Milliseconds") this.device.clockMs += args[0];
        // The "wifi" request: the fake passes lengths only (no key leaves it), so nothing is stored here; 0 = accepted.
        else if (name === "WiFi.setCredentials") { /* security, cipher, ssid and key lengths recorded in `calls` */ }
        else if (name === "WiFi.scanRecord") { // the i-th record of the scan just served (wifi_scan_count)
          this.answerCall(scanRecordAnswer(this.device.scanList?.[args[0]]));
          continue;
        }
        else throw new Error(`the native host called ${name}, which the driver does not know`);
        call.result = 0;
        this.answerCall("ok 0");
        continue;
      }
      const answer = this.device.serve(...map(args));
      if ("result" in answer) {
        call.result = answer.result;
        this.answerCall(`ok ${answer.result}`);
        continue;
      }
      this.send(answer.end);
      if (answer.end === "reset") {
        const dump = await this.next(); // backup RAM as the reset left it
        this.retainedWords = dump.replace(/^retained ?/, "").split(" ").filter(Boolean).map((w) => Number.parseInt(w, 16));
      } else {
        this.retainedWords = []; // power lost
      }
      this.endProcess();
      return answer.end;
    }
  }
}

/** The native counterpart of runScenario(): boots until settled, then the owner's credentials. */
export async function runNativeScenario(
  scenario: Scenario, program: Program, binary: string | NativeHarness, maxBoots = MAX_BOOTS,
): Promise<{ native: NativePhoton; result: SimResult }> {
  const device = photonFor(scenario, program);
  const refused = refusedBySystem(scenario, device);
  if (refused) return { native: new NativePhoton(binary, device, scenario.device.retained), result: refused };
  const native = new NativePhoton(binary, device, scenario.device.retained);
  const loop = new BootLoop(() => device.settle(), maxBoots);
  try {
    while (loop.next(await native.boot()));
    ownerEntersCredentials(device, scenario);
  } catch (e) {
    native.stop();
    throw e;
  }
  return { native, result: summarise(scenario.name, device, loop.boots, scenario) };
}
