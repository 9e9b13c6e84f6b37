// Small things an owner trips over, each said right: `help` with a mistyped
// command, a radio that was never scanned, the eeprom-stuck headline against
// its own table, restore's refusal worded for the owner's app, the restored
// app's changes said once each, and `npm run sim -- --help`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot, runCli, scratchDir } from "./cli-harness.ts";
import { runScript } from "./helpers.ts";

const ROOT = process.cwd();
const sim = (argv: string[]) => runCli(argv, [], ROOT, { cwd: scratchDir("photon-netreset-cwd-") });

describe("rough edges", () => {
  it("`help flsh` says the command is unknown, suggests flash, and exits 2 (with --json too)", async () => {
    const { root } = packageRoot();
    const r = await runCli(["help", "flsh"], [], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'flsh' \(did you mean flash\?\)/);
    expect(r.out).toBe("");
    const j = await runCli(["help", "flsh", "--json"], [], root);
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, exitCode: 2, error: expect.stringMatching(/unknown command 'flsh'/) });
    expect((await runCli(["help", "flash"], [], root)).code).toBe(0);
  });

  it("a damaged radio: the access points were not scanned, not “unknown seen”", async () => {
    const r = await sim(["flash", "--simulate", "damaged-radio", "--no-wifi"]);
    expect(r.out).toMatch(/access points +not scanned: the radio is off/);
    expect(`${r.out}${r.err}`).not.toMatch(/unknown seen/);
  });

  it("eeprom-stuck: the headline agrees with its table (the settings were reset; the marker is what does not stick)", async () => {
    const r = await sim(["flash", "--simulate", "eeprom-stuck", "--no-wifi"]);
    expect(r.out).toMatch(/antenna +\w+ +→ internal/);
    expect(r.out).toMatch(/IP source +\w+ +→ dynamic/);
    expect(r.out).toMatch(/^Settings reset, but the EEPROM does not keep the reset's marker\.$/m);
    expect(r.out).not.toMatch(/did not stick/);
  });

  it("restore refuses a file that is no module in words for the owner's app, not for one of our builds", async () => {
    const file = join(scratchDir("photon-netreset-app-"), "notes.bin");
    // Bytes binary-version-reader takes for a module prefix with broken extensions: no module header.
    let x = 1;
    writeFileSync(file, Buffer.from(Array.from({ length: 3000 }, () => { x = (x * 1103515245 + 12345) >>> 0; return x >>> 24; })));
    const r = await sim(["restore", file, "--simulate", "owner-app-static-ip"]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/a backup that `photon-netreset flash` saved has one/);
    expect(r.err).not.toMatch(/npm run build/);
  });

  it("what the restored app changed is said once each, without a stutter", async () => {
    const r = await sim(["flash", "--simulate", "owner-app-static-ip", "--no-wifi", "--restore"]);
    expect(r.out).toMatch(/It switched the Photon to a static IP again \(stored now: static IP \d+\.\d+\.\d+\.\d+\/\d+, gateway [\d.]+: unless your network is [\d.x]+, this Photon cannot get online\)\. In your application/);
    expect(r.out).toMatch(/It selected the external antenna again \(stored now: external antenna selected: without one fitted the Photon sees no network\)\. In your application/);
    expect(r.out).not.toMatch(/again: static IP|again: external antenna selected/i);
  });

  it("npm run sim -- --help points to docs/simulator.md, and --simulate works as --scenario does", () => {
    const help = runScript("scripts/sim.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/docs\/simulator\.md/);
    const r = runScript("scripts/sim.ts", ["--simulate", "healthy", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTruthy();
    expect(runScript("scripts/sim.ts", ["--simulate", "healthy", "--scenario", "only-5ghz"]).code).toBe(2);
  });

  it("npm run sim names its next step as an npm script of this checkout, on the same simulated Photon", () => {
    const r = runScript("scripts/sim.ts", ["--simulate", "forum-static-ip-external-antenna"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Next step: .*`npm run wifi -- --simulate forum-static-ip-external-antenna`/);
    expect(r.stdout).not.toMatch(/npx photon-netreset/);
    const none = runScript("scripts/sim.ts", ["--simulate", "only-5ghz"]);
    expect(none.stdout).toMatch(/`npm run rerun -- --simulate only-5ghz`/);
  });
});

describe("the README names the page's buttons as they are", () => {
  it("every quoted name in its page paragraph is a button or heading of web/index.html", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync("README.md", "utf8");
    const paragraph = readme.slice(readme.indexOf("**From a web page"), readme.indexOf("**From a terminal"));
    const names = [...paragraph.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThanOrEqual(4);
    const page = readFileSync("web/index.html", "utf8");
    const shown = [...page.matchAll(/<(button|h2)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2].replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim());
    for (const name of names) expect(shown.some((s) => s.includes(name)), `“${name}” is not on the page`).toBe(true);
  });
});
