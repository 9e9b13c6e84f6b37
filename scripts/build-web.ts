// npm run build:web: the recovery page in web-dist/ (entry index.html).
// esbuild bundles web/main.ts with particle-usb's browser build (its
// "browser" field swaps node-usb for WebUSB) and the CLI's own flow; the demo
// (simulated Photon and the real wasm program) is a chunk loaded on demand.
// Release files in firmware/prebuilt/ (the release workflow) are copied to
// web-dist/firmware/, where the page finds and hash-checks them.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
import { ensureWasm } from "./build-wasm.ts";
import { ROOT } from "./lib/root.ts";
import { MANIFEST_FILE, PREBUILT_DIR, SUMS_FILE } from "../cli/prebuilt.ts";
import { FUNCTION } from "../model/user-part.ts";
import { RELEASE_DIR } from "../web/firmware-source.ts";
import { PAGE_CSP } from "../web/content-security-policy.ts";

export const WEB_DIST = join(ROOT, "web-dist");
const WASM = join(ROOT, "build/netreset.wasm");
const SCENARIOS = join(ROOT, "host-shim/scenarios");

/** Node modules shared files import but the page never calls; anything else Node-only fails the build. */
const STUBBED = new Map([["node:fs", "web/node-stubs.ts"], ["node:path", "web/node-stubs.ts"], ["node:url", "web/node-stubs.ts"],
  ["fs", "web/node-stubs.ts"], ["wabt", "web/wabt-stub.ts"]]);
// bounded-file.ts: scenario.ts reads files with it in loadScenario, which the page never calls (it uses parseScenario).
const STUB_IMPORTERS = [/host-shim\/(scenario|program)\.ts$/, /model\/bounded-file\.ts$/, /binary-version-reader\/lib\/HalModuleParser\.js$/];

export const browserOnly: Plugin = {
  name: "browser-only",
  setup(b) {
    b.onResolve({ filter: /^(node:.*|fs|wabt|path|crypto|zlib|stream|util|child_process|module)$/ }, (args) => {
      const stub = STUBBED.get(args.path);
      if (stub && STUB_IMPORTERS.some((r) => r.test(args.importer))) return { path: join(ROOT, stub) };
      return { errors: [{ text: `${args.path} (imported by ${relative(ROOT, args.importer)}) is Node-only: the web page cannot use it` }] };
    },
    );
  },
};

/** A user part that passes every check, standing in for the release .bin in the demo (the simulated Photon runs the real program). */
function demoBin(platformId: number): Buffer {
  const { firmwareTestHelper } = createRequire(import.meta.url)("binary-version-reader");
  return firmwareTestHelper.createFirmwareBinary({
    platformId, moduleFunction: FUNCTION.USER_PART, moduleIndex: 1, moduleVersion: 6,
    deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: 2302 }], moduleStartAddress: 0x080a0000, dataSize: 6000,
  }) as Buffer;
}

/** index.html with the page's CSP as its first meta tag after the charset (GitHub Pages sends no headers of ours), before anything it loads. */
export function withCspMeta(html: string): string {
  const charset = '<meta charset="utf-8">';
  if (!html.includes(charset)) throw new Error(`web/index.html has no ${charset}: the CSP meta tag goes right after it`);
  return html.replace(charset, `${charset}\n<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`);
}

/** The page's own files (index.html's script and what it imports statically), set by the last build. */
let upFront: string[] = [];

/** The output files `entry` loads before it runs: its static imports, transitively (dynamic imports come later). */
function staticClosure(meta: Metafile, entry: string): string[] {
  const outputs = new Map(Object.entries(meta.outputs).map(([path, o]) => [basename(path), o]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const i of outputs.get(name)?.imports ?? []) if (i.kind === "import-statement") visit(basename(i.path));
  };
  visit(entry);
  return [...seen];
}

/**
 * index.html says that a release is beside it (data-release): the page then
 * looks for its manifest, and without one asks no question that would 404.
 */
export function markRelease(site: string): void {
  const index = join(site, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replace('<html lang="en">', `<html lang="en" data-release="${RELEASE_DIR}">`));
}

/** gzip sizes in bytes: what loads before the page is usable, the device steps and the demo (loaded when needed), everything. */
export function pageSizes(site: string): { upFront: number; all: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, f.name);
      if (f.isDirectory()) walk(path);
      else files[relative(site, path)] = gzipSync(readFileSync(path), { level: 9 }).length;
    }
  };
  walk(site);
  const first = ["index.html", "style.css", ...upFront];
  const sum = (names: string[]) => names.reduce((n, f) => n + (files[f] ?? 0), 0);
  return { upFront: sum(first), all: sum(Object.keys(files)), files };
}

/** Builds the page into `outDir`, with the release files of `prebuiltDir` (when it has a manifest) in firmware/. */
export async function buildWeb(opts: { minify?: boolean; outDir?: string; prebuiltDir?: string } = {}): Promise<string> {
  const out = opts.outDir ?? WEB_DIST;
  await ensureWasm();
  rmSync(out, { recursive: true, force: true });
  const built = await build({
    absWorkingDir: ROOT,
    entryPoints: ["web/main.ts"],
    bundle: true, splitting: true, format: "esm", platform: "browser", target: ["chrome100"],
    // No source maps: they were most of web-dist, and the Pages job publishes all of it.
    outdir: out, minify: opts.minify ?? true, sourcemap: false, logLevel: "warning", metafile: true,
    inject: ["web/polyfills.ts"],
    plugins: [browserOnly],
  });
  writeFileSync(join(out, "index.html"), withCspMeta(readFileSync(join(ROOT, "web/index.html"), "utf8")));
  upFront = staticClosure(built.metafile, "main.js");
  copyFileSync(join(ROOT, "web/style.css"), join(out, "style.css"));

  const demo = join(out, "demo");
  mkdirSync(join(demo, "scenarios"), { recursive: true });
  copyFileSync(WASM, join(demo, "netreset.wasm"));
  const names = readdirSync(SCENARIOS).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  for (const n of names) copyFileSync(join(SCENARIOS, `${n}.json`), join(demo, "scenarios", `${n}.json`));
  writeFileSync(join(demo, "scenarios", "index.json"), JSON.stringify(names));
  writeFileSync(join(demo, "photon-netreset-photon-demo.bin"), demoBin(6));
  writeFileSync(join(demo, "photon-netreset-p1-demo.bin"), demoBin(8));

  const prebuilt = opts.prebuiltDir ?? join(ROOT, PREBUILT_DIR);
  if (existsSync(join(prebuilt, MANIFEST_FILE))) {
    const firmware = join(out, "firmware");
    mkdirSync(firmware);
    for (const f of readdirSync(prebuilt).filter((f) => f.endsWith(".bin") || f === SUMS_FILE || f === MANIFEST_FILE)) copyFileSync(join(prebuilt, f), join(firmware, f));
    markRelease(out);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildWeb({ minify: !process.argv.includes("--no-minify") });
  const sizes = pageSizes(WEB_DIST);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const js = Object.entries(sizes.files).filter(([f]) => f.endsWith(".js")).sort((a, b) => b[1] - a[1]);
  console.log(`web-dist/index.html written (${relative(process.cwd(), WEB_DIST) || "."})`);
  console.log(`The page's size, gzip: ${kb(sizes.upFront)} up front (index.html, style.css, ${upFront.join(", ")}); ${kb(sizes.all)} with everything loaded when needed:`);
  for (const [f, n] of js) console.log(`  ${f.padEnd(28)} ${kb(n).padStart(9)}${upFront.includes(f) ? "  (up front)" : ""}`);
}
