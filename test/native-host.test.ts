// The C++ host, built against the fake Device OS, driven through the
// simulator's scenarios: its Device OS calls must equal the WebAssembly run's
// trace, call for call (differential test), and its report must be the same.
// Every test runs on each build of the harness: x86 (this machine) and the
// Photon's own Cortex-M3 code on QEMU's emulated STM32F205 (netduino2).
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HostCallName } from "../model/host-api.ts";
import { reportToHostJson } from "../model/report-json.ts";
import { NativePhoton, runNativeScenario } from "../host-shim/native-photon.ts";
import { bootUntilSettled, photonFor, runScenario } from "../host-shim/run-scenario.ts";
import { builtInScenarioNames, loadScenario, parseScenario, type Scenario } from "../host-shim/scenario.ts";
import { decodeScanList, encodeScanList } from "../model/wifi-scan-list.ts";
import type { TraceEntry } from "../host-shim/simulated-photon.ts";
import type { NativeHarness } from "../host-shim/native/launch.ts";
import { buildHarness, HARNESS_BUILDS, harnessMissing } from "../scripts/native-harness.ts";
import { scenarioArb } from "./arbitraries.ts";
import { program } from "./helpers.ts";

// A build whose tools are missing (no g++, no arm-none-eabi-gcc, no QEMU):
// skip it loudly rather than fail the suite.
const builds = HARNESS_BUILDS.map((build) => ({ build, missing: harnessMissing(build) }));
for (const { build, missing } of builds) if (missing) console.warn(`skipping the native C++ host tests on the ${build} build: ${missing}`);

/** The build the running block tests (set by its beforeAll). */
let binary: NativeHarness;
const running: NativePhoton[] = [];
afterEach(() => { for (const n of running.splice(0)) n.stop(); });

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

