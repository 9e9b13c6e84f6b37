// npm run build — a real user-part .bin of firmware/host for the Photon or P1:
// with a local Device OS tree and its own make, or with `--cloud` through
// particle-cli's `particle compile`. The result is validated before it is kept.
import { spawnSync } from "node:child_process";
import { copyFileSync, renameSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ROOT } from "./lib/root.ts";
import { findDeviceOs, findGccArmPath } from "./lib/device-os.ts";
import { deviceOsName, inspectUserPart, NotAModuleError, PLATFORM_IDS, releaseProblems, TARGET_DEVICE_OS, type Platform } from "../model/user-part.ts";
import { EXIT } from "../model/exit-codes.ts";

/** Exit code when no toolchain is installed (what to install is printed). */
export const EXIT_NO_TOOLCHAIN = 3;
const APPDIR = join(ROOT, "firmware", "host");
const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;

// No release with prebuilt firmware exists yet, so the way every Photon owner
// has is Particle's cloud compiler: a free account and particle-cli, no toolchain.
export const HOW_TO_GET_A_TOOLCHAIN = `No toolchain to build the firmware with here.
Easiest, for any Photon owner: build in Particle's cloud (a free Particle account, no toolchain):
  npm install -g particle-cli; particle login; npm run build -- --cloud
  then flash the result: npm run flash
Or build locally:
  - install Particle Workbench (it puts Device OS ${TARGET_DEVICE_OS.version} under ~/.particle/toolchains/deviceOS/ and
    its compiler under ~/.particle/toolchains/gcc-arm/), or
  - point DEVICE_OS_PATH at a Device OS ${TARGET_DEVICE_OS.version} checkout (git clone --recursive, tag v${TARGET_DEVICE_OS.version}) and
    install a compiler (GCC_ARM_PATH=/path/to/gcc-arm/bin/, or arm-none-eabi-gcc on PATH), plus
    make, xxd and crc32 (Debian: apt-get install make xxd libarchive-zip-perl).
To see the whole recovery without a device or a build: npm run flash -- --simulate forum-static-ip-external-antenna`;

const HELP = `Usage: npm run build -- [--platform photon|p1] [--cloud] [--out DIR]

Builds firmware/host into dist/photon-netreset-<platform>-${VERSION}.bin against
Device OS ${TARGET_DEVICE_OS.version} and checks it (platform, user part, CRC, size,
Device OS dependency).

  --platform  photon (default) or p1
  --cloud     compile with particle-cli (\`particle compile\`, needs \`particle login\`)
  --out       output folder (default: dist)

Local builds use DEVICE_OS_PATH, else the newest 2.3.x from Particle Workbench,
and GCC_ARM_PATH when set. Exit codes: 0 built and valid, 1 build or check
failed, 2 bad arguments, ${EXIT_NO_TOOLCHAIN} no toolchain (it says what to install).`;

/**
 * Device OS's makefiles read some variables from the environment with other
 * meanings (TEST=true, which test runners and CI set, builds a test app).
 * And npm puts node_modules/.bin first on PATH, where the npm package crc-32
 * has a `crc32` that prints decimal: make would stamp a wrong CRC into the
 * .bin with it instead of Debian's crc32.
 */
const DEVICE_OS_MAKE_VARIABLES = ["TEST", "APP", "APPLIBSV1", "APPLIBSV2", "USER_MAKEFILE", "MODULAR", "DEBUG_BUILD", "USE_SWD", "USE_SWD_JTAG"];

function makeEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of DEVICE_OS_MAKE_VARIABLES) delete env[name];
  env.PATH = (env.PATH ?? "").split(delimiter).filter((dir) => !/[\\/]node_modules[\\/]\.bin$/.test(dir)).join(delimiter);
  return env;
}

