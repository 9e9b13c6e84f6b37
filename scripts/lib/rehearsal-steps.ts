// What the rehearsal does with each step of release.yml. Every step must map
// to something here: a step the rehearsal does not know fails it, so the
// workflow and the rehearsal cannot drift apart silently.
import { actionName, type Step } from "./workflow.ts";

export type StepKind =
  | "checkout" | "setup-node" | "compile" | "upload" | "download"
  | "install-arm" | "npm-ci" | "tests" | "gh-release" | "npm-publish" | "shell";

const ACTIONS: Record<string, StepKind> = {
  "actions/checkout": "checkout",
  "actions/setup-node": "setup-node",
  "particle-iot/compile-action": "compile",
  "actions/upload-artifact": "upload",
  "actions/download-artifact": "download",
};

export function stepKind(step: Step): StepKind {
  if (step.uses) {
    const kind = ACTIONS[actionName(step.uses)];
    if (!kind) throw new Error(`release.yml uses ${step.uses}, which the rehearsal does not know: teach scripts/lib/rehearsal-steps.ts what it does`);
    return kind;
  }
  const run = (step.run ?? "").trim();
  if (/apt-get install .*gcc-arm-none-eabi/.test(run)) return "install-arm";
  if (run === "npm ci") return "npm-ci";
  if (run === "npm test") return "tests";
  if (run.includes("gh release create")) return "gh-release";
  if (/\bnpm publish\b/.test(run)) return "npm-publish";
  return "shell";
}

/** The files `gh release create "$GITHUB_REF_NAME" <files...> --flags` would attach, as written (globs unexpanded). */
export function releaseAssets(run: string): string[] {
  const line = run.replace(/\\\n/g, " ");
  const m = /gh release create\s+\S+\s+(.*)/.exec(line);
  if (!m) throw new Error("no `gh release create` in that step");
  const args = m[1].trim().split(/\s+/);
  const end = args.findIndex((a) => a.startsWith("-"));
  return end === -1 ? args : args.slice(0, end);
}
