// firmware/program/photon.ts and host-shim/host-api.ts describe one API.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, ANTENNA, DIAGNOSES, HOST_CALLS, IP_SOURCE, SYSTEM_MODE, UNKNOWN } from "../host-shim/host-api.ts";
import { ROOT } from "../scripts/build-wasm.ts";
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
    ACTIONS.forEach((a, i) => expect(constants[`ACTION_${a.toUpperCase().replace(/-/g, "_")}`], a).toBe(i));
    DIAGNOSES.forEach((d, i) => expect(constants[`DIAGNOSIS_${d.toUpperCase().replace(/-/g, "_")}`], d).toBe(i));
  });

  it("declares the same host calls, and the wasm imports exactly those", () => {
    expect(externals).toEqual([...HOST_CALLS]);
    const imports = WebAssembly.Module.imports(program().module);
    expect(imports.every((i) => i.module === "photon" && i.kind === "function")).toBe(true);
    expect(imports.map((i) => i.name).sort()).toEqual([...HOST_CALLS].sort());
  });
});
