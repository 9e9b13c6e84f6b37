// The C++ host, built natively against the fake Device OS, driven through the
// simulator's scenarios: its Device OS calls must equal the WebAssembly run's
// trace, call for call (differential test), and its report must be the same.
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HostCallName } from "../host-shim/host-api.ts";
import { reportToHostJson } from "../host-shim/host-report-json.ts";
import { NativePhoton, runNativeScenario } from "../host-shim/native-photon.ts";
import { bootUntilSettled, photonFor, runScenario } from "../host-shim/run-scenario.ts";
import { builtInScenarioNames, loadScenario, type Scenario } from "../host-shim/scenario.ts";
import type { TraceEntry } from "../host-shim/simulated-photon.ts";
import { buildNativeHost, haveCompiler, NATIVE } from "../scripts/toolchain.ts";
import { scenarioArb } from "./arbitraries.ts";
import { program } from "./helpers.ts";

// No g++ (e.g. Windows without MinGW): skip loudly rather than fail the suite.
const gxx = haveCompiler(NATIVE);
if (!gxx) console.warn("skipping the native C++ host tests: gcc/g++ is not installed (Debian: apt-get install g++)");

let binary: string;
const running: NativePhoton[] = [];
beforeAll(() => { if (gxx) binary = buildNativeHost(); });
afterEach(() => { running.splice(0).forEach((n) => n.stop()); });

/** Host calls that reach Device OS (retained RAM and the report stay in the host). */
const DEVICE_OS_CALLS = (t: TraceEntry) => !(["retained_get", "retained_set", "report"] as HostCallName[]).includes(t.call);
const strip = ({ boot, call, args, result }: TraceEntry) => ({ boot, call, args, result });

async function differential(scenario: Scenario) {
  const wasm = photonFor(scenario, program(), false);
  bootUntilSettled(wasm);
  const { native, result } = await runNativeScenario(scenario, program(), binary);
  running.push(native);
  expect(native.device.trace.map(strip)).toEqual(wasm.trace.filter(DEVICE_OS_CALLS).map(strip));
  expect(native.device.reports).toEqual(wasm.reports);
  expect(result.final).toEqual(runScenario(scenario, program(), { timeline: false }).final);
  return { native, result };
}

describe.skipIf(!gxx)("native C++ host against the fake Device OS", () => {
  it.each(builtInScenarioNames())("makes the same Device OS calls as the WebAssembly run: %s", async (name) => {
    const { native } = await differential(loadScenario(name));
    expect(native.calls.length).toBeGreaterThan(20);
  });

  it("makes the same calls on random device states (fast-check)", async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, async (s) => { await differential(s); }), { numRuns: 25 });
  });

  it("declares SEMI_AUTOMATIC, the system thread and retained memory", async () => {
    const { native } = await differential(loadScenario("healthy"));
    expect(native.info).toEqual({ mode: 2, thread: 1, retainedFeature: 1 });
  });

  it("prints one report line per boot on USB serial, exactly as the simulator formats it", async () => {
    const { native, result } = await differential(loadScenario("forum-static-ip-external-antenna"));
    const lines = native.serial.filter((l) => l.startsWith("netreset {"));
    expect(lines).toHaveLength(result.boots.length);
    expect(lines).toEqual(native.device.reports.map((r) => `netreset ${reportToHostJson(r)}`));
    expect(JSON.parse(lines[1].slice(9))).toMatchObject({ action: "done", before: { antenna: "external", ipSource: "static", credentials: 1, resetReason: 70 } });
  });

  it("answers the USB report request with the latest report as JSON", async () => {
    const { native } = await differential(loadScenario("forum-static-ip-external-antenna"));
    const r = await native.ctrl("report");
    expect(r.result).toBe(0);
    expect(JSON.parse(r.reply)).toEqual({
      build: `0x${program().buildId.toString(16).padStart(8, "0")}`, action: "done", diagnosis: "ok",
      before: { antenna: "external", ipSource: "static", credentials: 1, resetReason: 70 },
      after: { antenna: "internal", ipSource: "dynamic", credentials: 0 },
      accessPoints: 1, resetAttempts: 1,
    });
  });

  it("rejects an unknown request with SYSTEM_ERROR_INVALID_ARGUMENT", async () => {
    const { native } = await differential(loadScenario("healthy"));
    expect(await native.ctrl("format-the-flash")).toEqual({ result: -270, reply: "" });
  });

  it("rerun: replies, then from loop() clears the marker and resets; the next boots redo the reset once", async () => {
    const { native } = await differential(loadScenario("healthy"));
    expect((await native.ctrl("rerun")).result).toBe(0);
    const before = native.calls.length;
    expect(await native.loopOnce()).toBe("reset");
    const rerunCalls = native.calls.slice(before).map((c) => `${c.name} ${c.args.join(" ")}`.trim());
    expect(rerunCalls).toEqual(["delay 100", `HAL_EEPROM_Put 0 4 ${0xffffffff}`, `HAL_EEPROM_Put 4 4 ${0xffffffff}`, "System.reset"]);
    const again = await native.boot();
    expect(again.end).toBe("reset");
    expect((await native.boot()).end).toBe("returned");
    expect(native.device.lastReport?.action).toBe("done");
  });

  it("loop() does nothing until a rerun is asked for", async () => {
    const { native } = await differential(loadScenario("healthy"));
    const before = native.calls.length;
    expect(await native.loopOnce()).toBe("returned");
    expect(native.calls.length).toBe(before);
  });

  it("shows eeprom-failure on the LED (fast-blinking orange), and only then", async () => {
    const stuck = await differential(loadScenario("eeprom-stuck"));
    expect(stuck.native.calls.filter((c) => c.name === "LEDStatus.setActive")).toEqual([
      { boot: 4, name: "LEDStatus.setActive", args: [0xff6000, 2, 1], result: 0 },
    ]);
    const healthy = await differential(loadScenario("healthy"));
    expect(healthy.native.calls.some((c) => c.name === "LEDStatus.setActive")).toBe(false);
  });

  it("keeps the attempt counter in retained RAM across resets but not across a power cut", async () => {
    const scenario = loadScenario("eeprom-stuck");
    const { native } = await differential(scenario);
    native.powerLoss();
    const boots = [];
    for (let i = 0; i < 4; i++) boots.push((await native.boot()).end);
    expect(boots).toEqual(["reset", "reset", "reset", "returned"]);
  });
});

describe.skipIf(!gxx)("a wasm trap on the device", () => {
  it("logs the reason and parks the application thread: no reset, so no boot loop", async () => {
    const device = photonFor(loadScenario("healthy"), program(), false);
    const native = new NativePhoton(binary, device);
    running.push(native);
    while ((await native.boot()).end !== "returned");
    device.powerCutAfterCall = device.callCount + 5; // end the parked loop after five calls
    expect(await native.trap(5)).toBe("power-cut");
    expect(native.serial.at(-1)).toBe("netreset trap 5");
    const parked = native.calls.slice(-5);
    expect(parked.map((c) => `${c.name} ${c.args}`)).toEqual(Array(5).fill("delay 1000"));
  });
});
