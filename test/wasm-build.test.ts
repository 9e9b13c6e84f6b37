// build/netreset.wasm: no memory, its constants, and a build id that follows the sources.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeBuildId, programSources } from "../scripts/build-id.ts";
import { buildWasm } from "../scripts/build-wasm.ts";
import { ROOT } from "../scripts/lib/root.ts";
import { compileProgram, describeMemory, MARKER_MAGIC, WASM_PATH } from "../host-shim/program.ts";
import { program } from "./helpers.ts";

describe("build/netreset.wasm", () => {
  it("has no linear memory at all (the device has no room for a 64 KiB page)", async () => {
    const bytes = readFileSync(join(ROOT, WASM_PATH));
    expect(await describeMemory(bytes)).toBe("none");
    expect(WebAssembly.Module.exports(program().module).filter((e) => e.kind === "memory")).toEqual([]);
  });

  it("describeMemory does see a memory when there is one", async () => {
    // (module (memory 1)) written out by hand: magic, version, memory section.
    const withPage = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0, 1);
    expect(await describeMemory(withPage)).toMatch(/\(memory .*1\)/);
  });

  it("asks for SEMI_AUTOMATIC and carries the build id of its sources", () => {
    expect(program().requiredSystemMode).toBe(2);
    expect(program().buildId).toBe(computeBuildId(ROOT));
  });

  it("compileProgram refuses a program whose MARKER_MAGIC is not the forum's", async () => {
    const { default: wabtInit } = await import("wabt");
    const wabt = await wabtInit();
    const withMagic = (magic: number) => {
      const wat = `(module
        (global (export "BUILD_ID") i32 (i32.const 7))
        (global (export "REQUIRED_SYSTEM_MODE") i32 (i32.const 2))
        (global (export "MARKER_MAGIC") i32 (i32.const ${magic})))`;
      return new Uint8Array(wabt.parseWat("magic.wat", wat).toBinary({}).buffer);
    };
    expect(compileProgram(withMagic(MARKER_MAGIC)).buildId).toBe(7);
    expect(() => compileProgram(withMagic(0x0badf00d))).toThrow(/MARKER_MAGIC is not the forum's 0x000c0ffe/);
  });

  it("is small: well under 2 KiB", () => {
    expect(readFileSync(join(ROOT, WASM_PATH)).length).toBeLessThan(2048);
  });

  it("rebuilds byte for byte the same", async () => {
    const before = readFileSync(join(ROOT, WASM_PATH));
    await buildWasm();
    expect(readFileSync(join(ROOT, WASM_PATH)).equals(before)).toBe(true);
  });
});

describe("build id", () => {
  const copyOfSources = () => {
    const dir = mkdtempSync(join(tmpdir(), "buildid-"));
    for (const file of programSources(ROOT)) {
      const target = join(dir, file.slice(ROOT.length));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target);
    }
    return dir;
  };

  it("is the same for the same sources, wherever they are", () => {
    expect(computeBuildId(copyOfSources())).toBe(computeBuildId(ROOT));
  });

  it("changes when the program, the compiler options or the compiler change", () => {
    const base = computeBuildId(ROOT);
    for (const file of ["firmware/program/netreset.ts", "asconfig.json", "node_modules/assemblyscript/package.json"]) {
      const dir = copyOfSources();
      appendFileSync(join(dir, file), "\n");
      expect(computeBuildId(dir), file).not.toBe(base);
    }
  });

  it("is never 0 or 0xFFFFFFFF (erased EEPROM)", () => {
    const dir = copyOfSources();
    for (let i = 0; i < 200; i++) {
      writeFileSync(join(dir, "firmware/program/extra.ts"), `// ${i}\n`);
      const id = computeBuildId(dir);
      expect(id).not.toBe(0);
      expect(id).not.toBe(0xffffffff);
    }
  });
});
