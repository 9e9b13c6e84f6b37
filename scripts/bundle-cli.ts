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

/**
 * Loaded at run time from the installed package's node_modules: the native
 * modules (particle-usb needs usb; serialport's native part is
 * @serialport/bindings-cpp), and wabt, which only the build uses (never
 * installed with the package, as before).
 */
export const EXTERNAL = ["usb", "@serialport/bindings-cpp", "wabt"];

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
