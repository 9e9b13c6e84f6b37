// The boot-loop guard: EEPROM that refuses writes.
import { describe, expect, it } from "vitest";
import { bootUntilSettled, photonFor } from "../host-shim/run-scenario.ts";
import { loadScenario } from "../host-shim/scenario.ts";
import { program, run } from "./helpers.ts";

describe("EEPROM refusing writes", () => {
  it("resets at most 3 times, then reports eeprom-failure and goes on to connect", () => {
    const r = run("healthy", (s) => { s.device.eepromWritable = false; s.afterReset = null; });
    expect(r.resets).toBe(3);
    expect(r.report).toMatchObject({ action: "eeprom-failure", diagnosis: "eeprom-failure" });
    expect(r.boots.at(-1)?.end).toBe("returned");
    // It still connected (listening mode), but the program's fast orange blink is shown over it.
    expect(r.final.led).toBe("fast-blinking-orange");
    expect(r.outcome?.led).toBe("blinking-blue");
  });

  it("stays stopped on later resets, and retries after a power cycle (retained RAM lost)", () => {
    const device = photonFor(loadScenario("eeprom-stuck"), program(), false);
    bootUntilSettled(device);
    expect(device.boot().report?.action).toBe("eeprom-failure");
    device.powerLoss();
    const boots = bootUntilSettled(device);
    expect(boots.filter((b) => b.end === "reset")).toHaveLength(3);
    expect(device.lastReport?.action).toBe("eeprom-failure");
  });

  it("recovers normally once the EEPROM accepts writes again", () => {
    const device = photonFor(loadScenario("eeprom-stuck"), program(), false);
    bootUntilSettled(device);
    device.eeprom.writable = true;
    device.powerLoss();
    const boots = bootUntilSettled(device);
    expect(boots.map((b) => b.end)).toEqual(["reset", "returned"]);
    expect(device.lastReport?.action).toBe("done");
  });
});
