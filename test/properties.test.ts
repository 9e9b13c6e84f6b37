// Properties over random device states and radio worlds (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootUntilSettled, markerSet, photonFor, runScenario } from "../host-shim/run-scenario.ts";
import { scenarioArb } from "./arbitraries.ts";
import { RESET_TARGET, program } from "./helpers.ts";

describe("whatever state the Photon starts in", () => {
  it("ends with internal antenna, dynamic IP, no credentials and the marker, after at most 2 boots and exactly one reset", () => {
    fc.assert(fc.property(scenarioArb, (scenario) => {
      const r = runScenario(scenario, program(), { timeline: false });
      expect(r.final).toMatchObject(RESET_TARGET);
      expect(r.boots.length).toBeLessThanOrEqual(2);
      expect(r.resets).toBe(1);
      expect(r.report?.action).toBe("done");
    }), { numRuns: 300 });
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
      expect(device.trace.filter((t) => t.call === "system_reset")).toHaveLength(1);
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
