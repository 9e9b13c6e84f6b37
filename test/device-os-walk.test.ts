// Every release in the version table, started normally and in DFU mode,
// walked through doctor, flash (with the Wi-Fi step), rerun, wifi and
// restore: the route each takes and how each ends, checked against the
// table (model/device-os-versions.ts routeFor). The owner's application is
// on it, built for that release (its default dependency).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { routeFor, SYSTEM_MODULE_VERSIONS } from "../model/device-os-versions.ts";
import { packageRoot, photon, runCli, scratchDir } from "./cli-harness.ts";

const forum = JSON.parse(readFileSync(join(SCENARIO_DIR, "forum-static-ip-external-antenna.json"), "utf8"));
const RELEASES = Object.keys(SYSTEM_MODULE_VERSIONS).filter((v) => !v.includes("-"));
const PASSWORD = "correct horse";
const env = { PHOTON_NETRESET_WIFI_PASSWORD: PASSWORD };
const json = (out: string) => JSON.parse(out);

describe.each(["normal", "dfu"] as const)("every release, the device started %s", (usbMode) => {
  it.concurrent.each(RELEASES)("%s: doctor, flash, rerun, wifi and restore take the table's route and end as it says", async (deviceOs) => {
    const route = routeFor(SYSTEM_MODULE_VERSIONS[deviceOs]);
    const { root, bins } = packageRoot();
    const cwd = scratchDir("photon-netreset-walk-");
    const d = photon(parseScenario({ ...forum, device: { ...forum.device, deviceOs, usbMode, app: { name: "greenhouse-monitor" } } }, `walk ${deviceOs}`), {}, bins);
    const said: string[] = [];
    const run = async (argv: string[]) => { const r = await runCli(argv, [d], root, { cwd, env }); said.push(r.out, r.err); return r; };

    const doctor = await run(["doctor", "--json"]);
    expect(doctor.code, doctor.err).toBe(0);
    const recovery = json(doctor.out).devices[0].recovery;
    expect(recovery).toEqual(route.kind === "flash" ? { route: "firmware", build: route.build.deviceOs } : { route: route.kind });

    const flash = await run(["flash", "--json", "--ssid", "home", "--security", "wpa2"]);
    if (route.kind === "update-first") {
      expect(flash.code, flash.err).toBe(6);
      expect(d.flashed).toEqual([]);
      expect(d.wifiSettings()).toMatchObject({ antenna: "external", ipSource: "static" });
      return;
    }
    expect(flash.code, flash.err).toBe(0);
    const dev = json(flash.out).devices[0];
    expect(dev).toMatchObject({ deviceOs, result: "recovered", cloud: true, dct: { antenna: "internal", ipSource: "dynamic" } });
    expect(d.cloudConnected).toBe(true);
    expect(d.safeMode).toBe(false);

    const rerun = await run(["rerun", "--json"]);
    const wifi = await run(["wifi", "--json", "--ssid", "home", "--security", "wpa2"]);
    expect(wifi.code, wifi.err).toBe(0);
    expect(d.cloudConnected).toBe(true);

    if (route.kind === "flash") {
      expect(dev.route).toBe("firmware");
      expect(d.flashed).toEqual([route.build.deviceOs === "2.3.1" ? bins.photon : bins.older.photon]);
      expect(rerun.code, rerun.err).toBe(0);
      expect(dev.backup).toMatchObject({ moduleVersion: 3 });
      const restore = await run(["restore", dev.backup.path, "--json"]);
      expect(restore.code, restore.err + restore.out).toBe(0);
      expect(d.app).toMatchObject({ kind: "owner", app: { name: "greenhouse-monitor" } });
      expect(d.safeMode).toBe(false); // built for this release: its dependency is met
      expect(d.cloudConnected).toBe(true);
    } else {
      expect(dev.route).toBe("system-requests");
      expect(d.flashed).toEqual([]);
      expect(dev.backup).toBeNull(); // nothing replaced the owner's app
      expect(rerun.code).toBe(1); // no build of ours runs there to ask
      expect(json(rerun.out).error).toMatch(/does not run photon-netreset/);
      expect(d.app.kind).toBe("owner");
    }
    expect(said.join("")).not.toContain(PASSWORD);
  }, 60_000);
});
