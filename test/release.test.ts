// npm run release:check / release:prepare, and what `npm pack` would publish.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNpm } from "../scripts/lib/npm-command.ts";
import { binName, PREBUILT_DIR, readManifest } from "../cli/prebuilt.ts";
import { checkRelease, prepareRelease } from "../scripts/release-files.ts";
import { ROOT } from "../scripts/lib/root.ts";
import { EXTERNAL, NATIVE, NO_LICENCE } from "../scripts/bundle-cli.ts";
import { dependencyClosure } from "../scripts/lib/install-size.ts";
import { userPart, VERSION } from "./cli-harness.ts";
import { program } from "./helpers.ts";

/** A user part the size of a real build (about 7 KiB). */
const bin = (over: Record<string, unknown> = {}) => userPart({ dataSize: 7000, ...over });
const DEP_1512 = [{ func: 4, index: 2, version: 1512 }];

function releaseRoot(bins: Record<string, Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "release-"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "photon-netreset", version: VERSION }));
  mkdirSync(join(root, PREBUILT_DIR), { recursive: true });
  mkdirSync(join(root, "firmware/host/src"), { recursive: true });
  cpSync(join(ROOT, "firmware/host/src/generated"), join(root, "firmware/host/src/generated"), { recursive: true });
  // "photon" is the 2.3.1 build, "photon-1.5.2" the 1.5.2 one (defaulted to a valid one when not given).
  const all = { "photon-1.5.2": bin({ deps: DEP_1512 }), "p1-1.5.2": bin({ platformId: 8, deps: DEP_1512 }), ...bins };
  for (const [key, bytes] of Object.entries(all)) {
    const [platform, deviceOs = "2.3.1"] = key.split("-");
    writeFileSync(join(root, PREBUILT_DIR, binName(platform as never, VERSION, deviceOs)), bytes);
  }
  return root;
}

describe("release files", () => {
  it("prepare writes sums and a manifest with the program's build id; check then passes", async () => {
    const root = releaseRoot({ photon: bin(), p1: bin({ platformId: 8 }) });
    expect(await prepareRelease(root)).toHaveLength(4);
    expect(readManifest(join(root, PREBUILT_DIR))).toEqual({ version: VERSION, buildId: `0x${program().buildId.toString(16).padStart(8, "0")}`, deviceOs: "2.3.1" });
    expect(await checkRelease(root)).toEqual([]);
  });

  it("fails loudly when a platform's .bin is missing", async () => {
    const root = releaseRoot({ photon: bin() });
    await prepareRelease(root);
    expect(await checkRelease(root)).toEqual([expect.stringMatching(/photon-netreset-p1-9\.9\.9-deviceos-2\.3\.1\.bin is MISSING/)]);
  });

  it("catches a .bin whose dependency is not the Device OS its name says (the CLI and the page pick it by name)", async () => {
    const root = releaseRoot({ photon: bin(), p1: bin({ platformId: 8 }), "photon-1.5.2": bin() }); // a 2.3.1 build under the 1.5.2 name
    await prepareRelease(root);
    expect(await checkRelease(root)).toEqual([expect.stringMatching(/photon-netreset-photon-9\.9\.9-deviceos-1\.5\.2\.bin: it depends on system module version 2302, not 1512/)]);
  });

  it("catches a .bin changed after the sums, a wrong platform, and one over the size budget", async () => {
    const root = releaseRoot({ photon: bin(), p1: bin({ platformId: 6 }) });
    await prepareRelease(root);
    writeFileSync(join(root, PREBUILT_DIR, binName("photon", VERSION, "2.3.1")), bin({ dataSize: 13_000 }));
    const problems = await checkRelease(root);
    expect(problems).toContainEqual(expect.stringMatching(/photon-netreset-photon-9\.9\.9-deviceos-2\.3\.1\.bin: SHA-256 does not match/));
    expect(problems).toContainEqual(expect.stringMatching(/photon-netreset-p1-9\.9\.9-deviceos-2\.3\.1\.bin: it is built for a photon, but the device is a p1/));
    expect(problems).toContainEqual(expect.stringMatching(/over photon-netreset's 12288-byte budget/));
  });

  // A plain checkout has no .bin (exit 1, MISSING); the release job runs the
  // tests after filling firmware/prebuilt/ (exit 0). Both must hold.
  it("npm run release:check exits 1 listing every problem, or 0 once the folder is releasable", async () => {
    const problems = await checkRelease(ROOT);
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/release-files.ts", "check"], { encoding: "utf8" });
    if (problems.length === 0) {
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/4 \.bin files, all checked/);
      return;
    }
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is NOT releasable/);
    for (const p of problems) expect(r.stderr).toContain(p);
    if (!readdirSync(join(ROOT, PREBUILT_DIR)).some((f) => f.endsWith(".bin"))) expect(r.stderr).toMatch(/MISSING/);
  });
});

