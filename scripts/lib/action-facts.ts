// What each pinned action declares in its own action.yml (inputs, outputs,
// runtime), recorded in test/fixtures/action-facts.json with where it was read.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ActionFacts {
  commit: string;
  runtime: string;
  read: string;
  inputs: string[];
  required: string[];
  outputs: string[];
  note?: string;
}

export const ACTION_FACTS_FILE = "test/fixtures/action-facts.json";

/** Facts keyed by the exact `uses:` string, e.g. "actions/checkout@v7.0.1". */
export function readActionFacts(root: string): Record<string, ActionFacts> {
  return (JSON.parse(readFileSync(join(root, ACTION_FACTS_FILE), "utf8")) as { actions: Record<string, ActionFacts> }).actions;
}
