// npm run release:rehearse: release.yml's steps, mapped and run here. The run
// below skips the inner `npm test` (it would run this file again) and the
// packed-install check (it needs the registry, and `flash --simulate`).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { expect, it } from "./web/concurrent.ts";
import { ROOT } from "../scripts/lib/root.ts";
import { copyCheckout } from "../scripts/lib/checkout-copy.ts";
import { installVerdict } from "../scripts/lib/install-check.ts";
import { binName } from "../cli/prebuilt.ts";
import { standInUserPart } from "../scripts/lib/stand-in-user-part.ts";
import { releaseAssets, stepKind } from "../scripts/lib/rehearsal-steps.ts";
import { expand } from "../scripts/lib/workflow-expressions.ts";
import { readWorkflow } from "../scripts/lib/workflow.ts";

const release = readWorkflow(ROOT, "release.yml");
const FAST = ["--skip-tests", "--skip-install-check"];

/**
 * Runs the rehearsal, then removes the folders it keeps after a failure. Asynchronous: it
 * takes up to a minute on a busy machine, and a worker blocked that long misses vitest's
 * own 60 s reply deadline ("Timeout calling onTaskUpdate"), failing the run.
 */
function rehearse(root: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/release-rehearse.ts"), ...args], { cwd: root, timeout: 120_000 });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => { stdout += d; });
  child.stderr.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      const kept = /temporary folders kept in (\S+)\)/.exec(stdout);
      if (kept) rmSync(kept[1], { recursive: true, force: true });
      resolve({ status, stdout, stderr });
    });
  });
}

describe("the rehearsal's plan", () => {
  it("knows every step of release.yml, in the workflow's order", () => {
    expect(release.jobs.firmware.steps.map(stepKind)).toEqual(["checkout", "compile", "shell", "upload"]);
    expect(release.jobs.release.steps.map(stepKind)).toEqual(
      ["checkout", "setup-node", "shell", "install-arm", "npm-ci", "download", "shell", "tests", "gh-release", "npm-publish"]);
  });

  it("refuses an action it does not know, so the workflow cannot drift from it", () => {
    expect(() => stepKind({ uses: "someone/deploy@v1.0.0" })).toThrow(/does not know/);
  });

  it("reads the files gh release create attaches", () => {
    const gh = release.jobs.release.steps.find((s) => stepKind(s) === "gh-release")!;
    expect(releaseAssets(gh.run!)).toEqual(["firmware/prebuilt/*.bin", "firmware/prebuilt/SHA256SUMS"]);
  });

  it("would have stopped at compile-action's missing firmware-binary output", () => {
    const outputs = { "steps.compile.outputs.firmware-path": "/x.bin", "steps.compile.outputs.target-path": "/" };
    expect(expand("${{ steps.compile.outputs.firmware-path }}", outputs)).toBe("/x.bin");
    expect(() => expand("${{ steps.compile.outputs.firmware-binary }}", outputs))
      .toThrow(/step "compile" sets no output "firmware-binary" \(it sets firmware-path, target-path\)/);
    expect(() => expand("${{ github.event.nope }}", outputs)).toThrow(/no value/);
  });
});

describe("the packed-install verdict", () => {
  it("says plainly when the packed CLI has no --simulate yet", () => {
    const v = installVerdict({ status: 2, stdout: "", stderr: "Unknown option '--simulate'. To specify a positional argument..." });
    expect(v).toEqual({ ok: false, pending: true, message: expect.stringMatching(/^the packed CLI has no --simulate yet/) });
  });

  it("passes only on exit 0 with every device recovered", () => {
    const recovered = JSON.stringify({ ok: true, devices: [{ result: "recovered" }] });
    expect(installVerdict({ status: 0, stdout: recovered, stderr: "" }).ok).toBe(true);
    expect(installVerdict({ status: 0, stdout: JSON.stringify({ ok: true, devices: [] }), stderr: "" }).ok).toBe(false);
    expect(installVerdict({ status: 1, stdout: JSON.stringify({ ok: false, devices: [{ result: "failed" }] }), stderr: "" }))
      .toEqual({ ok: false, pending: false, message: expect.stringMatching(/exited 1/) });
  });
});

