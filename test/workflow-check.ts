// Checks a workflow against the recorded facts of the actions it uses: every
// `uses:` is a known pin, every `with:` key a real input, every required
// input given, and every steps/needs output reference names a real output.
import type { ActionFacts } from "../scripts/lib/action-facts.ts";
import { jobOutputReferences, stepLabel, stepOutputReferences, type Job, type Step, type Workflow } from "../scripts/lib/workflow.ts";

/** The outputs a step can have: an action's declared ones, or what a run script writes to $GITHUB_OUTPUT. */
function outputsOf(step: Step, facts: Record<string, ActionFacts>): string[] | null {
  if (step.uses) return facts[step.uses]?.outputs ?? null;
  if (step.run?.includes("GITHUB_OUTPUT")) return [...step.run.matchAll(/([\w-]+)=/g)].map((m) => m[1]);
  return [];
}

function stepProblems(job: string, step: Step, facts: Record<string, ActionFacts>): string[] {
  if (!step.uses) return [];
  const where = `${job}: "${stepLabel(step)}"`;
  const fact = facts[step.uses];
  if (!fact) return [`${where}: ${step.uses} has no entry in the action facts (read its action.yml at that ref and add one)`];
  const given = Object.keys(step.with ?? {});
  return [
    ...given.filter((k) => !fact.inputs.includes(k)).map((k) => `${where}: ${step.uses} has no input "${k}" (it has ${fact.inputs.join(", ")})`),
    ...fact.required.filter((k) => !given.includes(k)).map((k) => `${where}: ${step.uses} needs input "${k}"`),
  ];
}

function referenceProblems(name: string, job: Job, jobs: Record<string, Job>, facts: Record<string, ActionFacts>): string[] {
  const text = JSON.stringify(job);
  const problems: string[] = [];
  for (const ref of stepOutputReferences(text)) {
    const step = job.steps.find((s) => s.id === ref.id);
    if (!step) { problems.push(`${name}: steps.${ref.id}.outputs.${ref.output}: no step has id "${ref.id}" in this job`); continue; }
    const outputs = outputsOf(step, facts);
    if (outputs && !outputs.includes(ref.output)) {
      problems.push(`${name}: steps.${ref.id}.outputs.${ref.output}: ${step.uses ?? "that run step"} has no output "${ref.output}"${outputs.length ? ` (it has ${outputs.join(", ")})` : ""}`);
    }
  }
  const needs = [job.needs ?? []].flat();
  for (const ref of jobOutputReferences(text)) {
    if (!needs.includes(ref.job)) problems.push(`${name}: needs.${ref.job}.outputs.${ref.output}: the job does not need "${ref.job}"`);
    else if (!Object.hasOwn(jobs[ref.job]?.outputs ?? {}, ref.output)) problems.push(`${name}: needs.${ref.job}.outputs.${ref.output}: job "${ref.job}" has no output "${ref.output}"`);
  }
  return problems;
}

/** Every problem in a workflow; empty when each step matches the actions it uses. */
export function workflowProblems(workflow: Workflow, facts: Record<string, ActionFacts>): string[] {
  return Object.entries(workflow.jobs).flatMap(([name, job]) => [
    ...job.steps.flatMap((step) => stepProblems(name, step, facts)),
    ...referenceProblems(name, job, workflow.jobs, facts),
  ]);
}