describe("npm pack", () => {
  const files: string[] = JSON.parse(runNpm("npm", ["pack", "--dry-run", "--json", "--ignore-scripts=false"], {
    stdio: ["ignore", "pipe", "ignore"],
  }).stdout as string)[0].files.map((f: { path: string }) => f.path);

  it("holds the CLI, the prebuilt folder, the README and the licence", () => {
    expect(files).toEqual(expect.arrayContaining(["cli-dist/cli/run.js", "cli-dist/THIRD-PARTY-LICENSES",
      "firmware/prebuilt/README.md", "README.md", "LICENSE", "package.json"]));
  });

  it("the CLI is one file: every JavaScript dependency inside, only the native modules left as dependencies", () => {
    expect(files.filter((f) => /\.[cm]?js$/.test(f))).toEqual(["cli-dist/cli/run.js"]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...NATIVE, ...NO_LICENCE].sort());
    expect(EXTERNAL.filter((n) => !(n in pkg.dependencies))).toEqual(["wabt"]); // the build's only, as before
    // Names as the packages themselves spell them: the native ones with a native part (binding.gyp), the
    // others granting no licence to copy them into ours (so npm installs them from the registry).
    for (const name of Object.keys(pkg.dependencies)) {
      const meta = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8"));
      expect(meta.name).toBe(name);
      if (NATIVE.includes(name)) expect(existsSync(join(ROOT, "node_modules", name, "binding.gyp")), name).toBe(true);
      else expect([undefined, "UNLICENSED"], name).toContain(meta.license);
    }
    // particle-usb reaches USB through usb, the one native module it needs (its own package.json).
    expect(JSON.parse(readFileSync(join(ROOT, "node_modules/particle-usb/package.json"), "utf8")).dependencies).toHaveProperty("usb");
    const bundle = readFileSync(join(ROOT, "cli-dist/cli/run.js"), "utf8");
    for (const inside of ["SimulatedUsbPhoton=class", "Command=class", "function openNativeUsbDevice"]) expect(bundle).toContain(inside);
  });

  it("carries the licence of every package inside the CLI's one file, read from the package", () => {
    const text = readFileSync(join(ROOT, "cli-dist/THIRD-PARTY-LICENSES"), "utf8");
    for (const name of ["particle-usb", "commander", "@clack/prompts", "binary-version-reader", "protobufjs", "serialport", "@particle/device-os-protobuf"]) {
      const version = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
      expect(text).toContain(`\n${name} ${version} (`);
    }
    const commander = readFileSync(join(ROOT, "node_modules/commander/LICENSE"), "utf8").trim();
    expect(text).toContain(commander);
    // Outside the file: installed as dependencies, each with its own terms.
    for (const name of [...NATIVE, ...NO_LICENCE]) expect(text).not.toMatch(new RegExp(`^${name} \\d`, "m"));
  });

  it("holds no tests, no build output, no sources for the device, nothing of Device OS", () => {
    const unwanted = files.filter((f) => /^(test|build|dist|bench|host-shim\/native|firmware\/host|firmware\/program)\/|\.test\.|\.ts$|\.(elf|map|o)$/.test(f));
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => /spark_wiring|hal_dynalib|system_control|Particle\.h/.test(f))).toEqual([]);
  });

  it("carries what --simulate needs: the simulator, the built-in scenarios and the program", () => {
    // The simulator is inside cli-dist/cli/run.js (above); the scenarios and the program beside it.
    expect(files).toEqual(expect.arrayContaining(["cli-dist/cli/scenarios/forum-static-ip-external-antenna.json",
      "cli-dist/cli/scenarios/healthy.json", "cli-dist/cli/scenarios/owner-app-static-ip.json", "cli-dist/cli/netreset.wasm"]));
  });

  /**
   * The packed files alone, in a folder of their own, with a node_modules
   * holding only the package's dependencies and theirs (linked from the
   * checkout's): what a developer left in dist/ or build/ is not there, as it
   * is not in the package, and a package the CLI's one file should carry
   * cannot be found outside it.
   */
  function packedCopy(): string {
    const dir = mkdtempSync(join(tmpdir(), "packed-"));
    for (const f of files) cpSync(join(ROOT, f), join(dir, f));
    for (const name of dependencyClosure(ROOT)) {
      mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name), "dir");
    }
    return dir;
  }
  const packed = packedCopy();
  const packedCli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(packed, "cli-dist/cli/run.js"), ...args], { encoding: "utf8", timeout: 60_000, cwd, env: { ...process.env, ...env } });

  it("its node_modules holds only the native dependencies and what they need", () => {
    const names = readdirSync(join(packed, "node_modules")).flatMap((n) => (n.startsWith("@") ? readdirSync(join(packed, "node_modules", n)).map((m) => `${n}/${m}`) : [n]));
    expect(names).toEqual(expect.arrayContaining(["usb", "@serialport/bindings-cpp"]));
    expect(names).not.toEqual(expect.arrayContaining(["particle-usb"]));
    expect(names.filter((n) => ["particle-usb", "commander", "protobufjs", "binary-version-reader", "serialport", "@clack/prompts", "tsx"].includes(n))).toEqual([]);
  });

  it("from the packed files: doctor, wifi and restore --simulate as a user runs them", () => {
    const cwd = mkdtempSync(join(tmpdir(), "packed-cwd-"));
    const doctor = packedCli(["doctor", "--simulate", "forum-static-ip-external-antenna", "--json"], cwd);
    expect(doctor.status, doctor.stderr).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, devices: [{ dct: { antenna: "external", ipSource: "static" } }] });
    const wifi = packedCli(["wifi", "--simulate", "healthy", "--ssid", "home", "--security", "wpa2", "--json"], cwd, { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" });
    expect(wifi.status, wifi.stderr).toBe(0);
    expect(JSON.parse(wifi.stdout)).toMatchObject({ ok: true, ssid: "home", cloud: true });
    expect(wifi.stdout + wifi.stderr).not.toContain("correct horse");
    const flash = packedCli(["flash", "--simulate", "owner-app-static-ip", "--no-wifi", "--json"], cwd);
    expect(flash.status, flash.stderr).toBe(0);
    const { path } = JSON.parse(flash.stdout).devices[0].backup;
    expect(existsSync(path)).toBe(true);
    const restore = packedCli(["restore", path, "--simulate", "owner-app-static-ip", "--json"], cwd);
    expect(restore.status, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout).restored).toMatchObject({ path, dct: { antenna: "external", ipSource: "static" } });
  });

  it("its bin runs the demo from the packed files alone: flash --simulate exits 0 with ok: true", () => {
    const dir = packed;
    const r = packedCli(["flash", "--simulate", "forum-static-ip-external-antenna", "--json", "--no-wifi"], dir);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ ok: true, devices: [{ result: "recovered", diagnosis: "ok", report: { before: { antenna: "external" }, after: { antenna: "internal" } } }] });
    // A package without a release .bin (a checkout's): the stand-in, and it
    // says so; in the release job (npm test after release:prepare) the bundled .bin.
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
    const bundled = files.includes(`${PREBUILT_DIR}/${binName("photon", version, "2.3.1")}`);
    expect(r.stderr).toMatch(bundled ? /Firmware: bundled photon-netreset-photon-.*SHA-256 checked/
      : /Firmware: a stand-in user part .* carrying .*cli-dist\/cli\/netreset\.wasm/);
  });

  it("its bin runs with nothing but its dependencies (no tsx)", () => {
    const r = spawnSync(process.execPath, ["cli-dist/cli/run.js", "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: photon-netreset \[options\] \[command\]/);
  });
});


