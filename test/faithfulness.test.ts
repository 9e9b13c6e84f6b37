// Real-hardware bugs the simulator used to hide (issue 8): each test runs the
// real wasm on a simulated Photon that behaves as Device OS 2.3.1 does, and
// would fail with the program as it was before the fix.
import { describe, expect, it } from "vitest";
import { RESET_REASON } from "../model/host-api.ts";
import { MARKER_MAGIC } from "../host-shim/program.ts";
import { bootUntilSettled, photonFor, runScenario } from "../host-shim/run-scenario.ts";
import { deviceParts, loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { RADIO_START_MS, SimulatedPhoton } from "../host-shim/simulated-photon.ts";
import type { HostCallName } from "../model/host-api.ts";
import { program, RESET_TARGET } from "./helpers.ts";

const RETAINED_GUARD = 0x6e657472; // netreset.ts: "netr"
const scenario = (name: string, tweak?: (s: Scenario) => void) => {
  const s = loadScenario(name);
  tweak?.(s);
  return s;
};

describe("WiFi.on() is asynchronous (SYSTEM_THREAD(ENABLED))", () => {
  it("the program waits for WiFi.isOn() before it scans, so a healthy Photon sees its access points", () => {
    const device = photonFor(scenario("healthy"), program(), false);
    bootUntilSettled(device);
    const verify = device.trace.filter((t) => t.boot === 2);
    const on = verify.findIndex((t) => t.call === "wifi_on");
    const scan = verify.findIndex((t) => t.call === "wifi_scan_count");
    expect(on).toBeGreaterThanOrEqual(0);
    // Polled (with delays) until the module was up, and only then scanned.
    const lastPoll = verify.slice(0, scan).filter((t) => t.call === "wifi_is_on").at(-1);
    expect(lastPoll?.result).toBe(1);
    expect(verify.slice(on, scan).filter((t) => t.call === "delay_ms").reduce((ms, t) => ms + t.args[0], 0))
      .toBeGreaterThanOrEqual(RADIO_START_MS);
    expect(device.lastReport).toMatchObject({ diagnosis: "ok", accessPoints: 2 });
  });

  it("a scan of a module that is not up finds nothing (wlan_scan returns 0, not an error)", () => {
    const device = photonFor(scenario("healthy"), program(), false);
    device.beginBoot();
    expect(device.hostCall("wifi_on", [])).toBeUndefined();
    expect(device.hostCall("wifi_scan_count", [])).toBe(0);
    expect(device.hostCall("wifi_is_on", [])).toBe(0);
    device.hostCall("delay_ms", [RADIO_START_MS]);
    expect(device.hostCall("wifi_is_on", [])).toBe(1);
    expect(device.hostCall("wifi_scan_count", [])).toBe(2);
  });

  it("the program takes a negative scan result as 'not known', never as 0 access points", () => {
    // Device OS 2.3.1's wlan_scan never returns one (WICED's errors are positive
    // and swallowed), so no simulated Photon does: this is the program alone,
    // with a host whose scan fails, as a later Device OS's might.
    class FailingScan extends SimulatedPhoton {
      override hostCall(name: HostCallName, args: number[]): number | void {
        const result = super.hostCall(name, args);
        return name === "wifi_scan_count" ? -1 : result;
      }
    }
    const s = scenario("healthy");
    const device = new FailingScan({ program: program(), ...deviceParts(s), environment: s.environment, timeline: false });
    bootUntilSettled(device);
    expect(device.lastReport).toMatchObject({ action: "done", diagnosis: "scan-failed", accessPoints: null });
  });

  it("a module that never comes on gets its own diagnosis after a bounded wait, with access points not known", () => {
    const r = runScenario(scenario("damaged-radio"), program());
    expect(r.report).toMatchObject({ action: "done", diagnosis: "radio-off", accessPoints: null });
    const polls = r.boots.at(-1)!.calls;
    expect(polls).toBeLessThan(300); // bounded: about 10 s of 100 ms polls
    expect(r.advice.code).toBe("radio-off");
  });
});

describe("the boot-loop guard counts only this build's attempts", () => {
  it("a counter left in retained RAM by another build (retained RAM survives flashing) does not block the reset", () => {
    const stale = scenario("healthy", (s) => { s.device.retained = [RETAINED_GUARD, 3, 0, 0x12345678]; s.afterReset = null; });
    const r = runScenario(stale, program());
    expect(r.resets).toBe(1);
    expect(r.report).toMatchObject({ action: "done", diagnosis: "ok", resetAttempts: 1 });
    expect(r.final).toMatchObject(RESET_TARGET);
  });

  it("the counter is cleared once the settings are confirmed, so later trouble gets its full three attempts", () => {
    const device = photonFor(scenario("healthy", (s) => { s.afterReset = null; }), program(), false);
    bootUntilSettled(device);
    expect(device.retained[1]).toBe(0);
    expect(device.lastReport?.resetAttempts).toBe(1);
  });
});

describe("retries keep the device's first facts", () => {
  it("after the guard gives up, 'before' is still what the device had (external/static), not the half-reset state", () => {
    const r = runScenario(scenario("eeprom-stuck", (s) => {
      s.device.antenna = "external";
      s.device.ipSource = "static";
    }), program());
    expect(r.resets).toBe(3);
    expect(r.report).toMatchObject({
      action: "eeprom-failure",
      before: { antenna: "external", ipSource: "static" },
      after: { antenna: "internal", ipSource: "dynamic" },
    });
  });
});

describe("broken again after a recovery", () => {
  const breakAgain = () => {
    const device = photonFor(scenario("forum-static-ip-external-antenna"), program(), false);
    bootUntilSettled(device);
    // The owner's own app selects the external antenna and a static IP again.
    device.wifi.antenna = "external";
    device.wifi.ipSource = "static";
    return device;
  };

  it("the same build, flashed again, resets again and ends with the internal antenna and dynamic IP", () => {
    const device = breakAgain();
    device.flash(program());
    const boots = bootUntilSettled(device);
    expect(boots.map((b) => b.end)).toEqual(["reset", "returned"]);
    expect(device.wifi).toMatchObject({ antenna: "internal", ipSource: "dynamic" });
    expect(device.lastReport).toMatchObject({
      action: "done", before: { antenna: "external", ipSource: "static" }, after: { antenna: "internal", ipSource: "dynamic" },
    });
  });

  it("a plain reset does the same (whenever this firmware runs)", () => {
    const device = breakAgain();
    expect(device.boot().end).toBe("reset");
    expect(device.boot().report?.after).toMatchObject({ antenna: "internal", ipSource: "dynamic" });
  });

  it("settings that never stay reset stop after three attempts with settings-failure, read back, never assumed", () => {
    const device = breakAgain();
    // Something puts them back after every reset (the DCT keeps no write).
    const boots = [];
    for (let i = 0; i < 5; i++) {
      const boot = device.boot();
      boots.push(boot.end);
      device.wifi.antenna = "external";
      if (boot.end === "returned") break;
    }
    expect(boots).toEqual(["reset", "reset", "reset", "returned"]);
    expect(device.lastReport).toMatchObject({ action: "settings-failure", diagnosis: "settings-failure", after: { antenna: "external" } });
    expect(device.led).toBe("fast-blinking-orange");
  });
});

describe("reset reason and FEATURE_RESET_INFO", () => {
  it("with the DCT flag off, resetReason() is 0 and the report says unknown; the host turns it on for later boots", () => {
    const r = runScenario(scenario("forum-static-ip-external-antenna", (s) => { s.device.resetInfo = false; }), program());
    expect(r.boots.map((b) => b.resetReason)).toEqual([RESET_REASON.none, RESET_REASON.user]);
    expect(r.report?.before.resetReason).toBe("unknown");
  });

  it("with the flag on (an erased DCT), the first boot after an update says update (70)", () => {
    const r = runScenario(scenario("forum-static-ip-external-antenna"), program());
    expect(r.report?.before.resetReason).toBe("update");
  });

  it("after a flash over DFU the reason is dfu-mode (120), the reason stored when the device entered DFU", () => {
    const device = photonFor(scenario("forum-static-ip-external-antenna"), program(), false);
    bootUntilSettled(device);
    device.wifi.antenna = "external";
    device.flash(program(), "dfu");
    expect(device.boot().resetReason).toBe(RESET_REASON["dfu-mode"]);
    expect(device.boot().report?.before.resetReason).toBe("dfu-mode");
  });
});

describe("the forum program's marker", () => {
  it("0x000c0ffe is stored little-endian as fe 0f 0c 00, and the forum-marker scenario holds exactly that", () => {
    const s = scenario("forum-marker");
    expect([...s.device.eeprom.slice(0, 4)]).toEqual([0xfe, 0x0f, 0x0c, 0x00]);
    const device = photonFor(s, program(), false);
    expect(device.eeprom.getU32(0)).toBe(MARKER_MAGIC);
  });
});
