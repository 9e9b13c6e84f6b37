// npm run release:rehearse — the release workflow's own steps, read from
// .github/workflows/release.yml and run here in order, in temporary copies of
// this checkout: the firmware job names the .bin files (from `npm run build`'s
// dist/, or loudly announced stand-ins), the release job runs release:prepare,
// release:check and the tests, packs the package, installs the tarball in an
// empty folder and flashes a simulated Photon with it. Nothing is uploaded:
// it prints what `gh release create` and `npm publish` would upload.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ROOT } from "./lib/root.ts";
import { copyCheckout, describeCheckout } from "./lib/checkout-copy.ts";
import { installVerdict, SIMULATED_FLASH } from "./lib/install-check.ts";
import { runNpm } from "./lib/npm-command.ts";
import { binName } from "../cli/prebuilt.ts";
import { sha256Hex } from "../model/sha256.ts";
import { FIRMWARE_BUILDS } from "../model/device-os-versions.ts";
import { releaseBinNames } from "../model/release-names.ts";
import { releaseAssets, stepKind } from "./lib/rehearsal-steps.ts";
import { standInUserPart } from "./lib/stand-in-user-part.ts";
import { PLATFORM_IDS, type Platform } from "../model/user-part.ts";
import { expand, expandEnv } from "./lib/workflow-expressions.ts";
import { readWorkflow, stepLabel, type Job, type Step } from "./lib/workflow.ts";
import { ARM, haveCompiler } from "./toolchain.ts";

const HELP = `Usage: npm run release:rehearse -- [--bins DIR] [--skip-tests] [--skip-install-check] [--keep]

Runs release.yml's steps here, in order, uploading nothing.

  --bins DIR            where the compiled .bin files are (default: dist, as
                        npm run build writes them); with none there, valid
                        stand-in user parts are used, and said so
  --skip-tests          do not run npm test inside the rehearsal
  --skip-install-check  stop before installing the packed tarball and flashing
                        a simulated Photon with it
  --keep                keep the temporary folders

Exit codes: 0 every step passed; 1 a step failed (or was not proven); 2 bad arguments.`;

export interface RehearsalOptions { bins: string; skipTests: boolean; skipInstallCheck: boolean; keep: boolean }

class StepFailed extends Error {}

/** Runs one step; a failure names the step it happened in. */
async function inStep(where: string, run: () => void | Promise<void>): Promise<void> {
  say(where);
  try { await run(); } catch (e) {
    throw new StepFailed(`${where}: ${(e as Error).message}`);
  }
}

const say = (line = "") => console.log(line);
const LOUD = (text: string) => say(`\n${"!".repeat(78)}\n${text}\n${"!".repeat(78)}\n`);

/** A run: step as the ubuntu runner runs it (bash -eo pipefail). */
function shell(script: string, cwd: string, env: Record<string, string>): void {
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env: { ...process.env, ...env }, stdio: "inherit" });
  if (r.status !== 0) throw new StepFailed(`exited ${r.status ?? r.signal}`);
}

