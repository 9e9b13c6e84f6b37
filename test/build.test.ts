// npm run build: toolchain discovery, its errors, and (with a Device OS tree) a real .bin.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findDeviceOs, findGccArmPath } from "../scripts/lib/device-os.ts";
import { inspectUserPart, userPartProblems } from "../model/user-part.ts";
import { runScript } from "./helpers.ts";

function fakeTree(root: string, version: string): string {
  mkdirSync(join(root, "main"), { recursive: true });
  mkdirSync(join(root, "build"), { recursive: true });
  writeFileSync(join(root, "build", "version.mk"), `VERSION_STRING = ${version}\nVERSION = 2302\n`);
  return root;
}

describe("finding a toolchain", () => {
  it("takes DEVICE_OS_PATH first, and says when it is not a Device OS tree", () => {
    const tree = fakeTree(mkdtempSync(join(tmpdir(), "dos-")), "2.3.1");
    expect(findDeviceOs({ DEVICE_OS_PATH: tree }, "/nonexistent")).toEqual({ path: tree, version: "2.3.1", source: "DEVICE_OS_PATH" });
    expect(findDeviceOs({ DEVICE_OS_PATH: tmpdir() }, "/nonexistent")).toEqual({ error: expect.stringMatching(/is not a Device OS source tree/) });
  });

  it("else picks the newest 2.3.x Particle Workbench installed", () => {
    const home = mkdtempSync(join(tmpdir(), "home-"));
    for (const v of ["2.3.0", "2.3.1", "5.0.0", "2.3.10"]) fakeTree(join(home, ".particle/toolchains/deviceOS", v), v);
    expect(findDeviceOs({}, home)).toMatchObject({ version: "2.3.10", source: "Particle Workbench" });
    mkdirSync(join(home, ".particle/toolchains/gcc-arm/10.2.1/bin"), { recursive: true });
    expect(findGccArmPath({}, home)).toBe(join(home, ".particle/toolchains/gcc-arm/10.2.1/bin") + "/");
    expect(findGccArmPath({ GCC_ARM_PATH: "/opt/gcc/bin" }, home)).toBe("/opt/gcc/bin/");
  });

  it("finds nothing on a machine with neither", () => {
    expect(findDeviceOs({}, mkdtempSync(join(tmpdir(), "empty-")))).toBeNull();
  });
});

describe("npm run build", () => {
  const noToolchain = { HOME: mkdtempSync(join(tmpdir(), "home-")), DEVICE_OS_PATH: "", PATH: "/usr/bin:/bin" };

  it("with no toolchain says exactly what to install, exits 3, and leaves no .bin", () => {
    const out = mkdtempSync(join(tmpdir(), "dist-"));
    const r = runScript("scripts/build.ts", ["--out", out], noToolchain);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Particle Workbench/);
    expect(r.stderr).toMatch(/DEVICE_OS_PATH/);
    expect(r.stderr).toMatch(/particle-cli/);
    // No release exists yet: the cloud compiler is the way for every owner, not a prebuilt .bin.
    expect(r.stderr).toMatch(/Easiest, for any Photon owner: build in Particle's cloud[\s\S]*particle login; npm run build -- --cloud/);
    expect(r.stderr).not.toMatch(/uses the prebuilt firmware/);
    expect(existsSync(join(out, `photon-netreset-photon-${VERSION}.bin`))).toBe(false);
  });

  it("a failed build leaves an earlier good .bin where it was (and the tests never write to dist/)", () => {
    const out = mkdtempSync(join(tmpdir(), "dist-"));
    const earlier = join(out, `photon-netreset-photon-${VERSION}.bin`);
    writeFileSync(earlier, "an earlier build");
    const r = runScript("scripts/build.ts", ["--out", out], noToolchain);
    expect(r.code).toBe(3);
    expect(readFileSync(earlier, "utf8")).toBe("an earlier build");
    expect(readdirSync(out)).toEqual([`photon-netreset-photon-${VERSION}.bin`]);
  });

  it("--cloud without particle-cli says how to get it", () => {
    const r = runScript("scripts/build.ts", ["--cloud", "--out", mkdtempSync(join(tmpdir(), "dist-"))], noToolchain);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/npm install -g particle-cli/);
  });

  it("refuses an unknown platform with exit code 2", () => {
    const r = runScript("scripts/build.ts", ["--platform", "argon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--platform must be photon or p1/);
  });

  it("refuses a tree of another Device OS version", () => {
    const tree = fakeTree(mkdtempSync(join(tmpdir(), "dos-")), "5.5.0");
    const r = runScript("scripts/build.ts", ["--out", mkdtempSync(join(tmpdir(), "dist-"))], { ...noToolchain, DEVICE_OS_PATH: tree });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is Device OS 5\.5\.0; photon-netreset targets 2\.3\.1/);
  });
});

const VERSION = JSON.parse(readFileSync("package.json", "utf8")).version as string;
const deviceOs = process.env.DEVICE_OS_PATH;
if (!deviceOs) console.warn("skipping the real Device OS build: set DEVICE_OS_PATH to a Device OS 2.3.1 checkout (with submodules) to run it");

describe.skipIf(!deviceOs)("a real build against DEVICE_OS_PATH", () => {
  it.each(["photon", "p1"] as const)("produces a valid %s user part", (platform) => {
    const out = mkdtempSync(join(tmpdir(), "dist-"));
    const r = runScript("scripts/build.ts", ["--platform", platform, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const file = join(out, `photon-netreset-${platform}-${VERSION}.bin`);
    return inspectUserPart(readFileSync(file)).then((info) => {
      expect(userPartProblems(info, { platform })).toEqual([]);
      expect(info.systemVersion).toBeLessThanOrEqual(2302);
    });
  }, 900_000);
});
