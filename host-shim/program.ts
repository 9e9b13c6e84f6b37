// Loading build/netreset.wasm and reading what it declares about itself.
import { readFileSync } from "node:fs";
import { SYSTEM_MODE, type NetresetExports } from "../model/host-api.ts";
import { instancesAreStateless } from "./stateless-module.ts";

export const WASM_PATH = "build/netreset.wasm";
/** The forum program's EEPROM magic at address 0, which the program keeps (netreset.ts MARKER_MAGIC). */
export const MARKER_MAGIC = 0x000c0ffe;

export interface Program {
  module: WebAssembly.Module;
  buildId: number;
  requiredSystemMode: number;
  /** Its instances hold no state (stateless-module.ts): one instance serves every boot. Absent: a fresh one each boot. */
  stateless?: boolean;
}

export function compileProgram(bytes: Uint8Array<ArrayBuffer>): Program {
  const module = new WebAssembly.Module(bytes);
  // Instantiate once with inert imports to read the exported constants.
  const stub = Object.fromEntries(WebAssembly.Module.imports(module).map((i) => [i.name, () => 0]));
  const exports = new WebAssembly.Instance(module, { photon: stub }).exports as unknown as NetresetExports;
  if (((exports.MARKER_MAGIC.value as number) >>> 0) !== MARKER_MAGIC) throw new Error("the program's MARKER_MAGIC is not the forum's 0x000c0ffe");
  return {
    module,
    buildId: (exports.BUILD_ID.value as number) >>> 0,
    requiredSystemMode: exports.REQUIRED_SYSTEM_MODE.value as number,
    stateless: instancesAreStateless(bytes, module),
  };
}

export function loadProgram(path = WASM_PATH): Program {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`${path} is missing: run \`npm run build:wasm\` first`);
  }
  return compileProgram(bytes);
}

export function assertSemiAutomatic(program: Program): void {
  if (program.requiredSystemMode !== SYSTEM_MODE.SEMI_AUTOMATIC) {
    throw new Error(`the program asks for system mode ${program.requiredSystemMode}; the host runs SEMI_AUTOMATIC (${SYSTEM_MODE.SEMI_AUTOMATIC}) only`);
  }
}

/** "none", or the memory declarations found (wabt reads the module). */
export async function describeMemory(bytes: Uint8Array): Promise<string> {
  // Loaded here only: the build needs wabt, the simulator (and the packed CLI's demo mode) does not.
  const { default: wabtInit } = await import("wabt");
  const wabt = await wabtInit();
  const text = wabt.readWasm(new Uint8Array(bytes), { readDebugNames: false }).toText({});
  const memories = text.match(/^\s*\((?:import "[^"]*" "[^"]*" \()?memory\b.*$/gm);
  return memories ? memories.map((m) => m.trim()).join(", ") : "none";
}
