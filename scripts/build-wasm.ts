// npm run build:wasm — compile the AssemblyScript program to build/netreset.wasm.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { computeBuildId } from "./build-id.ts";
import { ROOT } from "./lib/root.ts";
import { compileProgram, describeMemory, WASM_PATH } from "../host-shim/program.ts";
import { hex32 } from "../model/host-api.ts";

const wasmFile = resolve(ROOT, WASM_PATH);

export async function buildWasm(): Promise<{ buildId: number; bytes: number }> {
  const buildId = computeBuildId(ROOT);
  // asc runs as its own process: importing it through tsx would transpile the whole compiler.
  const ascCli = createRequire(import.meta.url).resolve("assemblyscript/bin/asc.js");
  // asc writes into a file of its own, renamed over the real one when whole: test files
  // running in parallel read build/netreset.wasm and must never see it half-written.
  const partial = `${wasmFile}.${process.pid}.partial`;
  const asc = spawnSync(process.execPath, [ascCli, "--config", "asconfig.json", "--target", "release",
    "--outFile", partial, "--use", `BUILD_ID_VALUE=${buildId}`], { cwd: ROOT, encoding: "utf8" });
  if (asc.status !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`asc failed (exit ${asc.status}):\n${asc.stderr}${asc.stdout}`);
  }
  const wasm = readFileSync(partial);
  // The device has no room for a 64 KiB page: refuse a build that needs one.
  const memory = await describeMemory(wasm);
  if (memory !== "none") {
    rmSync(partial, { force: true });
    throw new Error(`${WASM_PATH} must have no linear memory; it declares ${memory}`);
  }
  renameSync(partial, wasmFile);
  return { buildId, bytes: wasm.length };
}

/** Rebuild when the wasm is missing or was built from other sources. */
export async function ensureWasm(): Promise<void> {
  if (existsSync(wasmFile) && compileProgram(readFileSync(wasmFile)).buildId === computeBuildId(ROOT)) return;
  const { buildId, bytes } = await buildWasm();
  process.stderr.write(`built ${WASM_PATH} (${bytes} bytes, build id ${hex32(buildId)})\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildWasm().then(
    ({ buildId, bytes }) => console.log(`${WASM_PATH}: ${bytes} bytes, build id ${hex32(buildId)}, no linear memory`),
    (e: Error) => { console.error(e.message); process.exit(1); },
  );
}
