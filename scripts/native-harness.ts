// Builds the native harness — firmware/host's sources (the generated C
// included) plus the fake Device OS in host-shim/native/ — in two builds:
// x86, for this machine, and Cortex-M3 with the Photon's flags, newlib-nano
// and semihosting, run by QEMU's netduino2 (host-shim/native/launch.ts).
// Each build is cached by the hash of its inputs.
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { qemuHarness, QEMU, x86Harness, type HarnessBuild, type NativeHarness } from "../host-shim/native/launch.ts";
import { ARM, ARM_LINK_FLAGS, ARM_MISSING, cacheDir, compile, FAKE_DEVICE_OS, haveCompiler, hostHeaders, hostSources, NATIVE, run, type Toolchain } from "./toolchain.ts";

const ARM_HARNESS_DIR = join(FAKE_DEVICE_OS, "arm");
/** librdimon for semihosting (stdin/stdout through QEMU), our own start-up; newlib-nano comes with the flags. */
const ARM_LINK = ["--specs=rdimon.specs", ...ARM_LINK_FLAGS,
  "-T", join(ARM_HARNESS_DIR, "netduino2.ld")];

/** Compiles and links into a fresh cache directory; returns the output file. */
function buildCached(kind: string, tc: Toolchain, sources: string[], inputs: string[], output: string, linkArgs: string[]): string {
  const dir = cacheDir(kind, [...sources, ...inputs], { flags: tc.flags, linkArgs });
  const file = join(dir, output);
  if (existsSync(file)) return file;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const objects = compile(tc, sources, tmp);
  run(tc.cxx, [...tc.flags, ...objects, ...linkArgs, "-o", join(tmp, output)]);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return file;
}

const harnessSources = () => [...hostSources("wasm"), join(FAKE_DEVICE_OS, "fake_device_os.cpp")];

/** The x86 test binary. */
export function buildNativeHost(): string {
  return buildCached("native", NATIVE, harnessSources(), hostHeaders(), "photon-netreset-native", []);
}

/** The Cortex-M3 image for QEMU netduino2, with its own start-up and linker script. */
export function buildArmHarness(): string {
  const sources = [...harnessSources(), join(ARM_HARNESS_DIR, "startup.c")];
  return buildCached("qemu-netduino2", ARM, sources, [...hostHeaders(), join(ARM_HARNESS_DIR, "netduino2.ld")], "image.elf", ARM_LINK);
}

export const QEMU_MISSING = `${QEMU} is not installed: on Debian, \`apt-get install --no-install-recommends qemu-system-arm\` (.ci/run does this)`;

/** Why a build cannot be made or run here, or null when it can. */
export function harnessMissing(build: HarnessBuild): string | null {
  if (build === "x86") return haveCompiler(NATIVE) ? null : "gcc/g++ is not installed (Debian: apt-get install g++)";
  if (!haveCompiler(ARM)) return ARM_MISSING;
  if (spawnSync(QEMU, ["--version"]).status !== 0) return QEMU_MISSING;
  return null;
}

export const HARNESS_BUILDS: HarnessBuild[] = ["x86", "cortex-m3"];

export function buildHarness(build: HarnessBuild): NativeHarness {
  return build === "x86" ? x86Harness(buildNativeHost()) : qemuHarness(buildArmHarness());
}
