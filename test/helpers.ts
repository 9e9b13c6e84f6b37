import { spawnSync } from "node:child_process";
import { loadProgram, type Program } from "../host-shim/program.ts";
import { runScenario, type SimResult } from "../host-shim/run-scenario.ts";
import { loadScenario, type Scenario } from "../host-shim/scenario.ts";

let cached: Program | null = null;
export function program(): Program {
  return (cached ??= loadProgram());
}

export function run(nameOrScenario: string | Scenario, tweak?: (s: Scenario) => void): SimResult {
  const scenario = typeof nameOrScenario === "string" ? loadScenario(nameOrScenario) : nameOrScenario;
  tweak?.(scenario);
  return runScenario(scenario, program());
}

/** Runs a project script the way npm does, and returns its output and exit code. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The settings every run must end with. */
export const RESET_TARGET = { antenna: "internal", ipSource: "dynamic", credentials: 0, marker: true } as const;