/** Paths a shell glob matches in a folder, as bash expands it. */
function glob(pattern: string, cwd: string): string[] {
  const r = spawnSync("bash", ["--noprofile", "--norc", "-c", `for f in ${pattern}; do [ -e "$f" ] && printf '%s\\n' "$f"; done; true`], { cwd, encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean);
}

/** One .bin per platform and build, keyed by its release name. */
type Firmware = { kind: "built" | "stand-in"; files: Record<string, string> };

/** The .bin files the compile steps would give: npm run build's, or stand-ins. */
function firmwareSource(binsDir: string, version: string, work: string): Firmware {
  const wanted = (Object.keys(PLATFORM_IDS) as Platform[]).flatMap((p) => FIRMWARE_BUILDS.map((b) => ({ p, b, name: binName(p, version, b.deviceOs) })));
  const present = wanted.filter((w) => existsSync(join(binsDir, w.name)));
  if (present.length === wanted.length) return { kind: "built", files: Object.fromEntries(wanted.map((w) => [w.name, join(binsDir, w.name)])) };
  if (present.length > 0) throw new StepFailed(`${binsDir} has ${present.map((w) => w.name).join(", ")} but not every platform's and build's .bin (${wanted.filter((w) => !present.includes(w)).map((w) => w.name).join(", ")} missing): build them all or none`);
  mkdirSync(join(work, "stand-ins"), { recursive: true });
  const files = Object.fromEntries(wanted.map(({ p, b, name }) => {
    const file = join(work, "stand-ins", name);
    writeFileSync(file, standInUserPart(p, b.systemModuleVersion));
    return [name, file];
  }));
  return { kind: "stand-in", files };
}

interface Context { root: string; work: string; tag: string; version: string; firmware: Firmware; artifacts: string; opts: RehearsalOptions }

async function firmwareJob(job: Job, platform: Platform, deviceOs: string, ctx: Context): Promise<void> {
  const ws = copyCheckout(ctx.root, join(ctx.work, `firmware-${platform}-${deviceOs}`));
  const values: Record<string, string> = { "matrix.platform": platform, "matrix.device-os": deviceOs };
  for (const [i, step] of job.steps.entries()) {
    await inStep(`[firmware ${platform} ${deviceOs} ${i + 1}/${job.steps.length}] ${expand(stepLabel(step), values)}`, () => firmwareStep(step, ws, platform, deviceOs, values, ctx));
  }
}

function firmwareStep(step: Step, ws: string, platform: Platform, deviceOs: string, values: Record<string, string>, ctx: Context): void {
  const kind = stepKind(step);
  if (kind === "checkout") say(`  copied the checkout to ${ws}`);
  else if (kind === "compile") {
    const asked = expand(String(step.with?.["particle-platform-name"]), values);
    if (asked !== platform) throw new StepFailed(`compiles for ${asked}, the matrix says ${platform}`);
    const askedOs = expand(String(step.with?.["device-os-version"]), values);
    if (askedOs !== deviceOs) throw new StepFailed(`compiles against Device OS ${askedOs}, the matrix says ${deviceOs}`);
    const build = FIRMWARE_BUILDS.find((b) => b.deviceOs === askedOs);
    if (!build) throw new StepFailed(`compiles against Device OS ${askedOs}, which is not a build in model/device-os-versions.ts (${FIRMWARE_BUILDS.map((b) => b.deviceOs).join(", ")})`);
    const source = ctx.firmware.files[binName(platform, ctx.version, build.deviceOs)];
    const target = join(ws, "target");
    mkdirSync(target, { recursive: true });
    const out = join(target, `${platform}-firmware.bin`);
    copyFileSync(source, out);
    // compile-action's outputs (test/fixtures/action-facts.json), set as it would.
    Object.assign(values, Object.fromEntries(Object.entries({
      "firmware-path": out, "target-path": target, "device-os-version": askedOs,
      "firmware-version": "", "firmware-version-updated": "false",
    }).map(([k, v]) => [`steps.${step.id}.outputs.${k}`, v])));
    say(`  not compiled here: ${ctx.firmware.kind === "built" ? "the .bin npm run build made" : "a STAND-IN user part"}, ${source}`);
  } else if (kind === "shell") shell(expand(step.run!, values), ws, { ...expandEnv(step.env, values), GITHUB_REF_NAME: ctx.tag });
  else if (kind === "upload") {
    const name = expand(String(step.with?.name), values);
    const files = glob(expand(String(step.with?.path), values), ws);
    if (files.length === 0 && step.with?.["if-no-files-found"] === "error") throw new StepFailed(`no files match ${String(step.with?.path)}`);
    mkdirSync(join(ctx.artifacts, name), { recursive: true });
    for (const f of files) copyFileSync(join(ws, f), join(ctx.artifacts, name, basename(f)));
    say(`  artifact ${name}: ${files.join(", ")}`);
  } else throw new StepFailed(`the rehearsal does not run a ${kind} step in the firmware job`);
}

function download(step: Step, ws: string, ctx: Context): void {
  const pattern = new RegExp(`^${String(step.with?.pattern ?? step.with?.name ?? "*").replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  const dest = join(ws, String(step.with?.path ?? "."));
  const merge = String(step.with?.["merge-multiple"]) === "true";
  for (const name of readdirSync(ctx.artifacts).filter((n) => pattern.test(n)).sort()) {
    const into = merge ? dest : join(dest, name);
    mkdirSync(into, { recursive: true });
    for (const f of readdirSync(join(ctx.artifacts, name))) copyFileSync(join(ctx.artifacts, name, f), join(into, f));
    say(`  artifact ${name} -> ${String(step.with?.path)}${merge ? "" : `/${name}`}: ${readdirSync(join(ctx.artifacts, name)).join(", ")}`);
  }
}

async function describeFile(ws: string, file: string): Promise<string> {
  const bytes = readFileSync(join(ws, file));
  return `${file}  ${bytes.length} bytes  sha256 ${await sha256Hex(bytes)}`;
}

/** npm pack: the tarball npm publish would upload (prepack builds cli-dist/ in both). */
function pack(ws: string, ctx: Context, publishLine: string): string {
  const r = runNpm("npm", ["pack", "--json", "--pack-destination", ctx.work], { cwd: ws, stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new StepFailed(`npm pack exited ${r.status}`);
  const [packed] = JSON.parse(String(r.stdout)) as { filename: string; size: number; files: { path: string; size: number }[] }[];
  const tarball = join(ctx.work, packed.filename);
  say(`  WOULD RUN (not run): ${publishLine}`);
  say(`  it would upload ${packed.filename} (${packed.size} bytes, ${packed.files.length} files):`);
  for (const f of packed.files) say(`    ${f.path}  ${f.size} bytes`);
  const needed = [...releaseBinNames(ctx.version).map((name) => `firmware/prebuilt/${name}`), "firmware/prebuilt/SHA256SUMS", "firmware/prebuilt/manifest.json", "cli-dist/cli/run.js"];
  const missing = needed.filter((f) => !packed.files.some((p) => p.path === f));
  if (missing.length) throw new StepFailed(`the package would not carry ${missing.join(", ")}`);
  return tarball;
}

function installCheck(tarball: string, ctx: Context): void {
  const dir = join(ctx.work, "install");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true }, null, 2)}\n`);
  say(`  npm install ${basename(tarball)} in an empty folder (${dir})`);
  const installed = runNpm("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
  if (installed.status !== 0) throw new StepFailed(`npm install of the tarball exited ${installed.status}`);
  say(`  npx --no photon-netreset ${SIMULATED_FLASH.join(" ")}`);
  const r = runNpm("npx", ["--no", "photon-netreset", ...SIMULATED_FLASH], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const verdict = installVerdict({ status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) });
  if (!verdict.ok) throw new StepFailed(verdict.message);
  say(`  ${verdict.message}`);
}

async function releaseJob(job: Job, ctx: Context): Promise<void> {
  const ws = copyCheckout(ctx.root, join(ctx.work, "release"), { withNodeModules: true });
  const values: Record<string, string> = {};
  for (const [i, step] of job.steps.entries()) {
    await inStep(`[release ${i + 1}/${job.steps.length}] ${stepLabel(step)}`, () => releaseStep(step, ws, values, ctx));
  }
}

async function releaseStep(step: Step, ws: string, values: Record<string, string>, ctx: Context): Promise<void> {
  const kind = stepKind(step);
  if (kind === "checkout") say(`  copied the checkout to ${ws}`);
  else if (kind === "setup-node") {
    const wanted = String(step.with?.["node-version"]);
    const running = process.versions.node.split(".")[0];
    if (running !== wanted) throw new StepFailed(`the workflow sets up Node ${wanted}, this rehearsal runs on Node ${process.versions.node}`);
    say(`  Node ${process.versions.node} here (the workflow sets up Node ${wanted})`);
  } else if (kind === "install-arm") say(`  not installed here: arm-none-eabi-gcc is ${haveCompiler(ARM) ? "present" : "ABSENT, so the cross build tests skip"}`);
  else if (kind === "npm-ci") say("  not repeated: the copy links this checkout's node_modules");
  else if (kind === "download") download(step, ws, ctx);
  else if (kind === "tests") {
    if (ctx.opts.skipTests) say("  SKIPPED (--skip-tests)");
    else shell(step.run!, ws, { GITHUB_REF_NAME: ctx.tag, PHOTON_NETRESET_REHEARSAL: "1" });
  } else if (kind === "gh-release") {
    const files = releaseAssets(step.run!).flatMap((a) => glob(a, ws));
    say(`  WOULD RUN (not run): gh release create ${ctx.tag} ${files.join(" ")} ...`);
    say("  it would attach:");
    for (const f of files) say(`    ${await describeFile(ws, f)}`);
  } else if (kind === "npm-publish") {
    const tarball = pack(ws, ctx, expand(step.run!.trim(), values));
    if (ctx.opts.skipInstallCheck) say("  install check SKIPPED (--skip-install-check): the packed CLI was not installed and run");
    else installCheck(tarball, ctx);
  } else if (kind === "shell") shell(expand(step.run!, values), ws, { ...expandEnv(step.env, values), GITHUB_REF_NAME: ctx.tag });
  else throw new StepFailed(`the rehearsal does not run a ${kind} step in the release job`);
}

/** The whole rehearsal; returns the exit code. */
export async function rehearse(root: string, opts: RehearsalOptions): Promise<number> {
  const workflow = readWorkflow(root, "release.yml");
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
  const work = mkdtempSync(join(tmpdir(), "photon-netreset-rehearsal-"));
  let failed = true;
  try {
    const firmware = firmwareSource(resolve(root, opts.bins), version, work);
    const ctx: Context = { root, work, tag: `v${version}`, version, firmware, artifacts: join(work, "artifacts"), opts };
    say(`Rehearsing release.yml for tag ${ctx.tag} at ${describeCheckout(root)}, in ${work}`);
    if (firmware.kind === "stand-in") {
      LOUD(`NO .bin FILES IN ${opts.bins}/ (npm run build makes them; it needs a toolchain).
The rehearsal uses STAND-IN user parts: valid modules in binary-version-reader's
format that pass release:check's checks but hold NO PROGRAM. This proves the
release steps, not the firmware.`);
    }
    const matrix = workflow.jobs.firmware.strategy?.matrix;
    const platforms = matrix?.platform as Platform[];
    const builds = (matrix?.["device-os"] as unknown[] | undefined)?.map(String) ?? [];
    for (const platform of platforms) for (const deviceOs of builds) await firmwareJob(workflow.jobs.firmware, platform, deviceOs, ctx);
    await releaseJob(workflow.jobs.release, ctx);
    failed = false;
    const skipped = [opts.skipTests && "npm test", opts.skipInstallCheck && "the packed-install check"].filter(Boolean);
    say(`\nRehearsal passed${firmware.kind === "stand-in" ? " WITH STAND-IN .bin FILES" : ""}${skipped.length ? `; SKIPPED: ${skipped.join(", ")}` : ""}. Nothing was uploaded.`);
    return 0;
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
    LOUD(`REHEARSAL FAILED: ${e.message}`);
    return 1;
  } finally {
    if (opts.keep || failed) say(`(temporary folders kept in ${work})`);
    else rmSync(work, { recursive: true, force: true });
  }
}

const parseOptions = () => parseArgs({ options: {
  bins: { type: "string", default: "dist" }, "skip-tests": { type: "boolean" }, "skip-install-check": { type: "boolean" },
  keep: { type: "boolean" }, help: { type: "boolean", short: "h" },
} }).values;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions();
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (values.help) { say(HELP); process.exit(0); }
  process.exitCode = await rehearse(ROOT, { bins: values.bins!, skipTests: !!values["skip-tests"], skipInstallCheck: !!values["skip-install-check"], keep: !!values.keep });
}
