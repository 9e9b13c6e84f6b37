// The workflows against the actions they pin, as each action's own action.yml
// declares it (test/fixtures/action-facts.json): names actionlint cannot know.
import { describe, expect, it } from "vitest";
import { readActionFacts } from "../scripts/lib/action-facts.ts";
import { readWorkflow, type Workflow } from "../scripts/lib/workflow.ts";
import { workflowProblems } from "./workflow-check.ts";

const facts = readActionFacts(".");
const FILES = ["ci.yml", "release.yml"];
const workflows = Object.fromEntries(FILES.map((f) => [f, readWorkflow(".", f)]));
const allUses = Object.values(workflows).flatMap((w) => Object.values(w.jobs).flatMap((j) => j.steps.flatMap((s) => s.uses ?? [])));

describe.each(FILES)("%s", (file) => {
  it("uses every action as its action.yml declares it (inputs, required inputs, outputs)", () => {
    expect(workflowProblems(workflows[file], facts)).toEqual([]);
  });
});

describe("the action facts", () => {
  it("record every pinned action, each read at a version tag or a full commit, on the node24 runtime", () => {
    for (const [uses, fact] of Object.entries(facts)) {
      const ref = uses.split("@")[1];
      expect(ref, uses).toMatch(/^(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
      if (/^[0-9a-f]{40}$/.test(ref)) expect(fact.commit, uses).toBe(ref);
      expect(fact.read, uses).toContain(ref);
      expect(fact.runtime, `${uses} runs on ${fact.runtime}`).toBe("node24");
    }
  });

  it("hold no entry that no workflow uses (a stale entry would hide a wrong pin)", () => {
    expect(Object.keys(facts).filter((u) => !allUses.includes(u))).toEqual([]);
  });
});

describe("the check itself", () => {
  const release = structuredClone(workflows["release.yml"]);
  const naming = release.jobs.firmware.steps.find((s) => s.env?.BUILT)!;

  it("fails on an output compile-action does not have (firmware-binary)", () => {
    naming.env!.BUILT = "${{ steps.compile.outputs.firmware-binary }}";
    expect(workflowProblems(release, facts)).toEqual([expect.stringMatching(/steps\.compile\.outputs\.firmware-binary: .*has no output "firmware-binary" \(it has firmware-path, /)]);
  });

  it("fails on an unknown with: key, a missing required input, an unknown step id and an unpinned action", () => {
    const broken: Workflow = { name: "x", jobs: { j: { "runs-on": "ubuntu-latest", steps: [
      { uses: "actions/upload-artifact@v7.0.0", with: { name: "a", paths: "out" } },
      { run: "echo ${{ steps.nope.outputs.x }}" },
      { uses: "actions/checkout@v9.9.9" },
    ] } } };
    expect(workflowProblems(broken, facts)).toEqual([
      expect.stringMatching(/has no input "paths"/),
      expect.stringMatching(/needs input "path"/),
      expect.stringMatching(/actions\/checkout@v9\.9\.9 has no entry/),
      expect.stringMatching(/no step has id "nope"/),
    ]);
  });

  it("reads outputs a run step writes to $GITHUB_OUTPUT, and needs.<job>.outputs", () => {
    const wf: Workflow = { name: "x", jobs: {
      a: { "runs-on": "u", outputs: { v: "${{ steps.s.outputs.version }}" }, steps: [{ id: "s", run: 'echo "version=1" >> "$GITHUB_OUTPUT"' }] },
      b: { "runs-on": "u", needs: "a", steps: [{ run: "echo ${{ needs.a.outputs.v }} ${{ needs.a.outputs['w'] }}" }] },
    } };
    expect(workflowProblems(wf, facts)).toEqual([expect.stringMatching(/needs\.a\.outputs\.w: job "a" has no output "w"/)]);
  });
});
