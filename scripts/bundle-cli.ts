// npm pack (prepack): the command as one file, cli-dist/cli/run.js, with its
// JavaScript dependencies inside (esbuild) and their licences beside it
// (cli-dist/THIRD-PARTY-LICENSES); only the native modules stay outside, as
// the package's dependencies. Beside it, what --simulate reads at run time:
// the program (netreset.wasm) and the built-in scenarios.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { ensureWasm } from "./build-wasm.ts";
import { ROOT } from "./lib/root.ts";
import { bundledPackages, formatLicenses } from "./lib/third-party-licenses.ts";

export const CLI_DIST = join(ROOT, "cli-dist");
export const BUNDLE = join(CLI_DIST, "cli", "run.js");
export const LICENSES = join(CLI_DIST, "THIRD-PARTY-LICENSES");

/** The native modules, loaded at run time from the installed package's node_modules: particle-usb needs usb; serialport's native part is @serialport/bindings-cpp. */
export const NATIVE = ["usb", "@serialport/bindings-cpp"];
/**
 * Packages that grant no licence (UNLICENSED, or none stated anywhere in the
 * package): not copied into the bundle, installed from npm as dependencies, as
 * before the bundle.
 */
export const NO_LICENCE = ["@particle/device-constants", "buffers"];
/** Everything left outside the bundle; wabt only the build uses (never installed with the package, as before). */
export const EXTERNAL = [...NATIVE, ...NO_LICENCE, "wabt"];

/** A package whose licence we could not pass on. */
const grantsNoLicence = (p: { license: string; text: string | null }) => /^(UNLICENSED|UNKNOWN)$/i.test(p.license) && p.text === null;

export async function bundleCli(): Promise<{ bytes: number; packages: number }> {
  await ensureWasm();
  rmSync(CLI_DIST, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(ROOT, "cli/run.ts")],
    absWorkingDir: ROOT,
    outfile: BUNDLE,
    bundle: true,
    platform: "node",
    // CommonJS, as most packages inside were written for: an ES module runs
    // them in strict mode, where binary-version-reader's updateModulePrefix
    // assigns a variable it never declared (ReferenceError).
    format: "cjs",
    target: "node22",
    external: EXTERNAL,
    define: { "import.meta.url": "__photonNetresetUrl" },
    banner: { js: 'const __photonNetresetUrl = require("node:url").pathToFileURL(__filename).href;' },
    legalComments: "none", // collected, whole, in THIRD-PARTY-LICENSES
    // Smaller to download; names kept, so a stack trace in a bug report still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: "warning",
  });
  const packages = bundledPackages(Object.keys(result.metafile.inputs), ROOT);
  const unlicensed = packages.filter(grantsNoLicence).map((p) => `${p.name} ${p.version}`);
  if (unlicensed.length) throw new Error(`the bundle would carry packages that grant no licence: ${unlicensed.join(", ")} (add them to NO_LICENCE and to the package's dependencies)`);
  writeFileSync(LICENSES, formatLicenses(packages));
  // The checkout's package.json says "type": "module": this file is CommonJS.
  writeFileSync(join(CLI_DIST, "cli", "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  copyFileSync(join(ROOT, "build", "netreset.wasm"), join(CLI_DIST, "cli", "netreset.wasm"));
  // host-shim/scenario.ts looks beside the running file for scenarios/.
  const scenarios = join(ROOT, "host-shim", "scenarios");
  mkdirSync(join(CLI_DIST, "cli", "scenarios"), { recursive: true });
  for (const f of readdirSync(scenarios).filter((n) => n.endsWith(".json"))) copyFileSync(join(scenarios, f), join(CLI_DIST, "cli", "scenarios", f));
  return { bytes: statSync(BUNDLE).size, packages: packages.length };
}

if (process.argv[1] && relative(process.argv[1], import.meta.filename ?? "") === "") {
  const { bytes, packages } = await bundleCli();
  console.error(`cli-dist: ${relative(ROOT, BUNDLE)} (${bytes} bytes, ${packages} packages inside, their licences in ${relative(ROOT, LICENSES)}), the program and the scenarios for --simulate`);
}
