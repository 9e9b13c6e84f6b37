// Compiling firmware/host's sources outside Device OS: natively with the
// machine's gcc/g++ (for the differential test) and for the Photon's CPU with
// Debian's arm-none-eabi-gcc (cross build and size), both against the fake
// Device OS header in host-shim/native/.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { ROOT } from "./lib/root.ts";

export const HOST_SRC = join(ROOT, "firmware/host/src");
export const FAKE_DEVICE_OS = join(ROOT, "host-shim/native");
export const REFERENCE_SRC = join(ROOT, "bench/reference");

/** Every .c/.cpp below a folder, as Device OS's user build collects them. */
export function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(c|cpp)$/.test(f)).sort().map((f) => join(dir, f));
}

/** The host's sources for one route: WebAssembly (the product) or the C++ reference. */
export function hostSources(route: "wasm" | "reference"): string[] {
  const all = sourcesUnder(HOST_SRC);
  if (route === "wasm") return all;
  // The reference replaces the program and what only the program needs.
  const wasmOnly = new Set(["wasm_program.cpp", "wasm_rt_trap.cpp"]);
  return [...all.filter((f) => !wasmOnly.has(basename(f))), ...sourcesUnder(REFERENCE_SRC)];
}

/** The headers the host's sources include: ours, the generated C, the fake Device OS. */
export function hostHeaders(): string[] {
  return [...readdirSync(HOST_SRC, { recursive: true, encoding: "utf8" }).filter((f) => /\.(h|inc)$/.test(f)).map((f) => join(HOST_SRC, f)),
    join(FAKE_DEVICE_OS, "Particle.h")];
}

export interface Toolchain {
  name: "native" | "arm";
  cc: string;
  cxx: string;
  flags: string[];
}

/** Warnings as errors everywhere, including Device OS's -Wundef. */
const WARNINGS = ["-Wall", "-Wextra", "-Wundef", "-Werror"];
const CXX_FLAGS = ["-std=gnu++14", "-fno-exceptions", "-fno-rtti", "-fno-use-cxa-atexit"];
const C_FLAGS = ["-std=gnu11"];

export const NATIVE: Toolchain = { name: "native", cc: "gcc", cxx: "g++", flags: ["-O1", "-g", ...WARNINGS] };
/**
 * Device OS 2.3.1's compiler flags for user code on the Photon, as its make
 * passes them: build/arm-tools.mk (-fcheck-new; fat LTO objects, linked
 * without LTO: COMPILE_LTO defaults to n, so LDFLAGS get -fno-lto; newlib-nano),
 * build/module-defaults.mk (sections, -fno-strict-aliasing) and
 * user/build.mk (-fno-builtin- of BUILTINS_EXCLUDE: malloc, free, realloc). Our warnings on top.
 */
export const ARM: Toolchain = {
  name: "arm", cc: "arm-none-eabi-gcc", cxx: "arm-none-eabi-g++",
  flags: ["-mcpu=cortex-m3", "-mthumb", "-Os", "--specs=nano.specs", "-ffunction-sections", "-fdata-sections",
    "-fno-strict-aliasing", "-fno-builtin-malloc", "-fno-builtin-free", "-fno-builtin-realloc",
    "-fcheck-new", "-flto", "-ffat-lto-objects", ...WARNINGS, "-Wno-switch"],
};
/** How Device OS links (build/arm-tools.mk): the fat objects' machine code, no LTO. */
export const ARM_LINK_FLAGS = ["-nostartfiles", "-Wl,--gc-sections", "-fno-lto"];

/** Both the C and the C++ compiler run (Windows runners may have neither). */
export function haveCompiler(tc: Toolchain): boolean {
  return [tc.cc, tc.cxx].every((cmd) => spawnSync(cmd, ["--version"]).status === 0);
}

export const ARM_MISSING = "arm-none-eabi-gcc is not installed: on Debian, `apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi` (.ci/run does this)";

export function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}\n${r.stderr}${r.stdout}`);
}

/** Compiles each source to an object in outDir; returns the objects in source order. */
export function compile(tc: Toolchain, sources: string[], outDir: string, extraIncludes: string[] = []): string[] {
  mkdirSync(outDir, { recursive: true });
  const includes = [FAKE_DEVICE_OS, HOST_SRC, ...extraIncludes].map((d) => `-I${d}`);
  return sources.map((src) => {
    const obj = join(outDir, relative(ROOT, src).replace(/[/\\]/g, "__") + ".o");
    const isC = src.endsWith(".c");
    run(isC ? tc.cc : tc.cxx, [...tc.flags, ...(isC ? C_FLAGS : CXX_FLAGS), ...includes, "-c", src, "-o", obj]);
    return obj;
  });
}

/** A directory named by the hash of the inputs, so unchanged inputs are not rebuilt. */
export function cacheDir(kind: string, inputs: string[], settings: unknown): string {
  const hash = createHash("sha256").update(JSON.stringify(settings));
  for (const f of [...inputs].sort()) hash.update(f).update(readFileSync(f));
  return join(ROOT, "build", kind, hash.digest("hex").slice(0, 16));
}
