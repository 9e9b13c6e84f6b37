// Every test file is in exactly one tier (vitest project), as vitest itself
// resolves them; a browser test is in the browser tier, where the page and
// Chromium are shared; test:fast runs the quick tiers.
import { spawnSync } from "node:child_process";
import { globSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/root.ts";
import { DEFAULT_TIER, TIERS } from "./tiers.ts";

/** Test files anywhere in the checkout, by any name vitest would run. */
const onDisk = globSync("**/*.{test,spec}.?(c|m)[jt]s?(x)", { cwd: ROOT, exclude: (f) => /(^|\/)(node_modules|\.git)$/.test(f) }).sort();

/** file → the tiers vitest puts it in. */
function tiersOf(): Map<string, string[]> {
  const r = spawnSync(process.execPath, [`${ROOT}/node_modules/vitest/vitest.mjs`, "list", "--filesOnly", "--json"], { cwd: ROOT, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const listed = new Map<string, string[]>();
  for (const { file, projectName } of JSON.parse(r.stdout) as { file: string; projectName: string }[]) {
    const f = relative(ROOT, file);
    listed.set(f, [...(listed.get(f) ?? []), projectName]);
  }
  return listed;
}

describe("test tiers", () => {
  const listed = tiersOf();

  it("puts every test file in exactly one tier", () => {
    expect(onDisk.length).toBeGreaterThan(40);
    const wrong = onDisk.filter((f) => listed.get(f)?.length !== 1).map((f) => `${f}: ${listed.get(f)?.join(", ") || "no tier"}`);
    expect(wrong).toEqual([]);
    expect([...listed.keys()].sort()).toEqual(onDisk);
    for (const tiers of listed.values()) expect(Object.keys(TIERS)).toContain(tiers[0]);
  });

  it("puts a file no tier names in the default tier", () => {
    expect(listed.get("test/architecture.test.ts")).toEqual([DEFAULT_TIER]);
    expect(listed.get("test/web-page.test.ts")).toEqual(["browser"]);
    expect(listed.get("test/native-host.test.ts")).toEqual(["native"]);
  });

  it("puts every file that opens the page in Chromium in the browser tier", () => {
    const usesBrowser = onDisk.filter((f) => /from "\.\/web\/browser\.ts"/.test(readFileSync(`${ROOT}/${f}`, "utf8")));
    expect(usesBrowser.length).toBeGreaterThanOrEqual(4);
    expect(usesBrowser.filter((f) => listed.get(f)?.[0] !== "browser"), "name these in the browser tier's patterns (test/tiers.ts)").toEqual([]);
  });

  it("npm run test:fast runs the quick tiers, and npm test all of them", () => {
    const scripts = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")).scripts;
    expect(scripts.test).toBe("vitest run");
    const quick = Object.entries(TIERS).filter(([, t]) => t.quick).map(([n]) => n);
    expect(scripts["test:fast"]).toBe(`vitest run ${quick.map((n) => `--project ${n}`).join(" ")}`);
  });
});
