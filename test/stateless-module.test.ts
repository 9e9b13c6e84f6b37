// One instance for every boot only where a fresh one could not differ: the
// section reading that decides it, and what a device then instantiates.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { compileProgram, MARKER_MAGIC, type Program } from "../host-shim/program.ts";
import { bootUntilSettled, photonFor } from "../host-shim/run-scenario.ts";
import { loadScenario } from "../host-shim/scenario.ts";
import { instancesAreStateless } from "../host-shim/stateless-module.ts";
import { program } from "./helpers.ts";

type Wabt = Awaited<ReturnType<typeof import("wabt")>>;
let wabt: Wabt;
beforeAll(async () => { wabt = await (await import("wabt")).default(); });

function wasm(body: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(wabt.parseWat("t.wat", `(module ${body})`).toBinary({}).buffer);
}
const stateless = (body: string) => {
  const bytes = wasm(body);
  return instancesAreStateless(bytes, new WebAssembly.Module(bytes));
};

/** A program compileProgram accepts: its constants, boot() doing `body`, and the imports it uses. */
function programWith(globals: string, body: string): Program {
  return compileProgram(wasm(`
    (import "photon" "delay_ms" (func $delay (param i32)))
    ${globals}
    (global (export "BUILD_ID") i32 (i32.const 7))
    (global (export "REQUIRED_SYSTEM_MODE") i32 (i32.const 2))
    (global (export "MARKER_MAGIC") i32 (i32.const ${MARKER_MAGIC}))
    (func (export "boot") ${body})
    (func (export "rerun"))`));
}

/** Counts the instances made while it is installed. */
const RealInstance = WebAssembly.Instance;
let made = 0;
function countInstances(): void {
  made = 0;
  WebAssembly.Instance = class extends RealInstance {
    constructor(module: WebAssembly.Module, imports?: WebAssembly.Imports) { super(module, imports); made++; }
  };
}
afterEach(() => { WebAssembly.Instance = RealInstance; });

describe("instancesAreStateless", () => {
  it("holds for build/netreset.wasm: no memory, no table, no start, constant globals only", () => {
    expect(program().stateless).toBe(true);
  });

  it("holds for functions and constant globals of every number type", () => {
    expect(stateless(`(global i32 (i32.const -1)) (global i64 (i64.const 1)) (global f32 (f32.const 1.5))
      (global f64 (f64.const 2.5)) (global i32 (global.get 0)) (func (export "f"))`)).toBe(true);
  });

  it("fails for anything an instance keeps or runs: a mutable global, memory, table, start function", () => {
    expect(stateless(`(global (mut i32) (i32.const 0))`)).toBe(false);
    expect(stateless(`(memory 1)`)).toBe(false);
    expect(stateless(`(table 1 funcref)`)).toBe(false);
    expect(stateless(`(func $s) (start $s)`)).toBe(false);
    expect(stateless(`(import "photon" "g" (global i32))`)).toBe(false);
  });

  it("reads a constant whose encoding holds the end byte (11 is 0x0b) and still sees the mutable global after it", () => {
    expect(stateless(`(global i32 (i32.const 11)) (global (mut i32) (i32.const 11))`)).toBe(false);
    expect(stateless(`(global i32 (i32.const 11)) (global i32 (i32.const 11))`)).toBe(true);
  });

  it("fails for bytes it cannot read to the end", () => {
    const bytes = wasm(`(global i32 (i32.const 1))`);
    expect(instancesAreStateless(bytes.subarray(0, bytes.length - 1), new WebAssembly.Module(bytes))).toBe(false);
  });
});

describe("instances a simulated Photon makes", () => {
  it("a stateless program: one instance for a whole recovery and a hundred more boots", () => {
    const device = photonFor(loadScenario("healthy"), program(), false);
    countInstances();
    const boots = bootUntilSettled(device).length;
    for (let i = 0; i < 100; i++) device.boot();
    expect(boots).toBeGreaterThan(1);
    expect(made).toBeLessThanOrEqual(1);
  });

  it("a program with state: a fresh instance every boot, so no boot sees the last one's globals", () => {
    const counting = programWith(`(global $n (mut i32) (i32.const 0))`,
      `(global.set $n (i32.add (global.get $n) (i32.const 1))) (call $delay (global.get $n))`);
    expect(counting.stateless).toBe(false);
    const device = photonFor(loadScenario("healthy"), counting, false);
    countInstances();
    for (let i = 0; i < 3; i++) device.boot();
    expect(made).toBe(3);
    expect(device.trace.map((t) => [t.boot, t.call, t.args])).toEqual([[1, "delay_ms", [1]], [2, "delay_ms", [1]], [3, "delay_ms", [1]]]);
  });
});
