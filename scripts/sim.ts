// npm run sim — run the reset program on a simulated Photon, no device needed.
import { parseArgs } from "node:util";
import { loadProgram } from "../host-shim/program.ts";
import { runScenario } from "../host-shim/run-scenario.ts";
import { builtInScenarioNames, loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { InputError } from "../host-shim/validate.ts";
import { ensureWasm } from "./build-wasm.ts";
import { formatTimeline } from "./sim-output.ts";
import { EXIT } from "../model/exit-codes.ts";
import { commandWords } from "../recovery/actions.ts";

const DEFAULT_SCENARIO = "forum-static-ip-external-antenna";

const HELP = `Usage: npm run sim -- [--scenario NAME|FILE.json] [--json] [--list]

Runs the real build/netreset.wasm on a simulated Photon (the scenario's
device.deviceOs, default 2.3.1; a system older than the build refuses it and
starts in safe mode, as Device OS does) until it settles, and prints each
boot, setting change, LED pattern, the report and a diagnosis with the next
step.

  --scenario, -s  a built-in scenario name or a scenario file (default: ${DEFAULT_SCENARIO});
                  --simulate is the same option, under the command's name for it
  --json          print one JSON object instead of the timeline
  --list          list the built-in scenarios
  --help, -h      this text

Exit codes: 0 ran, 1 the simulation failed, 2 bad arguments or scenario file.
Scenario files and what the simulator models: docs/simulator.md.`;

const parseOptions = (argv: string[]) => parseArgs({ args: argv, options: {
  scenario: { type: "string", short: "s" }, simulate: { type: "string" }, json: { type: "boolean" },
  list: { type: "boolean" }, help: { type: "boolean", short: "h" },
} }).values;

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseOptions>;
  try {
    args = parseOptions(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (args.help) { console.log(HELP); return EXIT.ok; }
  if (args.list) {
    for (const name of builtInScenarioNames()) console.log(`${name.padEnd(34)} ${loadScenario(name).description}`);
    return EXIT.ok;
  }
  let scenario: Scenario;
  const scenarioArg = args.scenario ?? args.simulate ?? DEFAULT_SCENARIO;
  try {
    if (args.scenario && args.simulate && args.scenario !== args.simulate) {
      console.error(`--scenario ${args.scenario} and --simulate ${args.simulate} name two scenarios: give one.`);
      return EXIT.usage;
    }
    scenario = loadScenario(scenarioArg);
  } catch (e) {
    if (e instanceof InputError) { console.error(`Bad scenario: ${e.message}`); return EXIT.usage; }
    throw e;
  }
  await ensureWasm();
  // The next step as it works from this checkout, on the same simulated Photon.
  const command = commandWords({ form: "checkout", simulate: scenarioArg });
  const result = runScenario(scenario, loadProgram(), { words: { action: (a) => command({ command: a }) } });
  console.log(args.json ? JSON.stringify(result, null, 2) : formatTimeline(result, scenario));
  return EXIT.ok;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: Error) => {
  console.error(`simulation failed: ${e.stack ?? e.message}`);
  process.exitCode = EXIT.failed;
});