// The rehearsal runs release.yml's run: steps with bash, as the ubuntu runner does.
const noBash = process.platform === "win32";
if (noBash) console.warn("skipping the release rehearsal runs: they run release.yml's steps with bash, as its ubuntu runner does");

// Each rehearsal works in temporary copies of its own: they run at once (each mostly waits on npm and git).
describe.skipIf(noBash)("npm run release:rehearse", { concurrent: true }, () => {
  it("names, sums, checks and packs stand-in .bin files, says so loudly, and uploads nothing", async () => {
    const noBins = mkdtempSync(join(tmpdir(), "no-bins-"));
    const r = await rehearse(ROOT, [...FAST, "--bins", noBins]);
    rmSync(noBins, { recursive: true });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(r.stdout).toMatch(/STAND-IN user parts/);
    expect(r.stdout).toMatch(/firmware\/prebuilt: 4 \.bin files, all checked/);
    // Every platform and every build, each compiled against its Device OS (compile-action's device-os-version input).
    for (const p of ["photon", "p1"]) for (const dos of ["2.3.1", "1.5.2"]) {
      expect(r.stdout).toMatch(new RegExp(`\\[firmware ${p} ${dos.replace(/\./g, "\\.")} 2/4\\] Compile firmware/host for the ${p} against Device OS ${dos.replace(/\./g, "\\.")}`));
    }
    expect(r.stdout).toMatch(new RegExp(`WOULD RUN \\(not run\\): gh release create v${version} ${["p1", "photon"].flatMap((p) => ["1.5.2", "2.3.1"].map((d) => `firmware/prebuilt/photon-netreset-${p}-${version}-deviceos-${d}\\.bin`)).join(" ").replace(/\.(?=\d)/g, "\\.")} firmware/prebuilt/SHA256SUMS`));
    expect(r.stdout).toMatch(/WOULD RUN \(not run\): npm publish --provenance --access public/);
    expect(r.stdout).toMatch(new RegExp(`firmware/prebuilt/photon-netreset-photon-${version}-deviceos-1\\.5\\.2\\.bin  \\d+ bytes`));
    expect(r.stdout).toMatch(/Rehearsal passed WITH STAND-IN \.bin FILES; SKIPPED: npm test, the packed-install check\. Nothing was uploaded\./);
  });

  it("uses npm run build's .bin files when every platform has one, and refuses a partial set", async () => {
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    const dist = mkdtempSync(join(tmpdir(), "bins-"));
    writeFileSync(join(dist, binName("photon", version, "2.3.1")), standInUserPart("photon"));
    writeFileSync(join(dist, binName("p1", version, "2.3.1")), standInUserPart("p1"));
    writeFileSync(join(dist, binName("photon", version, "1.5.2")), standInUserPart("photon", 1512));
    const partial = await rehearse(ROOT, [...FAST, "--bins", dist]);
    expect(partial.status).toBe(1);
    expect(partial.stdout).toMatch(/REHEARSAL FAILED: .*has photon-netreset-photon-.*\.bin but not every platform's and build's \.bin \(photon-netreset-p1-.*-deviceos-1\.5\.2\.bin missing\)/);
    writeFileSync(join(dist, binName("p1", version, "1.5.2")), standInUserPart("p1", 1512));
    const full = await rehearse(ROOT, [...FAST, "--bins", dist]);
    rmSync(dist, { recursive: true });
    expect(full.status, full.stdout).toBe(0);
    expect(full.stdout).toMatch(/not compiled here: the \.bin npm run build made/);
    expect(full.stdout).not.toMatch(/STAND-IN/);
  });

  it("fails, naming the step, on a release.yml that reads an output compile-action does not set", async () => {
    const root = mkdtempSync(join(tmpdir(), "rehearse-broken-"));
    let r: Awaited<ReturnType<typeof rehearse>>;
    try {
      copyCheckout(ROOT, root, { withNodeModules: true });
      const file = join(root, ".github/workflows/release.yml");
      writeFileSync(file, readFileSync(file, "utf8").replace("outputs.firmware-path", "outputs.firmware-binary"));
      r = await rehearse(root, FAST);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/REHEARSAL FAILED: \[firmware photon 2\.3\.1 3\/4\] Name the \.bin after the release and the Device OS it needs: .*step "compile" sets no output "firmware-binary" \(it sets firmware-path,/);
  });
});
