// Scenario files: defaults, and bad files rejected with the bad field named.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInScenarioNames, loadScenario, parseScenario } from "../host-shim/scenario.ts";
import { runScript } from "./helpers.ts";

const minimal = { environment: { accessPoints: [{ ssid: "home", password: "home-password" }] } };
const reject = (json: unknown) => () => parseScenario(json, "t");

describe("scenario format", () => {
  it("fills documented defaults", () => {
    const s = parseScenario(minimal, "t");
    expect(s.device).toMatchObject({ platform: "photon", antenna: "internal", ipSource: "dynamic", externalAntennaFitted: false, radioDamaged: false, eepromWritable: true, credentials: [] });
    expect(s.environment.accessPoints[0]).toMatchObject({ band: "2.4", security: "wpa2", dhcp: true, internet: true, subnet: "192.168.1.0/24" });
    expect(s.environment.cloudReachable).toBe(true);
    expect(s.afterReset).toBeNull();
  });

  it("reads the EEPROM hex image and retained words", () => {
    const s = parseScenario({ ...minimal, device: { eeprom: "fe0c 0000", retained: [1, 2] } }, "t");
    expect([...s.device.eeprom]).toEqual([0xfe, 0x0c, 0, 0]);
    expect(s.device.retained).toEqual([1, 2]);
  });

  it.each([
    [{ ...minimal, device: { antenna: "diagonal" } }, /device\.antenna: expected one of internal, external, auto, got "diagonal"/],
    [{ ...minimal, device: { credentials: [{ ssid: "x", security: "wpa2", password: "short" }] } }, /device\.credentials\[0\]\.password: wpa2 needs a password of 8 to 64/],
    [{ ...minimal, device: { credentials: Array(6).fill({ ssid: "x", security: "open" }) } }, /device\.credentials: at most 5 entries/],
    [{ ...minimal, device: { staticIp: { host: "1.2.3", netmask: "255.0.0.0", gateway: "1.1.1.1", dns: "1.1.1.1" } } }, /device\.staticIp\.host: expected an IPv4 address/],
    [{ ...minimal, device: { eeprom: "xyz" } }, /device\.eeprom: expected a hex string/],
    [{ ...minimal, device: { eeprom: "00".repeat(2049) } }, /device\.eeprom: at most 2048 bytes/],
    [{ ...minimal, device: { retained: [1, 2, 3, 4, 5] } }, /device\.retained: at most 4 entries/],
    [{ ...minimal, device: { radioDamaged: "yes" } }, /device\.radioDamaged: expected true or false/],
    [{ ...minimal, device: { antena: "internal" } }, /device\.antena: unknown field/],
    [{ environment: { accessPoints: [{ ssid: "x", band: "6" }] } }, /environment\.accessPoints\[0\]\.band: expected one of 2\.4, 5/],
    [{ environment: { accessPoints: [{ ssid: "x", subnet: "10.0.0.0/40" }] } }, /environment\.accessPoints\[0\]\.subnet/],
    [{ environment: { accessPoints: [{ ssid: "" }] } }, /environment\.accessPoints\[0\]\.ssid: expected 1 to 32 characters/],
    [{ device: {} }, /environment: expected an object/],
    [{ ...minimal, powerCutAfterCall: 0 }, /powerCutAfterCall: expected a whole number from 1/],
    [{ ...minimal, afterReset: { credentials: [{ ssid: "x", security: "wep", password: "abc" }] } }, /afterReset\.credentials\[0\]\.password: wep needs/],
    [{ ...minimal, device: { credentials: [{ ssid: "a", security: "wpa2-enterprise" }, { ssid: "b", security: "wpa-enterprise" }] } }, /only one enterprise network/],
  ])("rejects %j", (json, message) => {
    expect(reject(json)).toThrow(message);
  });

  it("every built-in scenario parses", () => {
    for (const name of builtInScenarioNames()) expect(loadScenario(name).name).toBe(name);
  });

  it("npm run sim rejects a bad file with exit code 2, naming the file and field", () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...minimal, device: { ipSource: "sometimes" } }));
    const r = runScript("scripts/sim.ts", ["--scenario", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: device.ipSource: expected one of dynamic, static, got "sometimes"`);
    writeFileSync(bad, "{ not json");
    expect(runScript("scripts/sim.ts", ["--scenario", bad]).stderr).toMatch(/is not valid JSON/);
  });

  it("runs a scenario from a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    const file = join(dir, "mine.json");
    writeFileSync(file, JSON.stringify({ ...minimal, device: { antenna: "external", credentials: [{ ssid: "home", password: "home-password" }] } }));
    const r = runScript("scripts/sim.ts", ["--scenario", file, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).report.before.antenna).toBe("external");
  });
});
