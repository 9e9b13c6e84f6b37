// Every Device OS a Photon can run (0.6 to 3.3.1) in every driver, and the
// owner's application as a real module: each finding of the Device OS review,
// checked against the simulator and the tools over it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { runScenario } from "../host-shim/run-scenario.ts";
import { program } from "./helpers.ts";
import { packageRoot, runCli, scratchDir } from "./cli-harness.ts";

const forum = JSON.parse(readFileSync(join(SCENARIO_DIR, "forum-static-ip-external-antenna.json"), "utf8"));
const forumOn = (deviceOs: string, device: object = {}, environment: object = {}) =>
  parseScenario({ ...forum, device: { ...forum.device, deviceOs, ...device }, environment: { ...forum.environment, ...environment } }, `forum on ${deviceOs}`);

describe("npm run sim honours device.deviceOs (finding 2)", () => {
  it("on 1.4.4 the 2.3.1 build is refused (HAL_Core_Validate_User_Module): safe mode, no marker, settings untouched", () => {
    const r = runScenario(forumOn("1.4.4"), program());
    expect(r).toMatchObject({ deviceOs: "1.4.4", build: "2.3.1", safeMode: true, diagnosis: "safe-mode", boots: [] });
    expect(r.final).toMatchObject({ marker: false, antenna: "external", ipSource: "static", cloud: false });
    expect(r.advice.summary).toMatch(/depends on Device OS 2\.3\.1 \(system module 2302\); this Photon runs Device OS 1\.4\.4 \(1406\)/);
  });

  it("on 1.5.2 and 3.3.1 the build that system runs resets the settings", () => {
    for (const [v, build] of [["1.5.2", "1.5.2"], ["2.2.0", "1.5.2"], ["3.3.1", "2.3.1"]]) {
      const r = runScenario(forumOn(v), program());
      expect(r, v).toMatchObject({ deviceOs: v, build, safeMode: false });
      expect(r.final, v).toMatchObject({ marker: true, antenna: "internal", ipSource: "dynamic" });
    }
  });

  it("safe mode with settings that reach the cloud breathes magenta", () => {
    const r = runScenario(forumOn("1.4.4", { antenna: "internal", ipSource: "dynamic", credentials: [{ ssid: "home", security: "wpa2", password: "correct horse" }] }), program());
    expect(r.final).toMatchObject({ led: "breathing-magenta", cloud: true, marker: false });
  });
});

describe("rerun and wifi --simulate honour device.deviceOs (finding 2)", () => {
  const file = (deviceOs: string) => {
    const path = join(scratchDir("photon-netreset-dos-"), `forum-${deviceOs}.json`);
    writeFileSync(path, JSON.stringify({ ...forum, device: { ...forum.device, deviceOs } }));
    return path;
  };

  it("on 1.4.4 no build of ours runs, so `rerun` finds none to ask", async () => {
    const r = await runCli(["rerun", "--simulate", file("1.4.4"), "--json"], [], process.cwd());
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: expect.stringMatching(/does not run photon-netreset/) });
  });

  it("on 1.5.2 the 1.5.2 build is there and reruns", async () => {
    const r = await runCli(["rerun", "--simulate", file("1.5.2"), "--json"], [], process.cwd());
    expect(r.code, r.err).toBe(0);
  });
});
