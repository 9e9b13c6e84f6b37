// The figures npm run size:install prints (packages and bytes of an install)
// and the licences scripts/bundle-cli.ts collects, on made-up folders.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { installFigures, installedPackages, INSTALL_GOALS } from "../scripts/lib/install-size.ts";
import { bundledPackages, formatLicenses, packageDirOf } from "../scripts/lib/third-party-licenses.ts";
import { scratchDir } from "./cli-harness.ts";

function pkg(dir: string, name: string, version: string, files: Record<string, string | number> = {}, extra: object = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version, ...extra }));
  for (const [f, content] of Object.entries(files)) writeFileSync(join(dir, f), typeof content === "number" ? Buffer.alloc(content) : content);
}

describe("install figures", () => {
  it("counts every package, scoped and nested ones too, each once, and the bytes of the whole folder", () => {
    const nm = join(scratchDir("install-size-"), "node_modules");
    pkg(join(nm, "usb"), "usb", "2.18.0", { "big.node": 1_000_000 });
    pkg(join(nm, "@serialport/bindings-cpp"), "@serialport/bindings-cpp", "13.0.0", { "b.node": 500_000 });
    pkg(join(nm, "@serialport/bindings-cpp/node_modules/@serialport/parser-readline"), "@serialport/parser-readline", "12.0.0", { "x.js": 1000 });
    mkdirSync(join(nm, ".bin"));
    mkdirSync(join(nm, "not-a-package"));
    const packages = installedPackages(nm);
    expect(packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(["@serialport/bindings-cpp@13.0.0", "@serialport/parser-readline@12.0.0", "usb@2.18.0"]);
    // A package's own bytes leave out the packages nested in it.
    expect(packages.find((p) => p.name === "@serialport/bindings-cpp")!.bytes).toBeLessThan(501_000);
    const figures = installFigures(nm);
    expect(figures.bytes).toBeGreaterThan(1_501_000);
    expect(figures.problems).toEqual([]);
  });

  it("says which goal an install misses", () => {
    const nm = join(scratchDir("install-size-"), "node_modules");
    pkg(join(nm, "huge"), "huge", "1.0.0", { "a.bin": INSTALL_GOALS.maxBytes + 1 });
    for (let i = 0; i < INSTALL_GOALS.maxPackages; i++) pkg(join(nm, `p${i}`), `p${i}`, "1.0.0");
    expect(installFigures(nm).problems).toEqual([expect.stringMatching(/MB is over the goal of 15 MB/), "21 packages is over the goal of 20"]);
  });
});

describe("third-party licences", () => {
  it("finds the package of each bundled input, scoped and nested", () => {
    expect(packageDirOf("node_modules/commander/lib/command.js")).toBe("node_modules/commander");
    expect(packageDirOf("node_modules/@clack/prompts/dist/index.mjs")).toBe("node_modules/@clack/prompts");
    expect(packageDirOf("node_modules/a/node_modules/@s/b/x.js")).toBe("node_modules/a/node_modules/@s/b");
    expect(packageDirOf("cli/main.ts")).toBeNull();
  });

  it("writes each package once with its own licence text, and says when a package ships none", () => {
    const root = scratchDir("licences-");
    pkg(join(root, "node_modules/alpha"), "alpha", "1.0.0", { LICENSE: "MIT License\nCopyright alpha" }, { license: "MIT" });
    pkg(join(root, "node_modules/@s/beta"), "@s/beta", "2.0.0", {}, { license: "ISC" });
    const found = bundledPackages(["node_modules/alpha/a.js", "node_modules/alpha/b.js", "node_modules/@s/beta/i.js", "cli/run.ts"], root);
    expect(found.map((p) => p.name)).toEqual(["@s/beta", "alpha"]);
    const text = formatLicenses(found);
    expect(text).toContain("alpha 1.0.0 (MIT)");
    expect(text).toContain("MIT License\nCopyright alpha");
    expect(text).toContain("@s/beta 2.0.0 (ISC)");
    expect(text).toContain("(the package ships no licence file; its package.json says ISC)");
  });
});
