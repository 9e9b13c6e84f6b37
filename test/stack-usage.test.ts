// The deepest stack of our own code on the Photon's application thread, from
// GCC's -fstack-usage and call graph of the ARM build: within the budget
// (scripts/stack-usage.ts says why that budget), and bounded on every path.
import { beforeAll, describe, expect, it } from "vitest";
import { deepest, measureStack, OWN_STACK_BUDGET, parseCallGraphs, ROOTS, type StackDepth } from "../scripts/stack-usage.ts";
import { ARM, ARM_MISSING, haveCompiler } from "../scripts/toolchain.ts";

const arm = haveCompiler(ARM);
if (!arm) console.warn(`skipping the stack measurement: ${ARM_MISSING}`);

/** A call graph in GCC's .ci form: [function, frame bytes | null (external), callees]. */
function graph(...fns: [string, number | null, string[], string?][]): string {
  const nodes = fns.map(([f, bytes, , q]) => `node: { title: "${f}" label: "${f}()\\nx.cpp:1:1${bytes === null ? "" : `\\n${bytes} bytes (${q ?? "static"})`}" }`);
  const edges = fns.flatMap(([f, , callees]) => callees.map((c) => `edge: { sourcename: "${f}" targetname: "${c}" label: "x.cpp:2:2" }`));
  return `graph: { title: "x.cpp"\n${[...nodes, ...edges].join("\n")}\n}`;
}

describe("the stack analysis", () => {
  it("adds the frames of the deepest chain, with Device OS calls as leaves", () => {
    const g = parseCallGraphs([graph(["setup", 16, ["a", "b"]], ["a", 40, ["wlan_scan"]], ["b", 8, ["c"]], ["c", 8, []], ["wlan_scan", null, []])]);
    expect(deepest(g, "setup")).toMatchObject({ bytes: 56, external: ["wlan_scan()"] });
  });

  it("refuses recursion, an indirect call and a dynamic frame: such a stack has no bound", () => {
    expect(() => deepest(parseCallGraphs([graph(["setup", 8, ["a"]], ["a", 8, ["setup"]])]), "setup")).toThrow(/recursion setup\(\) → a\(\) → setup\(\)/);
    expect(() => deepest(parseCallGraphs([graph(["setup", 8, ["__indirect_call"]])]), "setup")).toThrow(/indirect call/);
    expect(() => deepest(parseCallGraphs([graph(["setup", 8, ["a"]], ["a", 32, [], "dynamic,bounded"])]), "setup")).toThrow(/dynamic,bounded frame/);
  });
});

describe.skipIf(!arm)("our code's stack on the application thread (ARM build)", () => {
  let entries: StackDepth[] = [];
  beforeAll(() => { entries = measureStack(); }, 120_000);

  it.each(Object.keys(ROOTS))("%s: bounded, and within the budget", (root) => {
    const e = entries.find((x) => x.root === root)!;
    expect(e.bytes).toBeGreaterThan(0);
    expect(e.bytes).toBeLessThanOrEqual(OWN_STACK_BUDGET);
  });

  it("setup()'s deepest chain runs through the program into the report line", () => {
    const setup = entries.find((x) => x.root === "setup()")!;
    expect(setup.chain.join(" → ")).toMatch(/netreset_boot.*netreset_report\(/);
    expect(setup.external).toContain("void HAL_EEPROM_Get(uint32_t, void*, size_t)");
  });
});
