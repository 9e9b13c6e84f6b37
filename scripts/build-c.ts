// npm run build:c — translate build/netreset.wasm to C with wasm2c (npm wabt)
// into firmware/host/src/generated/, which is committed so that firmware/host
// builds without Node. The C goes to netreset.inc, not netreset.c: Device OS's
// build compiles every .c on its own, and this one must be compiled inside
// wasm_program.cpp, next to the functions it calls.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WASM_PATH } from "../host-shim/program.ts";
import { ensureWasm } from "./build-wasm.ts";
import { ROOT } from "./lib/root.ts";

export const GENERATED_DIR = "firmware/host/src/generated";
/** wasm2c's module name: the prefix of every generated symbol (w2c_netreset_boot ...). */
export const MODULE_NAME = "netreset";

export function wasm2c(wasmFile: string, outDir: string): void {
  const tool = resolve(createRequire(import.meta.url).resolve("wabt/package.json"), "..", "bin", "wasm2c");
  mkdirSync(outDir, { recursive: true });
  const r = spawnSync(process.execPath, [tool, wasmFile, "--module-name", MODULE_NAME, "--no-debug-names",
    "-o", join(outDir, `${MODULE_NAME}.inc`)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wasm2c failed (exit ${r.status}): ${r.stderr}`);
}

export async function buildC(): Promise<string> {
  await ensureWasm();
  const outDir = join(ROOT, GENERATED_DIR);
  wasm2c(join(ROOT, WASM_PATH), outDir);
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildC().then(
    (dir) => console.log(`wrote ${dir.slice(ROOT.length + 1)}/${MODULE_NAME}.inc and ${MODULE_NAME}.h`),
    (e: Error) => { console.error(e.message); process.exit(1); },
  );
}
