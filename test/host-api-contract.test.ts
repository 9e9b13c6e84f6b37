// The host API is declared once (HOST_API, model/host-api.ts); every other
// form is generated from it (photon.ts, docs/host-api.md) or checked here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, ANTENNA, DIAGNOSES, HOST_API, HOST_CALLS, IP_SOURCE, SYSTEM_MODE, UNKNOWN } from "../model/host-api.ts";
import { HOST_CALL_FOR } from "../host-shim/native-photon.ts";
import { GENERATED } from "../scripts/gen-host-api.ts";
import { ROOT } from "../scripts/lib/root.ts";
import { program } from "./helpers.ts";

const photonTs = readFileSync(join(ROOT, "firmware/program/photon.ts"), "utf8");
const constants = Object.fromEntries(
  [...photonTs.matchAll(/export const (\w+): i32 = (-?\w+);/g)].map(([, name, v]) => [name, Number(v)]),
);
const externals = [...photonTs.matchAll(/@external\("photon", "(\w+)"\)/g)].map((m) => m[1]);

describe("host API contract", () => {
  it("uses Device OS's own enum values on both sides", () => {
    expect(constants).toMatchObject({
      ANT_INTERNAL: ANTENNA.internal, ANT_EXTERNAL: ANTENNA.external, ANT_AUTO: ANTENNA.auto,
      DYNAMIC_IP: IP_SOURCE.dynamic, STATIC_IP: IP_SOURCE.static, SEMI_AUTOMATIC: SYSTEM_MODE.SEMI_AUTOMATIC,
      UNKNOWN,
    });
    expect([ANTENNA.internal, ANTENNA.external, ANTENNA.auto, IP_SOURCE.dynamic, IP_SOURCE.static]).toEqual([0, 1, 3, 0, 1]);
  });

  it("report codes decode to the same names", () => {
    for (const [i, a] of ACTIONS.entries()) expect(constants[`ACTION_${a.toUpperCase().replace(/-/g, "_")}`], a).toBe(i);
    for (const [i, d] of DIAGNOSES.entries()) expect(constants[`DIAGNOSIS_${d.toUpperCase().replace(/-/g, "_")}`], d).toBe(i);
  });

  it("declares the same host calls, and the wasm imports exactly those", () => {
    expect(externals).toEqual([...HOST_CALLS]);
    const imports = WebAssembly.Module.imports(program().module);
    expect(imports.every((i) => i.module === "photon" && i.kind === "function")).toBe(true);
    expect(imports.map((i) => i.name).sort()).toEqual([...HOST_CALLS].sort());
  });

  it.each(Object.keys(GENERATED))("%s is what npm run gen:host-api makes of HOST_API (else run it and commit)", (file) => {
    const make = GENERATED[file as keyof typeof GENERATED];
    expect(readFileSync(join(ROOT, file), "utf8") === make(), `${file} is stale: run \`npm run gen:host-api\``).toBe(true);
  });

  it("the C++ glue defines each import once, with the spec's arity and result", () => {
    const glue = readFileSync(join(ROOT, "firmware/host/src/wasm_program.cpp"), "utf8");
    const defined = [...glue.matchAll(/^(?:NETRESET_GLUE )?(u32|void) w2c_photon_(\w+)\(struct w2c_photon\*([^)]*)\)/gm)]
      .map(([, result, name, rest]) => ({ name, result: result === "void" ? null : "i32", arity: rest.split(",").length - 1 }));
    expect(defined).toEqual(HOST_API.map((c) => ({ name: c.name, result: c.result && "i32", arity: c.params.length })));
  });

  it("the fake Device OS makes every Device OS call the spec names, and the native harness maps each back", () => {
    const fake = readFileSync(join(ROOT, "host-shim/native/fake_device_os.cpp"), "utf8");
    const named = HOST_API.flatMap((c) => (c.fake ? [c] : []));
    for (const c of named) expect(fake, c.fake).toContain(`call("${c.fake}"`);
    expect(Object.keys(HOST_CALL_FOR).sort()).toEqual(named.map((c) => c.fake).sort());
    for (const c of named) expect(HOST_CALL_FOR[c.fake](new Array(4).fill(4))[0], c.fake).toBe(c.name);
  });

  it("the C++ report names actions and diagnoses as the spec does", () => {
    const report = readFileSync(join(ROOT, "firmware/host/src/report.cpp"), "utf8");
    const table = (name: string) => {
      const m = new RegExp(`const char\\* const ${name}\\[\\] = \\{([^}]*)\\}`).exec(report);
      return m ? JSON.parse(`[${m[1]}]`) : null;
    };
    expect(table("ACTIONS")).toEqual([...ACTIONS]);
    expect(table("DIAGNOSES")).toEqual([...DIAGNOSES]);
  });
});
