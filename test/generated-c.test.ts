// firmware/host/src/generated/ is committed: it must be what wasm2c makes of
// the current program, and the C++ host must implement every import it declares.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOST_CALLS } from "../model/host-api.ts";
import { WASM_PATH } from "../host-shim/program.ts";
import { GENERATED_DIR, MODULE_NAME, wasm2c } from "../scripts/build-c.ts";
import { ROOT } from "../scripts/lib/root.ts";

const committed = join(ROOT, GENERATED_DIR);

describe("generated C", () => {
  it("is up to date with build/netreset.wasm (else run `npm run build:c` and commit)", () => {
    const fresh = mkdtempSync(join(tmpdir(), "wasm2c-"));
    wasm2c(join(ROOT, WASM_PATH), fresh);
    for (const file of [`${MODULE_NAME}.inc`, `${MODULE_NAME}.h`]) {
      const same = readFileSync(join(fresh, file), "utf8") === readFileSync(join(committed, file), "utf8");
      expect(same, `${GENERATED_DIR}/${file} is stale: run \`npm run build:c\` and commit it`).toBe(true);
    }
  });

  it("holds no .c or .cpp file (Device OS would compile it on its own, apart from its imports)", () => {
    expect(readdirSync(committed).filter((f) => /\.(c|cpp)$/.test(f))).toEqual([]);
  });

  it("declares one import per host call, and the host defines each of them", () => {
    const header = readFileSync(join(committed, `${MODULE_NAME}.h`), "utf8");
    const declared = [...header.matchAll(/\b\w+ w2c_photon_(\w+)\(struct w2c_photon\*/g)].map((m) => m[1]);
    expect(declared.sort()).toEqual([...HOST_CALLS].sort());
    const host = readFileSync(join(ROOT, "firmware/host/src/wasm_program.cpp"), "utf8");
    for (const call of HOST_CALLS) expect(host, `w2c_photon_${call}`).toMatch(new RegExp(`\\bw2c_photon_${call}\\(struct w2c_photon\\*`));
  });

  it("carries no linear memory and no heap: nothing allocates", () => {
    const code = readFileSync(join(committed, `${MODULE_NAME}.inc`), "utf8");
    expect(code).not.toMatch(/wasm_rt_allocate_memory|wasm_rt_allocate_(funcref|externref)_table|\bmalloc\(/);
  });
});
