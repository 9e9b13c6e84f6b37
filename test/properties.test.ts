// Properties over random device states and radio worlds (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootUntilSettled, markerSet, photonFor, runScenario } from "../host-shim/run-scenario.ts";
import { FORUM_MAGIC_BYTES, scenarioArb } from "./arbitraries.ts";
import { Eeprom } from "../host-shim/eeprom.ts";
import { MARKER_MAGIC } from "../host-shim/program.ts";
import type { Scenario } from "../host-shim/scenario.ts";

/** This build already ran on it, and the antenna and IP source are still Device OS's defaults. */
function alreadyReset(s: Scenario): boolean {
  const eeprom = new Eeprom(s.device.eeprom);
  return eeprom.getU32(0) === MARKER_MAGIC && eeprom.getU32(4) === program().buildId
    && s.device.antenna === "internal" && s.device.ipSource === "dynamic";
}
import { RESET_TARGET, program } from "./helpers.ts";

describe("whatever state the Photon starts in", () => {
  it("ends with internal antenna, dynamic IP and the marker; unless it already ran this build with those settings, after exactly one reset and with no credentials", () => {
    fc.assert(fc.property(scenarioArb, (scenario) => {
      const settledBefore = alreadyReset(scenario);
      const r = runScenario(scenario, program(), { timeline: false });
      expect(r.report?.action).toBe("done");
      if (settledBefore) {
        // The owner's credentials entered after an earlier run are kept.
        expect(r.resets).toBe(0);
        expect(r.final).toMatchObject({ ...RESET_TARGET, credentials: scenario.device.credentials.length });
      } else {
        expect(r.boots.length).toBeLessThanOrEqual(2);
        expect(r.resets).toBe(1);
        expect(r.final).toMatchObject(RESET_TARGET);
      }
    }), { numRuns: 300 });
  });

  it("the forum program's marker, alone or with another build's id, always leads to one reset", () => {
    fc.assert(fc.property(scenarioArb, fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: null }), (scenario, otherId) => {
      fc.pre(otherId !== program().buildId);
      const id = otherId === null ? [] : [otherId & 0xff, (otherId >>> 8) & 0xff, (otherId >>> 16) & 0xff, otherId >>> 24];
      scenario.device.eeprom = Uint8Array.from([...FORUM_MAGIC_BYTES, ...id]);
      const r = runScenario(scenario, program(), { timeline: false });
      expect(r.resets).toBe(1);
      expect(r.final).toMatchObject(RESET_TARGET);
    }), { numRuns: 150 });
  });

  it("a second run of the same build never resets", () => {
    fc.assert(fc.property(scenarioArb, fc.integer({ min: 1, max: 4 }), (scenario, extraBoots) => {
      const device = photonFor(scenario, program(), false);
      bootUntilSettled(device);
      for (let i = 0; i < extraBoots; i++) {
        const again = device.boot();
        expect(again.end).toBe("returned");
        expect(again.report?.action).toBe("done");
      }
      expect(device.trace.filter((t) => t.call === "system_reset")).toHaveLength(alreadyReset(scenario) ? 0 : 1);
    }), { numRuns: 200 });
  });

  it("survives a power cycle after recovery without resetting again", () => {
    fc.assert(fc.property(scenarioArb, (scenario) => {
      const device = photonFor(scenario, program(), false);
      bootUntilSettled(device);
      device.powerLoss();
      expect(device.boot().end).toBe("returned");
      expect(device.lastReport?.before.antenna).toBe("unknown"); // retained RAM is gone
    }), { numRuns: 100 });
  });

  it("the rerun request clears the marker and runs the reset once more", () => {
    fc.assert(fc.property(scenarioArb, (scenario) => {
      const device = photonFor(scenario, program(), false);
      bootUntilSettled(device);
      expect(device.rerun()).toBe("reset");
      expect(markerSet(device)).toBe(false);
      const boots = bootUntilSettled(device);
      expect(boots.map((b) => b.end)).toEqual(["reset", "returned"]);
      expect(markerSet(device)).toBe(true);
    }), { numRuns: 100 });
  });
});
