// The tree is the architecture: firmware (program → host); model/ at the
// bottom, importing nothing of ours; the simulator (host-shim/) above it; the
// one recovery workflow (recovery/) above the model; the command (cli/) and
// the page (web/) on top of that; developer scripts above all. Every import of
// every TypeScript file (static, type-only, dynamic, and `typeof import()`),
// read with TypeScript's own parser, is checked against that; an import whose
// path is computed is refused, since no check can follow it; and no file may
// reach itself through its imports.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(new URL(import.meta.url).pathname), "..");
const LAYERS = ["model", "host-shim", "recovery", "cli", "web", "scripts", "test"] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import (besides itself). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  model: [],
  "host-shim": ["model"],
  recovery: ["model"],
  cli: ["model", "recovery"], // the simulator only through cli/simulate.ts, loaded for --simulate alone
  web: ["model", "recovery", "host-shim"], // the simulator only for the demo (DEMO_FILES)
  scripts: ["model", "host-shim", "recovery", "cli", "web"],
  test: ["model", "host-shim", "recovery", "cli", "web", "scripts"],
};
/** The one door from the command to the simulator (main.ts imports it dynamically). */
const SIMULATE_DOOR = "cli/simulate.ts";
/** The page's demo: the only page files that reach the simulator (loaded only when the demo starts). */
const DEMO_FILES = ["web/demo.ts", "web/simulated-webusb.ts"];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|mts)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : []);
}

interface Import { target: string; dynamic: boolean }
interface Scan { imports: Import[]; computed: string[] }

/** Every module a file names: import/export declarations, import("…"), typeof import("…"), require("…"); and any whose name is computed. */
function scan(file: string, text = readFileSync(join(ROOT, file), "utf8")): Scan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { spec: string; dynamic: boolean }[] = [];
  const computed: string[] = [];
  const where = (n: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      found.push({ spec: n.moduleSpecifier.text, dynamic: false });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      found.push({ spec: n.argument.literal.text, dynamic: false });
    } else if (ts.isCallExpression(n)) {
      const isImport = n.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = (ts.isIdentifier(n.expression) && n.expression.text === "require")
        || (ts.isCallExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === "createRequire");
      if (isImport || isRequire) {
        const [arg] = n.arguments;
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) found.push({ spec: arg.text, dynamic: isImport });
        else computed.push(where(n));
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return {
    imports: found.filter((f) => f.spec.startsWith(".")).map((f) => ({ target: normalize(join(dirname(file), f.spec)), dynamic: f.dynamic })),
    computed,
  };
}

const layerOf = (path: string) => LAYERS.find((l) => path === l || path.startsWith(`${l}/`)) ?? null;

/** The import circles among `graph`'s files (Tarjan's strongly connected components of more than one file, or a file importing itself). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>(), out: string[][] = [];
  const connect = (v: string) => {
    idx.set(v, index); low.set(v, index++); stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { connect(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      for (let w = ""; w !== v;) { w = stack.pop()!; on.delete(w); component.push(w); }
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) connect(v);
  return out;
}

describe("the layers", () => {
  const all = LAYERS.flatMap((l) => files(l));
  const scans = new Map(all.map((f) => [f, scan(f)]));

  it.each(LAYERS)("%s imports only what it may", (layer) => {
    const wrong: string[] = [];
    for (const file of all.filter((f) => layerOf(f) === layer)) {
      for (const { target } of scans.get(file)!.imports) {
        const to = layerOf(target);
        if (!to || to === layer || MAY_IMPORT[layer].includes(to)) {
          if (layer === "web" && to === "host-shim" && !DEMO_FILES.includes(file)) wrong.push(`${file} → ${target} (the simulator is the demo's alone)`);
          continue;
        }
        if (file === SIMULATE_DOOR && to === "host-shim") continue;
        wrong.push(`${file} → ${relative(ROOT, join(ROOT, target))}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the page imports nothing from the command", () => {
    const fromWeb = all.filter((f) => layerOf(f) === "web").flatMap((f) => scans.get(f)!.imports.filter((i) => layerOf(i.target) === "cli").map((i) => `${f} → ${i.target}`));
    expect(fromWeb).toEqual([]);
  });

  it("the command reaches the simulator only by a dynamic import of cli/simulate.ts", () => {
    const toDoor = all.flatMap((f) => scans.get(f)!.imports.filter((i) => i.target === SIMULATE_DOOR).map((i) => ({ from: f, dynamic: i.dynamic })));
    expect(toDoor.filter((i) => layerOf(i.from) === "cli")).toEqual([{ from: "cli/main.ts", dynamic: true }]);
  });

  it("no import is computed (a path no check can follow)", () => {
    expect(all.filter((f) => layerOf(f) !== "test").flatMap((f) => scans.get(f)!.computed)).toEqual([]);
  });

  it("no import circle", () => {
    const graph = new Map(all.map((f) => [f, scans.get(f)!.imports.map((i) => i.target)]));
    expect(importCycles(graph)).toEqual([]);
  });

  it("the check sees a wrong import (model importing the simulator)", () => {
    const fake = { file: "model/x.ts", target: "host-shim/simulated-photon.ts" };
    expect(MAY_IMPORT[layerOf(fake.file)!].includes(layerOf(fake.target)!)).toBe(false);
  });

  it("the scan sees every kind of import, and a computed one", () => {
    const text = `import a from "./a.ts"; import type { B } from "./b.ts"; export { c } from "./c.ts";
      type D = typeof import("./d.ts"); const e = await import("./e.ts"); const f = "./f.ts"; await import(f);
      const g = createRequire(import.meta.url)(f);`;
    const s = scan("cli/x.ts", text);
    expect(s.imports.map((i) => i.target)).toEqual(["cli/a.ts", "cli/b.ts", "cli/c.ts", "cli/d.ts", "cli/e.ts"]);
    expect(s.imports.find((i) => i.target === "cli/e.ts")?.dynamic).toBe(true);
    expect(s.computed).toEqual(["cli/x.ts:2", "cli/x.ts:3"]);
  });

  it("the circle check finds a circle through type-only imports", () => {
    expect(importCycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
    expect(importCycles(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  });
});
