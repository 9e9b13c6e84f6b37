// Runs the native build of firmware/host (compiled against the fake Device OS
// in ./native/) as a Photon: every Device OS call the C++ host makes is
// answered from a SimulatedPhoton's state, through the same host-call code
// the WebAssembly run uses, so both runs leave comparable traces.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import type { HostCallName } from "./host-api.ts";
import { reportFromHostJson, SERIAL_PREFIX } from "./host-report-json.ts";
import type { Program } from "./program.ts";
import { photonFor, summarise, type SimResult } from "./run-scenario.ts";
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

function unsupported(call: string, length: number): never {
  throw new Error(`${call} of ${length} bytes: the program only reads and writes uint32_t`);
}

export interface DeviceOsCall { boot: number; name: string; args: number[]; result?: number }
export interface HostInfo { mode: number; thread: number; retainedFeature: number }

export class NativePhoton {
  /** Every Device OS call the C++ host made, in order. */
  readonly calls: DeviceOsCall[] = [];
  readonly serial: string[] = [];
  info: HostInfo | null = null;
  private retainedWords: number[];
  private proc: ChildProcessWithoutNullStreams | null = null;
  private lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private stderr = "";

  constructor(private readonly binary: string, readonly device: SimulatedPhoton, retained: number[] = []) {
    this.retainedWords = [...retained];
  }

  private start(): void {
    this.stop();
    const proc = spawn(this.binary, [], { stdio: ["pipe", "pipe", "pipe"] });
    this.proc = proc;
    this.lines = [];
    this.stderr = "";
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
    this.proc?.kill();
    this.proc = null;
  }

  /** The power goes: the process (RAM) and the retained words are gone; the simulator's state records it. */
  powerLoss(): void {
    this.stop();
    this.retainedWords = [];
    this.device.powerLoss();
  }

  /** A boot: a fresh process (fresh RAM) with the retained words carried over. */
  async boot(): Promise<BootRecord> {
    const record = this.device.beginBoot();
    this.start();
    const ready = /^ready mode=(-?\d+) thread=(-?\d+) retained-feature=(\d+)$/.exec(await this.next());
    if (!ready) throw new Error("the native host did not start");
    this.info = { mode: Number(ready[1]), thread: Number(ready[2]), retainedFeature: Number(ready[3]) };
    this.send(`retained ${this.retainedWords.map((w) => w.toString(16)).join(" ")}`);
    this.send("boot");
    record.end = await this.serveUntilReturned();
    return this.device.endBoot(record);
  }

  /** One pass of loop(), as Device OS calls it after setup(). */
  async loopOnce(): Promise<BootEnd> {
    this.send("loop");
    return this.serveUntilReturned();
  }

  /** As if the program trapped with this wasm_rt_trap_t code; serves the host until the boot ends. */
  async trap(code: number): Promise<BootEnd> {
    this.send(`trap ${code}`);
    return this.serveUntilReturned();
  }

  /** A USB application request (type 10) with this payload. */
  async ctrl(payload: string): Promise<{ result: number | null; reply: string }> {
    this.send(`ctrl ${payload}`);
    for (;;) {
      const line = await this.next();
      const m = /^reply (none|-?\d+) ?(.*)$/.exec(line);
      if (m) return { result: m[1] === "none" ? null : Number(m[1]), reply: m[2] };
      this.handleSerial(line);
    }
  }

  /** LEDStatus.setActive(color, pattern, active): the host's fast orange blink. */
  private showLed([color, pattern, active]: number[]): void {
    const ORANGE = 0xff6000, BLINK = 2;
    if (active && color === ORANGE && pattern === BLINK) this.device.showAppLed("fast-blinking-orange");
  }

  private handleSerial(line: string): boolean {
    if (!line.startsWith("serial ")) return false;
    const text = line.slice(7);
    this.serial.push(text);
    if (text.startsWith(`${SERIAL_PREFIX}{`)) this.device.reports.push(reportFromHostJson(text.slice(SERIAL_PREFIX.length)));
    return true;
  }

  private async serveUntilReturned(): Promise<BootEnd> {
    for (;;) {
      const line = await this.next();
      if (line === "returned") return "returned";
      if (this.handleSerial(line)) continue;
      const m = /^call (\S+)((?: \d+)*)$/.exec(line);
      if (!m) throw new Error(`the native host said: ${line}`);
      const [name, args] = [m[1], m[2].trim() ? m[2].trim().split(" ").map(Number) : []];
      const call: DeviceOsCall = { boot: this.device.boots, name, args };
      this.calls.push(call);
      const map = HOST_CALL_FOR[name];
      if (!map) { // not a program call: the host's own LED
        if (name === "LEDStatus.setActive") this.showLed(args);
        call.result = 0;
        this.send("ok 0");
        continue;
      }
      const answer = this.device.serve(...map(args));
      if ("result" in answer) {
        call.result = answer.result;
        this.send(`ok ${answer.result}`);
        continue;
      }
      this.send(answer.end);
      if (answer.end === "reset") {
        const dump = await this.next(); // backup RAM as the reset left it
        this.retainedWords = dump.replace(/^retained ?/, "").split(" ").filter(Boolean).map((w) => Number.parseInt(w, 16));
      } else {
        this.retainedWords = []; // power lost
      }
      this.stop();
      return answer.end;
    }
  }
}

/** The native counterpart of runScenario(): boots until settled, then the owner's credentials. */
export async function runNativeScenario(
  scenario: Scenario, program: Program, binary: string, maxBoots = 10,
): Promise<{ native: NativePhoton; result: SimResult }> {
  const device = photonFor(scenario, program);
  const native = new NativePhoton(binary, device, scenario.device.retained);
  const boots: BootRecord[] = [];
  try {
    while (boots.length < maxBoots) {
      const boot = await native.boot();
      boots.push(boot);
      if (boot.end === "returned") break;
    }
    device.settle();
    if (device.outcome?.led === "blinking-blue" && scenario.afterReset) device.enterCredentials(scenario.afterReset.credentials);
  } catch (e) {
    native.stop();
    throw e;
  }
  return { native, result: summarise(scenario.name, device, boots) };
}