describe.each(builds.map(({ build, missing }) => [build, missing] as const))("the %s build", (build, missing) => {
  beforeAll(() => { if (!missing) binary = buildHarness(build); }, 180_000);

  if (build === "cortex-m3") it.skipIf(missing !== null)("runs the Photon's own machine code: a Cortex-M3 (Thumb-2) image on QEMU's netduino2", () => {
    const elf = binary.args[binary.args.indexOf("-kernel") + 1];
    const header = spawnSync("arm-none-eabi-readelf", ["-h", "-A", elf], { encoding: "utf8" }).stdout;
    expect(header).toMatch(/Machine:\s+ARM/);
    expect(header).toMatch(/Tag_CPU_arch: v7\n.*Tag_CPU_arch_profile: Microcontroller\n.*Tag_THUMB_ISA_use: Thumb-2/s);
    expect(binary.args.join(" ")).toContain("-M netduino2");
  });

  describe.skipIf(missing !== null)("native C++ host against the fake Device OS", () => {
    it.each(builtInScenarioNames())("makes the same Device OS calls as the WebAssembly run: %s", async (name) => {
      const { native } = await differential(loadScenario(name));
      expect(native.calls.length).toBeGreaterThan(20);
    });

    it("makes the same calls on random device states (fast-check)", async () => {
      await fc.assert(fc.asyncProperty(scenarioArb, async (s) => { await differential(s); }), { numRuns: 25 });
    });

    it("declares SEMI_AUTOMATIC, the system thread, retained memory and FEATURE_RESET_INFO", async () => {
      const { native } = await differential(loadScenario("healthy"));
      expect(native.info).toEqual({ mode: 2, thread: 1, retainedFeature: 1, resetInfo: 1 });
      // A computer holding the port open: the host does not wait for it.
      expect(native.calls.some((c) => c.name === "HAL_Delay_Milliseconds")).toBe(false);
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
      const r = await native.answer(native.request("report"));
      expect(r).toMatchObject({ state: "collected", result: 0 });
      expect(JSON.parse(r.reply)).toEqual({
        build: `0x${program().buildId.toString(16).padStart(8, "0")}`, action: "done", diagnosis: "ok",
        before: { antenna: "external", ipSource: "static", credentials: 1, resetReason: 70 },
        after: { antenna: "internal", ipSource: "dynamic", credentials: 0 },
        accessPoints: 1, resetAttempts: 1,
      });
    });

    it("rejects an unknown request with SYSTEM_ERROR_INVALID_ARGUMENT", async () => {
      const { native } = await differential(loadScenario("healthy"));
      expect(await native.answer(native.request("format-the-flash"))).toMatchObject({ state: "collected", result: -270, reply: "" });
    });

    it("loop() does nothing until a rerun is asked for", async () => {
      const { native } = await differential(loadScenario("healthy"));
      const before = native.calls.length;
      expect(await native.loopOnce()).toBe("returned");
      expect(native.calls.length).toBe(before);
    });

    it("shows eeprom-failure on the LED (fast-blinking orange, LED_PRIORITY_IMPORTANT), and only then", async () => {
      const stuck = await differential(loadScenario("eeprom-stuck"));
      expect(stuck.native.calls.filter((c) => c.name === "LEDStatus.setActive")).toEqual([
        { boot: 4, name: "LEDStatus.setActive", args: [0xff6000, 2, 30, 30, 1], result: 0 },
      ]);
      expect(stuck.native.device.led).toBe("fast-blinking-orange");
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

  /** The host calls after index `from`, as "name args". */
  const callsAfter = (native: NativePhoton, from: number) => native.calls.slice(from).map((c) => `${c.name} ${c.args.join(" ")}`.trim());

  describe.skipIf(missing !== null)("USB requests are served where Device OS serves them (issue 15)", () => {
    it("a request sent while setup() runs waits in the application queue until setup() returns", async () => {
      const { native } = await differential(loadScenario("healthy"));
      const r = native.request("report"); // sent as the device boots again
      const boot = await native.boot();
      expect(boot.end).toBe("returned");
      expect(r.state).toBe("queued"); // not served by the program's delays: they are short, or Wi-Fi was asleep
      const setupEnded = native.device.clockMs;
      await native.answer(r);
      expect(r.state).toBe("collected");
      expect(r.readyAt).toBe(setupEnded); // the first pass between loop() calls
      expect(JSON.parse(r.reply)).toMatchObject({ action: "done", diagnosis: "ok" });
    });

    it("a request sent during a boot that resets is lost: the computer must ask again", async () => {
      const native = new NativePhoton(binary, photonFor(loadScenario("healthy"), program(), false));
      running.push(native);
      const r = native.request("report");
      expect((await native.boot()).end).toBe("reset");
      expect(r.state).toBe("lost");
    });

    it("rerun: the reset waits until the computer has collected the reply, then 1 s, wherever in the poll back-off it lands", async () => {
      // Sent at each point of a done boot's setup(): served after setup(), when
      // particle-usb polls only every 250-1000 ms.
      for (let offset = 0; offset <= 4000; offset += 500) {
        const { native } = await differential(loadScenario("healthy"));
        const r = native.request("rerun", native.device.clockMs + offset);
        expect((await native.boot()).end).toBe("returned");
        const from = native.calls.length;
        await native.answer(r);
        expect({ offset, state: r.state, result: r.result }).toEqual({ offset, state: "collected", result: 0 });
        if (native.running) expect(await native.runFor(5000)).toBe("reset");
        expect(native.running).toBe(false);
        expect(callsAfter(native, from)).toEqual(["delay 1000", `HAL_EEPROM_Put 0 4 ${0xffffffff}`, `HAL_EEPROM_Put 4 4 ${0xffffffff}`, "System.reset"]);
        // The rerun ran: the next boot redoes the reset once.
        expect((await native.boot()).end).toBe("reset");
        expect((await native.boot()).end).toBe("returned");
        expect(native.device.lastReport?.action).toBe("done");
        native.stop();
      }
    });

    it("rerun: no reset when the computer gave up before collecting the reply", async () => {
      const { native } = await differential(loadScenario("healthy"));
      const r = native.request("rerun");
      expect(await native.loopOnce()).toBe("returned"); // served; the reply waits for a CHECK
      expect(r.state).toBe("ready");
      native.cancel(r);
      expect(await native.runFor(5000)).toBe("returned");
      expect(native.calls.some((c) => c.name === "System.reset" && c.boot === native.device.boots)).toBe(false);
    });
  });

  describe.skipIf(missing !== null)("the scan list on the \"scan\" request", () => {
    // The forum's settings in a world with a hidden network and a 5 GHz one.
    const world = () => parseScenario({
      device: { antenna: "external", ipSource: "static" },
      environment: { accessPoints: [
        { ssid: "home", security: "wpa2", password: "correct horse", rssi: -48 },
        { ssid: "secret", security: "wpa2", password: "hidden one", rssi: -60, visibility: "hidden" },
        { ssid: "cafe", security: "open", rssi: -75 },
        { ssid: "fast", security: "wpa2", password: "five gigahertz", band: "5", rssi: -30 },
      ] },
    }, "scan list");
    const seen = [
      { ssid: "home", rssi: -48, security: "wpa2", cipher: "aes", channel: 6 },
      { ssid: "", rssi: -60, security: "wpa2", cipher: "aes", channel: 6 },
      { ssid: "cafe", rssi: -75, security: "open", cipher: "none", channel: 6 },
    ];

    it("serves what the boot's scan saw in listening mode (no credentials) and in normal mode (joined); not before a scan", async () => {
      const native = new NativePhoton(binary, photonFor(world(), program(), false));
      running.push(native);
      const early = native.request("scan");
      expect((await native.boot()).end).toBe("reset"); // the reset boot: no scan, and the request is lost with it
      expect(early.state).toBe("lost");
      expect((await native.boot()).end).toBe("returned");
      native.device.settle(); // Particle.connect() with no credentials: listening mode
      expect(native.device.system.listening).toBe(true);
      const listening = await native.answer(native.request("scan"));
      expect({ state: listening.state, result: listening.result }).toEqual({ state: "collected", result: 0 });
      expect(decodeScanList(listening.replyBytes)).toEqual({ seen: 3, aps: seen });

      native.device.wifi.setCredentials({ ssid: "home", security: "wpa2", password: "correct horse" });
      expect((await native.boot()).end).toBe("returned");
      native.device.settle(); // joins "home"
      expect(native.device.system.listening).toBe(false);
      const normal = await native.answer(native.request("scan"));
      expect(decodeScanList(normal.replyBytes)).toEqual({ seen: 3, aps: seen });
      expect(JSON.parse((await native.answer(native.request("report"))).reply)).toMatchObject({ accessPoints: 3 });
    });

    it("keeps the 16 strongest of a longer scan as the model says, byte for byte (scan_list.cpp against encodeScanList)", async () => {
      // 20 networks, strengths shuffled, a 32-byte SSID and a hidden one among them.
      const rssis = [-71, -40, -88, -55, -62, -90, -47, -33, -80, -66, -59, -75, -51, -84, -44, -69, -92, -38, -57, -77];
      const accessPoints = rssis.map((rssi, i) => ({
        ssid: i === 3 ? "x".repeat(32) : `net-${i}`, security: i % 5 === 0 ? "open" : "wpa2", password: "password-long-enough", rssi,
        ...(i === 7 ? { visibility: "hidden" } : {}),
      }));
      const scenario = parseScenario({ environment: { accessPoints } }, "twenty networks");
      const { native } = await differential(scenario);
      const r = await native.answer(native.request("scan"));
      expect(r.result).toBe(0);
      expect(r.replyBytes).toEqual(encodeScanList(native.device.scanList!));
      const list = decodeScanList(r.replyBytes);
      expect(list.seen).toBe(20);
      expect(list.aps.map((a) => a.rssi).sort((a, b) => a - b)).toEqual([...rssis].sort((a, b) => b - a).slice(0, 16).sort((a, b) => a - b));
      expect(list.aps.map((a) => a.ssid)).toContain("x".repeat(32));
      expect(list.aps.map((a) => a.ssid)).toContain(""); // the hidden one, -33 dBm
    });

    it("carries each access point's channel as sniffer() hands it (record->channel): the scenario's, else 6", async () => {
      const scenario = parseScenario({ environment: { accessPoints: [
        { ssid: "home", security: "wpa2", password: "correct horse", rssi: -48, channel: 11 },
        { ssid: "cafe", security: "open", rssi: -75, channel: 1 },
        { ssid: "neighbour", security: "wpa", password: "next door!", rssi: -85 },
      ] } }, "channels");
      const { native } = await differential(scenario);
      const list = decodeScanList((await native.answer(native.request("scan"))).replyBytes);
      expect(list.aps.map((a) => [a.ssid, a.channel])).toEqual([["home", 11], ["cafe", 1], ["neighbour", 6]]);
    });

    it("answers NOT_FOUND on a boot whose radio never came on (no scan)", async () => {
      const { native } = await differential(loadScenario("damaged-radio"));
      const r = await native.answer(native.request("scan"));
      expect({ state: r.state, result: r.result }).toEqual({ state: "collected", result: -170 });
    });
  });

  describe.skipIf(missing !== null)("reset reason (FEATURE_RESET_INFO)", () => {
    it("a device whose flag was off reports the first reason as unknown; the host's STARTUP turns it on for the next resets", async () => {
      const scenario = loadScenario("forum-static-ip-external-antenna");
      scenario.device.resetInfo = false;
      const { native, result } = await differential(scenario);
      expect(result.boots.map((b) => b.resetReason)).toEqual([0, 140]);
      expect(native.device.reports[0].before.resetReason).toBe("unknown");
      expect(JSON.parse(native.serial.find((l) => l.startsWith("netreset {"))!.slice(9)).before.resetReason).toBeNull();
      expect(native.device.resetInfoFeature).toBe(true);
    });
  });

  describe.skipIf(missing !== null)("the boot serial line (best effort)", () => {
    async function bootAll(native: NativePhoton) {
      running.push(native);
      while ((await native.boot()).end !== "returned");
    }

    it("waits for a computer that reopens the port after the reset's re-enumeration, so the reset boot's line arrives", async () => {
      const scenario = loadScenario("forum-static-ip-external-antenna");
      const native = new NativePhoton(binary, photonFor(scenario, program(), false));
      native.serialOpensAfterMs = 800;
      await bootAll(native);
      const wasm = photonFor(scenario, program(), false);
      bootUntilSettled(wasm);
      expect(native.serial.filter((l) => l.startsWith("netreset {"))).toEqual(wasm.reports.map((r) => `netreset ${reportToHostJson(r)}`));
      expect(native.device.trace.map(strip)).toEqual(wasm.trace.filter(DEVICE_OS_CALLS).map(strip));
    });

    it("with nobody on the port it gives up after 2 s and runs the program; the USB request still answers", async () => {
      const native = new NativePhoton(binary, photonFor(loadScenario("healthy"), program(), false));
      native.serialOpensAfterMs = null;
      await bootAll(native);
      expect(native.serial).toEqual([]);
      const waits = native.calls.filter((c) => c.name === "HAL_Delay_Milliseconds" && c.boot === native.device.boots);
      expect(waits.reduce((ms, c) => ms + c.args[0], 0)).toBe(2000);
      expect(await native.answer(native.request("report"))).toMatchObject({ state: "collected", result: 0 });
    });
  });

  describe.skipIf(missing !== null)("a wasm trap on the device", () => {
    it("logs the reason and parks the application thread: no reset, so no boot loop", async () => {
      const device = photonFor(loadScenario("healthy"), program(), false);
      const native = new NativePhoton(binary, device);
      running.push(native);
      while ((await native.boot()).end !== "returned");
      device.powerCutAfterCall = device.callCount + 5; // end the parked loop after five calls
      expect(await native.trap(5)).toBe("power-cut");
      expect(native.serial.at(-1)).toBe("netreset trap 5");
      expect(native.calls.slice(-5).every((c) => c.name === "delay")).toBe(true);
      expect(native.calls.some((c) => c.name === "System.reset")).toBe(device.trace.some((t) => t.call === "system_reset"));
    });

    it("answers the report request with the trap even before Wi-Fi is on (SPARK_WLAN_SLEEP set)", async () => {
      const device = photonFor(loadScenario("healthy"), program(), false);
      const native = new NativePhoton(binary, device);
      running.push(native);
      await native.powerOn(); // Device OS is up; the program has not turned Wi-Fi on
      const r = native.request("report", device.clockMs + 50);
      device.powerCutAfterCall = device.callCount + 50; // 50 passes of the parked loop
      expect(await native.trap(5)).toBe("power-cut");
      expect(r).toMatchObject({ state: "collected", result: 0 });
      expect(JSON.parse(r.reply)).toEqual({ trap: 5 });
    });

    it("serves rerun while parked: the computer's way out of a trap", async () => {
      const device = photonFor(loadScenario("healthy"), program(), false);
      const native = new NativePhoton(binary, device);
      running.push(native);
      await native.powerOn();
      const r = native.request("rerun", device.clockMs + 50);
      device.powerCutAfterCall = device.callCount + 200;
      expect(await native.trap(5)).toBe("reset");
      expect(r).toMatchObject({ state: "collected", result: 0 });
      expect(native.calls.at(-1)?.name).toBe("System.reset");
    });
  });
});
