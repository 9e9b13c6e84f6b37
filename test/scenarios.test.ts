// Each built-in scenario end to end, on the real wasm.
import { describe, expect, it } from "vitest";
import { builtInScenarioNames, loadScenario } from "../host-shim/scenario.ts";
import { RESET_TARGET, run, runScript } from "./helpers.ts";

describe("built-in scenarios", () => {
  it("forum leftovers (static IP, external antenna, none fitted): reset once, listening mode", () => {
    const r = run("forum-static-ip-external-antenna");
    expect(r.final).toEqual({ ...RESET_TARGET, led: "blinking-blue", cloud: false });
    expect(r.resets).toBe(1);
    expect(r.boots.map((b) => b.end)).toEqual(["reset", "returned"]);
    expect(r.report).toMatchObject({
      action: "done", diagnosis: "ok", accessPoints: 1, resetAttempts: 1,
      before: { antenna: "external", ipSource: "static", credentials: 1, resetReason: "update" },
      after: { antenna: "internal", ipSource: "dynamic", credentials: 0 },
    });
    expect(r.diagnosis).toBe("ok");
  });

  it("owner-app-static-ip (the forum's settings, and an owner's app that set them): our program resets them once, as for the forum's", () => {
    const r = run("owner-app-static-ip");
    expect(loadScenario("owner-app-static-ip").device.app).toMatchObject({ name: "greenhouse-monitor", breaksSettings: { antenna: "external", ipSource: "static" } });
    expect(r.final).toEqual({ ...RESET_TARGET, led: "blinking-blue", cloud: false });
    expect(r.resets).toBe(1);
    expect(r.report).toMatchObject({ before: { antenna: "external", ipSource: "static", credentials: 1 }, after: { antenna: "internal", ipSource: "dynamic", credentials: 0 } });
  });

  it("forum marker (magic without build id): our build still resets once, then the owner's credentials reach the cloud", () => {
    const r = run("forum-marker");
    expect(r.resets).toBe(1);
    expect(r.report?.before.credentials).toBe(1);
    expect(r.final).toMatchObject({ marker: true, led: "breathing-cyan", cloud: true, credentials: 1 });
  });

  it("healthy device: owner enters credentials after the reset and the device reaches the cloud", () => {
    const r = run("healthy");
    expect(r.resets).toBe(1);
    expect(r.report?.accessPoints).toBe(2);
    expect(r.final).toMatchObject({ antenna: "internal", ipSource: "dynamic", led: "breathing-cyan", cloud: true });
    expect(r.timeline.some((e) => e.kind === "owner")).toBe(true);
  });

  it("healthy device without the owner's credentials stays in listening mode", () => {
    const r = run("healthy", (s) => { s.afterReset = null; });
    expect(r.final).toMatchObject({ ...RESET_TARGET, led: "blinking-blue", cloud: false });
  });

  it("damaged radio: reset succeeds, the module never comes on, no scan, diagnosis says so", () => {
    const r = run("damaged-radio");
    expect(r.final).toMatchObject(RESET_TARGET);
    expect(r.report).toMatchObject({ diagnosis: "radio-off", accessPoints: null });
    expect(r.advice.summary).toMatch(/damaged/);
    // No credentials: Particle.connect() enters listening mode whether or not the radio came up.
    expect(r.final.led).toBe("blinking-blue");
  });

  it("five stored networks, two on 5 GHz: only the 2.4 GHz network is seen, the owner's entry connects", () => {
    const r = run("five-networks-with-5ghz");
    expect(r.report).toMatchObject({ accessPoints: 1, before: { credentials: 5, antenna: "auto" } });
    expect(r.final).toMatchObject({ led: "breathing-cyan", cloud: true, credentials: 1 });
  });

  it("only 5 GHz networks in range: no-access-points", () => {
    expect(run("only-5ghz").report?.diagnosis).toBe("no-access-points");
  });

  it("EEPROM stuck: exactly 3 resets, then eeprom-failure, settings still reset", () => {
    const r = run("eeprom-stuck");
    expect(r.resets).toBe(3);
    expect(r.report).toMatchObject({ action: "eeprom-failure", diagnosis: "eeprom-failure", resetAttempts: 3 });
    expect(r.final).toMatchObject({ antenna: "internal", ipSource: "dynamic", credentials: 0, marker: false });
    expect(r.boots).toHaveLength(4);
  });

  it("wrong password typed after the reset: back to listening mode (blinking blue), and the advice says to check it", () => {
    const r = run("wrong-password");
    expect(r.final).toMatchObject({ led: "blinking-blue", cloud: false, ipSource: "dynamic" });
    expect(r.outcome?.rejectedCredentials).toBe(true);
    expect(r.advice.nextStep).toMatch(/password/);
  });

  it("the built-in list has every scenario the issue names", () => {
    expect(builtInScenarioNames()).toEqual(expect.arrayContaining([
      "forum-static-ip-external-antenna", "forum-marker", "damaged-radio", "five-networks-with-5ghz", "healthy", "eeprom-stuck",
      "owner-app-static-ip", // issue 21: the one whose Photon carries an owner's app (device.app), for the backup and restore
    ]));
  });
});

describe("npm run sim", () => {
  it("--json on the forum scenario ends internal, dynamic, 0 credentials, marker, 1 reset, blinking blue", () => {
    const r = runScript("scripts/sim.ts", ["--scenario", "forum-static-ip-external-antenna", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.final).toEqual({ antenna: "internal", ipSource: "dynamic", credentials: 0, marker: true, led: "blinking-blue", cloud: false });
    expect(out.resets).toBe(1);
    expect(out.boots).toHaveLength(2);
    expect(out.report.action).toBe("done");
    expect(out.diagnosis).toBe("ok");
  });

  it("prints a plain timeline when piped, and never a password", () => {
    const r = runScript("scripts/sim.ts", ["--scenario", "healthy"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/boot 1, reset reason update/);
    expect(r.stdout).toMatch(/antenna +internal → internal/);
    expect(r.stdout).toMatch(/breathing-cyan/);
    expect(r.stdout).not.toContain("correct horse");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no terminal escape sequence (ESC [) in piped output
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it("rejects an unknown scenario with exit code 2 and the list of built-ins", () => {
    const r = runScript("scripts/sim.ts", ["--scenario", "no-such-thing"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no built-in scenario "no-such-thing".*healthy/);
  });

  it("rejects a bad option with exit code 2 and the usage", () => {
    const r = runScript("scripts/sim.ts", ["--scenari", "healthy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: npm run sim/);
  });
});
