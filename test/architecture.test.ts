// The tree is the architecture: firmware (program → host); model/ at the
// bottom, importing nothing of ours; the simulator (host-shim/) above it; the
// command (cli/) and the page (web/) above that; developer scripts on top.
// Every relative import of every TypeScript file is checked against that.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(new URL(import.meta.url).pathname), "..");
const LAYERS = ["model", "host-shim", "cli", "web", "scripts", "test"] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import (besides itself). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  model: [],
  "host-shim": ["model"],
  cli: ["model"], // the simulator only through cli/simulate.ts, loaded for --simulate alone
  web: ["model", "cli", "host-shim"],
  scripts: ["model", "host-shim", "cli", "web"],
  test: ["model", "host-shim", "cli", "web", "scripts"],
};
/** The one door from the command to the simulator (main.ts imports it dynamically). */
const SIMULATE_DOOR = "cli/simulate.ts";

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|mts)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : []);
}

function imports(file: string): { target: string; dynamic: boolean }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:from\s*|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => ({
    target: normalize(join(dirname(file), m[1])),
    dynamic: m[0].startsWith("import"),
  }));
}

const layerOf = (path: string) => LAYERS.find((l) => path === l || path.startsWith(`${l}/`)) ?? null;

describe("the layers", () => {
  const all = LAYERS.flatMap((l) => files(l));

  it.each(LAYERS)("%s imports only what it may", (layer) => {
    const wrong: string[] = [];
    for (const file of all.filter((f) => layerOf(f) === layer)) {
      for (const { target } of imports(file)) {
        const to = layerOf(target);
        if (!to || to === layer || MAY_IMPORT[layer].includes(to)) continue;
        if (file === SIMULATE_DOOR && to === "host-shim") continue;
        wrong.push(`${file} → ${relative(ROOT, join(ROOT, target))}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the command reaches the simulator only by a dynamic import of cli/simulate.ts", () => {
    const toDoor = all.flatMap((f) => imports(f).filter((i) => i.target === SIMULATE_DOOR).map((i) => ({ from: f, dynamic: i.dynamic })));
    expect(toDoor.filter((i) => layerOf(i.from) === "cli")).toEqual([{ from: "cli/main.ts", dynamic: true }]);
  });

  it("the check sees a wrong import (model importing the simulator)", () => {
    const fake = { file: "model/x.ts", target: "host-shim/simulated-photon.ts" };
    expect(MAY_IMPORT[layerOf(fake.file)!].includes(layerOf(fake.target)!)).toBe(false);
  });
});
