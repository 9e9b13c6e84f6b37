// npm run bench — simulated boots per second on one core, and the program's size.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadProgram, WASM_PATH } from "../host-shim/program.ts";
import { bootUntilSettled, photonFor } from "../host-shim/run-scenario.ts";
import { builtInScenarioNames, loadScenario } from "../host-shim/scenario.ts";
import { ensureWasm } from "./build-wasm.ts";
import { ROOT } from "./lib/root.ts";

const GOAL_BOOTS_PER_SECOND = 20_000;

function measure(seconds: number, work: () => number): number {
  for (let i = 0; i < 200; i++) work(); // warm up the JIT
  let boots = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    boots += work();
    now = process.hrtime.bigint();
  }
  return boots / (Number(now - start) / 1e9);
}

async function main() {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "2" }, json: { type: "boolean" } } });
  const seconds = Number(values.seconds);
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${values.seconds}`);
  await ensureWasm();
  const program = loadProgram();
  const scenarios = builtInScenarioNames().map(loadScenario);
  let next = 0;
  // A whole recovery: a fresh device, reset boot(s) and the verifying boot.
  const recovery = measure(seconds, () => {
    const device = photonFor(scenarios[next++ % scenarios.length], program, false);
    return bootUntilSettled(device).length;
  });
  // Boots of a device already recovered: the marker matches, scan, report, connect.
  const settled = photonFor(scenarios[0], program, false);
  bootUntilSettled(settled);
  const steady = measure(seconds, () => {
    settled.boot();
    settled.trace.length = 0; // keep memory flat over millions of boots
    settled.reports.length = 0;
    return 1;
  });
  const wasmBytes = readFileSync(join(ROOT, WASM_PATH)).length;
  const result = { recoveryBootsPerSecond: Math.round(recovery), steadyBootsPerSecond: Math.round(steady), goal: GOAL_BOOTS_PER_SECOND, wasmBytes };
  if (values.json) {
    console.log(JSON.stringify(result));
    return;
  }
  const verdict = (n: number) => (n >= GOAL_BOOTS_PER_SECOND ? "meets" : "BELOW");
  console.log(`simulated boots per second, one core (goal ≥ ${GOAL_BOOTS_PER_SECOND.toLocaleString("en")}):`);
  console.log(`  whole recoveries (fresh device, all ${scenarios.length} built-in scenarios): ${result.recoveryBootsPerSecond.toLocaleString("en")}/s — ${verdict(recovery)} the goal`);
  console.log(`  boots of a recovered device:                        ${result.steadyBootsPerSecond.toLocaleString("en")}/s — ${verdict(steady)} the goal`);
  console.log(`${WASM_PATH}: ${wasmBytes} bytes`);
}

main().catch((e: Error) => { console.error(e.message); process.exitCode = 1; });
