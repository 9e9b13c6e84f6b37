// Fault injection: cut the power after every host call of the reset sequence.
import { describe, expect, it } from "vitest";
import { loadScenario, builtInScenarioNames } from "../host-shim/scenario.ts";
import { bootUntilSettled, photonFor, runScenario } from "../host-shim/run-scenario.ts";
import { program } from "./helpers.ts";

const ORDER = { internal: 0, auto: 1, external: 2 } as const;

describe.each(builtInScenarioNames())("power cut in scenario %s", (name) => {
  const stuck = loadScenario(name).device.eepromWritable === false;
  // Every host call of the first two boots of a clean run: the reset boot and the one after it.
  const clean = photonFor(loadScenario(name), program(), false);
  bootUntilSettled(clean);
  const calls = clean.trace.filter((t) => t.boot <= 2);
  // A cut after System.reset() is no cut: the boot has already ended.
  const cuts = calls.map((t, i) => ({ n: i + 1, call: t.call })).filter((c) => c.call !== "system_reset");

  it(`has a reset sequence to cut into (${calls.length} calls)`, () => {
    expect(cuts.length).toBeGreaterThan(20);
    expect(calls.some((c) => c.call === "wifi_clear_credentials")).toBe(true);
  });

  for (const { n: cut, call } of cuts) {
    it(`after host call ${cut} (${call}): converges, never more than 3 resets in a row, never worse`, () => {
      const scenario = loadScenario(name);
      scenario.powerCutAfterCall = cut;
      scenario.afterReset = null; // the owner's typing is not part of the reset sequence
      const start = scenario.device;
      const r = runScenario(scenario, program(), { timeline: false });
      expect(r.powerCuts).toBe(1);
      expect(r.boots.at(-1)?.end).toBe("returned");
      // Resets in a row between power cuts: the boot-loop guard's bound.
      let run = 0;
      for (const b of r.boots) {
        run = b.end === "reset" ? run + 1 : 0;
        expect(run).toBeLessThanOrEqual(3);
      }
      if (stuck) {
        expect(r.report?.action).toBe("eeprom-failure");
      } else {
        expect(r.final.marker).toBe(true);
        expect(r.report?.action).toBe("done");
      }
      // Never worse than before: each setting ends at the target, or where it started.
      expect(r.final.antenna === "internal" || ORDER[r.final.antenna] <= ORDER[start.antenna]).toBe(true);
      expect(r.final.ipSource === "dynamic" || r.final.ipSource === start.ipSource).toBe(true);
      expect(r.final.credentials).toBeLessThanOrEqual(start.credentials.length);
      // And once it settles, the reset has completed whatever the cut interrupted.
      expect(r.final).toMatchObject({ antenna: "internal", ipSource: "dynamic", credentials: 0 });
    });
  }
});
