// The GitHub workflows as data: parsed from .github/workflows/*.yml, so the
// tests and the release rehearsal read the same steps the runner would.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface Job {
  "runs-on": string;
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  steps: Step[];
}

export interface Workflow { name: string; jobs: Record<string, Job> }

export const WORKFLOWS_DIR = ".github/workflows";

export function readWorkflow(root: string, file: string): Workflow {
  return parse(readFileSync(join(root, WORKFLOWS_DIR, file), "utf8")) as Workflow;
}

/** How a step shows in logs: its name, else what it uses or runs. */
export function stepLabel(step: Step): string {
  return step.name ?? step.uses ?? step.run?.split("\n")[0] ?? "(empty step)";
}

/** The action a `uses:` names, without its version: "actions/checkout". */
export const actionName = (uses: string) => uses.split("@")[0];

/** Every `steps.<id>.outputs.<name>` (dot or ['bracket'] form) in a text. */
export function stepOutputReferences(text: string): { id: string; output: string }[] {
  return [...text.matchAll(/steps\.([\w-]+)\.outputs(?:\.([\w-]+)|\[\s*['"]([\w-]+)['"]\s*\])/g)]
    .map((m) => ({ id: m[1], output: m[2] ?? m[3] }));
}

/** Every `needs.<job>.outputs.<name>` in a text. */
export function jobOutputReferences(text: string): { job: string; output: string }[] {
  return [...text.matchAll(/needs\.([\w-]+)\.outputs(?:\.([\w-]+)|\[\s*['"]([\w-]+)['"]\s*\])/g)]
    .map((m) => ({ job: m[1], output: m[2] ?? m[3] }));
}
