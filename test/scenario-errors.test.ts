// Scenario-file errors name the field and what was expected, never a
// password's value (nor the JSON text around a syntax error inside one);
// Device OS's limits in bytes for every security type; a description reaches
// the terminal without control characters and cut short.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtInScenarioNames, loadScenario, parseScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { runCli, scratchDir } from "./cli-harness.ts";
import { runScript } from "./helpers.ts";

const ap = { ssid: "home", password: "home-password" };
const withCredential = (c: Record<string, unknown>) => ({ device: { credentials: [{ ssid: "home", security: "wpa2", ...c }] }, environment: { accessPoints: [ap] } });
const errorOf = (json: unknown): string => {
  try {
    parseScenario(json, "t");
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("accepted");
};
const file = (text: string) => {
  const path = join(scratchDir("scenario-errors-"), "s.json");
  writeFileSync(path, text);
  return path;
};

describe("a password's value is never printed", () => {
  it("a number, an object or an array as a password: the field and the type, not the value", () => {
    expect(errorOf(withCredential({ password: 12345678901 }))).toBe("device.credentials[0].password: expected a string, got a number");
    const obj = errorOf(withCredential({ password: { secret: "hunter2-hunter2" } }));
    expect(obj).toBe("device.credentials[0].password: expected a string, got an object");
    expect(errorOf({ environment: { accessPoints: [{ ssid: "x", password: ["hunter2-hunter2"] }] } }))
      .toBe("environment.accessPoints[0].password: expected a string, got an array");
  });

  it("a string where a credential or a list of them belongs, or an object in place of another value: named by its type", () => {
    expect(errorOf({ device: { credentials: "hunter2-hunter2" }, environment: { accessPoints: [] } }))
      .toBe("device.credentials: expected an array, got a string");
    expect(errorOf({ device: { credentials: ["hunter2-hunter2"] }, environment: { accessPoints: [] } }))
      .toBe("device.credentials[0]: expected an object, got a string");
    expect(errorOf({ environment: { accessPoints: ["hunter2-hunter2"] } })).toBe("environment.accessPoints[0]: expected an object, got a string");
    expect(errorOf({ environment: [{ ssid: "home", password: "hunter2-hunter2" }] })).toBe("environment: expected an object, got an array");
    expect(errorOf({ environment: { accessPoints: [] }, afterReset: "hunter2-hunter2" })).toBe("afterReset: expected an object, got a string");
    expect(errorOf({ environment: { accessPoints: [] }, device: { radioDamaged: { password: "hunter2-hunter2" } } }))
      .toBe("device.radioDamaged: expected true or false, got an object");
  });

  it("a JSON syntax error inside a password: where it is, not the text around it (npm run sim, exit 2)", () => {
    const path = file(`{"environment": {"accessPoints": [{"ssid": "home", "password": hunter2-hunter2}]}}`);
    const r = runScript("scripts/sim.ts", ["--scenario", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not valid JSON/);
    expect(r.stderr).not.toMatch(/hunter|"ssid"/);
    const unterminated = file(`{"environment": {"accessPoints": [{"ssid": "home", "password": "hunter2-hunter2\n}]}}`);
    expect(() => loadScenario(unterminated)).toThrow(/is not valid JSON: Bad control character in string literal at line 1, column \d+$/);
    expect(() => loadScenario(file(`{"a": "hunter2-hunter2" "b": 1}`))).toThrow(/Expected ',' or '}' after property value at line 1, column 25$/);
  });

  it("a password with a control character is refused as that, not as a length", () => {
    const message = errorOf(withCredential({ password: "hunter2\u0007x" }));
    expect(message).toMatch(/device\.credentials\[0\]\.password: wpa2: the password contains a control character/);
    expect(message).not.toMatch(/hunter2|8 to 64/);
  });
});

describe("property: whatever breaks a scenario file, its error never quotes a password", () => {
  it("one character deleted, inserted or replaced anywhere in a file with passwords: the message holds none of them", () => {
    const SECRET = "Zq9Secret-Zq9Secret";
    const text = readFileSync(join(SCENARIO_DIR, "healthy.json"), "utf8").replace(/"password": "[^"]*"/g, `"password": "${SECRET}"`);
    const path = join(scratchDir("scenario-mutants-"), "s.json");
    fc.assert(fc.property(
      fc.integer({ min: 0, max: text.length - 1 }), fc.constantFrom("delete", "insert", "replace"),
      fc.constantFrom('"', "'", ",", ":", "{", "}", "[", "]", "\\", "\n", "x", "0", " ", "\u0007"),
      (at, how, c) => {
        const mutant = how === "delete" ? text.slice(0, at) + text.slice(at + 1)
          : how === "insert" ? text.slice(0, at) + c + text.slice(at) : text.slice(0, at) + c + text.slice(at + 1);
        writeFileSync(path, mutant);
        try {
          loadScenario(path);
        } catch (e) {
          expect((e as Error).message).not.toMatch(/Secret|Zq9/);
        }
      }), { numRuns: 400 });
  });
});

describe("limits in Device OS's bytes for every security type", () => {
  it("a wpa2-enterprise password over 64 bytes is refused; one within, or none (EAP-TLS), is accepted", () => {
    expect(errorOf(withCredential({ security: "wpa2-enterprise", password: "p".repeat(5000) })))
      .toMatch(/device\.credentials\[0\]\.password: wpa2-enterprise needs a password of 1 to 64 characters, got 5000 \(counted as UTF-8 bytes\)/);
    expect(errorOf(withCredential({ security: "wpa-enterprise", password: "é".repeat(33) }))).toMatch(/got 66 \(counted as UTF-8 bytes\)/);
    expect(parseScenario(withCredential({ security: "wpa2-enterprise", password: "p".repeat(64) }), "t").device.credentials).toHaveLength(1);
    expect(parseScenario(withCredential({ security: "wpa2-enterprise" }), "t").device.credentials).toHaveLength(1);
  });
});

describe("numbers JSON cannot hold", () => {
  it("powerCutAfterCall: 1e400 is named as too large, not as null", () => {
    const message = (() => { try { loadScenario(file(`{"environment": {"accessPoints": []}, "powerCutAfterCall": 1e400}`)); return "accepted"; } catch (e) { return (e as Error).message; } })();
    expect(message).toMatch(/powerCutAfterCall: expected a whole number from 1 to 10000, got Infinity \(a number too large to represent\)/);
    expect(message).not.toMatch(/null/);
  });
});

describe("a scenario's description as printed", () => {
  const description = `\u001b]0;pwned\u0007\u001b[2J\u001b[31mred ${"x".repeat(250_000)}`;
  it("has no control characters and is cut to 500 characters", () => {
    const s = parseScenario({ description, environment: { accessPoints: [] } }, "t");
    for (const name of builtInScenarioNames()) { // a built-in description is shown whole
      const file = JSON.parse(readFileSync(join(SCENARIO_DIR, `${name}.json`), "utf8")) as { description?: string };
      expect(loadScenario(name).description).toBe(file.description ?? "");
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(s.description).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(s.description.length).toBeLessThanOrEqual(500);
    expect(s.description).toMatch(/^\]0;pwned \[2J \[31mred x+…$/);
  });

  it("reaches the terminal that way (flash --simulate FILE, npm run sim)", async () => {
    const path = file(JSON.stringify({ description, environment: { accessPoints: [ap] } }));
    const cli = await runCli(["doctor", "--simulate", path, "--no-dfu"], [], process.cwd());
    expect(cli.err).toMatch(/pwned/);
    expect(cli.err + cli.out).not.toContain("\u001b");
    expect(cli.err.length).toBeLessThan(10_000);
    const sim = runScript("scripts/sim.ts", ["--scenario", path]);
    expect(sim.stdout + sim.stderr).toMatch(/pwned/);
    expect(sim.stdout + sim.stderr).not.toContain("\u001b");
    expect(sim.stdout.length + sim.stderr.length).toBeLessThan(20_000);
  });
});