function localBuild(platform: Platform, outFile: string): { ok: true } | { ok: false; code: number; message: string } {
  const dos = findDeviceOs();
  if (dos === null) return { ok: false, code: EXIT_NO_TOOLCHAIN, message: HOW_TO_GET_A_TOOLCHAIN };
  if ("error" in dos) return { ok: false, code: EXIT.failed, message: dos.error };
  if (!dos.version.startsWith("2.3.")) {
    return { ok: false, code: EXIT.failed, message: `${dos.path} is Device OS ${dos.version}; photon-netreset targets ${TARGET_DEVICE_OS.version} (the Photon's LTS)` };
  }
  const gcc = findGccArmPath();
  const targetDir = join(ROOT, "build", "particle", platform);
  rmSync(targetDir, { recursive: true, force: true });
  const args = ["-C", join(dos.path, "main"), "all", `PLATFORM=${platform}`, `APPDIR=${APPDIR}`,
    `TARGET_DIR=${targetDir}`, "TARGET_FILE=photon-netreset", ...(gcc ? [`GCC_ARM_PATH=${gcc}`] : [])];
  console.error(`building with Device OS ${dos.version} from ${dos.path} (${dos.source})${gcc ? `, compiler ${gcc}` : ""}`);
  const make = spawnSync("make", args, { stdio: ["ignore", "inherit", "inherit"], env: makeEnvironment() });
  if (make.error) return { ok: false, code: EXIT_NO_TOOLCHAIN, message: `make: ${make.error.message}\n\n${HOW_TO_GET_A_TOOLCHAIN}` };
  const bin = join(targetDir, "photon-netreset.bin");
  if (make.status !== 0 || !existsSync(bin)) return { ok: false, code: EXIT.failed, message: `Device OS's make failed (exit ${make.status})` };
  copyFileSync(bin, outFile);
  return { ok: true };
}

function cloudBuild(platform: Platform, outFile: string): { ok: true } | { ok: false; code: number; message: string } {
  const r = spawnSync("particle", ["compile", platform, APPDIR, "--target", TARGET_DEVICE_OS.version, "--saveTo", outFile], { stdio: "inherit" });
  if (r.error) return { ok: false, code: EXIT_NO_TOOLCHAIN, message: `particle-cli is not installed (npm install -g particle-cli, then particle login)` };
  if (r.status !== 0 || !existsSync(outFile)) return { ok: false, code: EXIT.failed, message: `particle compile failed (exit ${r.status}); are you logged in (particle login)?` };
  return { ok: true };
}

/** Checks a built .bin; prints what it found. Returns the problems. */
export async function validateBuild(file: string, platform: Platform): Promise<string[]> {
  try {
    const info = await inspectUserPart(readFileSync(file));
    const problems = releaseProblems(info, platform);
    if (problems.length === 0) {
      console.log(`${file}: ${info.bytes} bytes, ${info.platform} user part (module ${info.moduleIndex} v${info.moduleVersion}), CRC ok, needs ${deviceOsName(info.systemVersion)}`);
    }
    return problems;
  } catch (e) {
    if (e instanceof NotAModuleError) return [e.message];
    throw e;
  }
}

const parseOptions = (argv: string[]) => parseArgs({ args: argv, options: {
  platform: { type: "string", default: "photon" }, cloud: { type: "boolean" },
  out: { type: "string", default: "dist" }, help: { type: "boolean", short: "h" },
} }).values;

async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) { console.log(HELP); return EXIT.ok; }
  const platform = values.platform as Platform;
  if (!(platform in PLATFORM_IDS)) { console.error(`--platform must be photon or p1, not ${values.platform}`); return EXIT.usage; }
  const outDir = resolve(values.out!);
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `photon-netreset-${platform}-${VERSION}.bin`);
  // Built and checked under another name first: a failed build leaves nothing
  // half-done, and an earlier good .bin where it was.
  const partial = `${outFile}.partial`;
  rmSync(partial, { force: true });
  const built = values.cloud ? cloudBuild(platform, partial) : localBuild(platform, partial);
  if (!built.ok) { rmSync(partial, { force: true }); console.error(built.message); return built.code; }
  const problems = await validateBuild(partial, platform);
  if (problems.length) {
    rmSync(partial, { force: true });
    console.error(`The build is not fit to flash, so it was removed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return EXIT.failed;
  }
  renameSync(partial, outFile);
  return EXIT.ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((c) => { process.exitCode = c; }, (e: Error) => { console.error(e.message); process.exitCode = EXIT.failed; });
}
