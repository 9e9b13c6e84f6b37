// The owner's application is saved before the flash and can be put back
// (issue 21): against simulated USB Photons carrying an owner's app
// (scenario key device.app, host-shim/owner-app.ts).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ownerAppBin, type OwnerApp } from "../host-shim/owner-app.ts";
import { loadScenario, parseScenario, type Scenario } from "../host-shim/scenario.ts";
import { InputError } from "../host-shim/validate.ts";
import { sha256Hex } from "../model/sha256.ts";
import { backupFileName } from "../cli/backup-file.ts";
import { main } from "../cli/main.ts";
import { REAL_TIMING, type CliContext } from "../cli/context.ts";
import { packageRoot, photon, runCli, scratchDir, scriptedPrompts, userPart } from "./cli-harness.ts";

const PASSWORD = "correct horse";
const env = { PHOTON_NETRESET_WIFI_PASSWORD: PASSWORD };
const json = (out: string) => JSON.parse(out);
const tempDir = () => scratchDir("photon-netreset-backup-test-");

function withApp(name: string, app: Partial<OwnerApp> = {}): Scenario {
  const s = loadScenario(name);
  s.device.app = { name: "greenhouse-monitor", codeBytes: 30_000, moduleVersion: 7, breaksSettings: null, ...app };
  return s;
}

describe("flash saves the owner's application first", () => {
  it("the backup file is byte for byte what the device held, read only as far as its module goes, mode 0600, no password in it", async () => {
    const { root, bins } = packageRoot();
    const scenario = withApp("forum-static-ip-external-antenna");
    const d = photon(scenario, {}, bins);
    const held = ownerAppBin(scenario.device.app!, "photon");
    d.dfu.flash.fill(0xab, 0xa0000 + held.length, 0xa0000 + 0x20000); // past the module: must not end up in the backup
    const cwd = tempDir();
    const r = await runCli(["flash", "--json", "--no-wifi"], [d], root, { cwd });
    expect(r.code, r.err).toBe(0);
    const [device] = json(r.out).devices;
    const files = readdirSync(cwd);
    expect(files).toEqual([backupFileName(d.id, new Date())]);
    const path = join(cwd, files[0]);
    const saved = readFileSync(path);
    expect(saved.equals(held)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(device.backup).toEqual({ path, bytes: held.length, sha256: await sha256Hex(held), moduleVersion: 7 });
    expect(device.restored).toBeNull();
    expect(saved.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(r.err).toMatch(/Saving your application: 100%/);
    expect(r.err).toContain(`is saved in ${path}`);
    expect(r.err).toContain(`To put your application back later: npx photon-netreset restore ${path}`);
    // One DFU visit for the backup and the flash: flashed over DFU, no update over control requests.
    expect(r.err).toMatch(/Flashing over DFU: 100%/);
    expect(d.log.filter((e) => e.event === "update-finished")).toEqual([]);
    expect(d.flashed).toEqual([bins.photon]);
    expect(device.result).toBe("recovered");
  });

  it("a device with no application (erased slot) backs up nothing, and says so", async () => {
    const { root, bins } = packageRoot();
    const d = photon("forum-static-ip-external-antenna", {}, bins);
    const cwd = tempDir();
    const r = await runCli(["flash", "--json", "--no-wifi"], [d], root, { cwd });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Nothing to back up: the user slot is empty \(erased flash\)\./);
    expect(json(r.out).devices[0].backup).toBeNull();
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a device already holding this photon-netreset build (found in DFU mode) backs up nothing", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", { mode: "dfu", userPart: bins.photon }, bins);
    const cwd = tempDir();
    const r = await runCli(["flash", "--json", "--no-wifi"], [d], root, { cwd });
    expect(r.err).toMatch(/Nothing to back up: it already holds this photon-netreset build/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a user part failing its CRC is not kept", async () => {
    const { root, bins } = packageRoot();
    const bad = Buffer.from(ownerAppBin(withApp("healthy").device.app!, "photon"));
    bad[100] ^= 0xff;
    const d = photon(withApp("healthy"), { userPart: bad }, bins);
    const cwd = tempDir();
    const r = await runCli(["flash", "--json", "--no-wifi"], [d], root, { cwd });
    expect(r.err).toMatch(/Nothing to back up: the user slot holds no valid user part \(its CRC does not match/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("--no-backup skips it: no DFU visit before the flash, the update goes over control requests", async () => {
    const { root, bins } = packageRoot();
    const d = photon(withApp("forum-static-ip-external-antenna"), {}, bins);
    const cwd = tempDir();
    const r = await runCli(["flash", "--json", "--no-wifi", "--no-backup"], [d], root, { cwd });
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(json(r.out).devices[0].backup).toBeNull();
    expect(d.log.filter((e) => e.event === "update-finished")).toHaveLength(1);
  });

  it("a second backup the same day does not overwrite the first", async () => {
    const { root, bins } = packageRoot();
    const cwd = tempDir();
    const first = photon(withApp("healthy"), {}, bins);
    writeFileSync(join(cwd, backupFileName(first.id, new Date())), "an earlier one");
    const r = await runCli(["flash", "--json", "--no-wifi"], [first], root, { cwd });
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(cwd, backupFileName(first.id, new Date())), "utf8")).toBe("an earlier one");
    expect(json(r.out).devices[0].backup.path).toBe(join(cwd, backupFileName(first.id, new Date(), 2)));
  });
});

describe("putting it back", () => {
  it("restore FILE puts it back and it runs; its settings are left alone: it reaches the cloud", async () => {
    const { root, bins } = packageRoot();
    const d = photon(withApp("healthy"), {}, bins);
    const cwd = tempDir();
    const r = await runCli(["flash", "--json", "--ssid", "home", "--security", "wpa2"], [d], root, { cwd, env });
    expect(r.code, r.err).toBe(0);
    const { path } = json(r.out).devices[0].backup;
    expect(d.app.kind).toBe("netreset");
    const back = await runCli(["restore", path, "--json"], [d], root, { cwd });
    expect(back.code, back.err).toBe(0);
    expect(d.flashed.at(-1)!.equals(readFileSync(path))).toBe(true);
    expect(d.app).toMatchObject({ kind: "owner", app: { name: "greenhouse-monitor" } });
    expect(d.ownerAppRuns).toBeGreaterThan(0);
    expect(d.cloudConnected).toBe(true);
    expect(json(back.out)).toMatchObject({ ok: true, id: d.id, restored: { path, moduleVersion: 7, settingsChanged: [], dct: { antenna: "internal", ipSource: "dynamic" } } });
    expect(back.err).toMatch(/your application left them alone/);
    expect(`${r.err}${r.out}${back.err}${back.out}`).not.toContain(PASSWORD);
  });

  it("an app that sets a static IP and the external antenna again: the read-back says so, and what to change in the app", async () => {
    const { root, bins } = packageRoot();
    const d = photon(withApp("forum-static-ip-external-antenna", {
      breaksSettings: { antenna: "external", ipSource: "static", staticIp: { host: "10.0.0.50", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: "8.8.8.8" } },
    }), {}, bins);
    const cwd = tempDir();
    const r = await runCli(["flash", "--json", "--no-wifi", "--restore"], [d], root, { cwd });
    expect(r.code, r.err).toBe(0);
    const [device] = json(r.out).devices;
    expect(device.restored.dct).toMatchObject({ antenna: "external", ipSource: "static" });
    expect(device.restored.settingsChanged).toHaveLength(2);
    expect(r.err).toMatch(/Your application changed the network settings again/);
    expect(r.err).toMatch(/static IP 10\.0\.0\.50\/24, gateway 10\.0\.0\.1: unless your network is 10\.0\.0\.x.*remove WiFi\.useStaticIP\(\)/);
    expect(r.err).toMatch(/external antenna selected.*WiFi\.selectAntenna\(ANT_INTERNAL\)/);
    expect(d.app.kind).toBe("owner");
    expect(d.photon!.wifi.ipSource).toBe("static");
  });

  it("at a terminal, flash asks at the end whether to put it back", async () => {
    const { root, bins } = packageRoot();
    const d = photon(withApp("forum-static-ip-external-antenna"), {}, bins);
    const r = await runCli(["flash", "--no-wifi"], [d], root, { cwd: tempDir(), interactive: true, answers: ["y"] });
    expect(r.code, r.err).toBe(0);
    expect(r.asked).toEqual(["Put your own application back on it now?"]);
    expect(d.app.kind).toBe("owner");
  });

  it("a file for another platform is refused before a byte is sent (exit 4)", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: (await import("./helpers.ts")).program() } }, bins);
    const file = join(tempDir(), "p1-app.bin");
    writeFileSync(file, userPart({ platformId: 8 }));
    const enumeration = d.enumeration;
    const r = await runCli(["restore", file, "--json"], [d], root);
    expect(r.code).toBe(4);
    expect(json(r.out)).toMatchObject({ ok: false, exitCode: 4 });
    expect(r.err).toMatch(/Refusing to flash .*p1-app\.bin:\n {2}- it is built for a p1, but the device is a photon: choose a backup made from this Photon, or your application built for it\n/);
    expect(r.err).toMatch(/Nothing was sent to the device\./);
    expect(d.flashed).toEqual([]);
    expect(d.enumeration).toBe(enumeration);
    expect(d.app.kind).toBe("netreset");
  });

  it("a truncated file is refused before any device is looked for", async () => {
    const { root, bins } = packageRoot();
    const file = join(tempDir(), "cut.bin");
    writeFileSync(file, ownerAppBin(withApp("healthy").device.app!, "photon").subarray(0, 5000));
    const r = await runCli(["restore", file], [photon("healthy", {}, bins)], root);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/Refusing to flash/);
  });

  it("--restore with --no-backup is a usage error (exit 2)", async () => {
    const { root } = packageRoot();
    const r = await runCli(["flash", "--restore", "--no-backup"], [], root);
    expect(r.code).toBe(2);
  });
});

/** `photon-netreset CMD --simulate …` as a user runs it, in a scratch folder as the current one (backups land there). */
async function simulate(argv: string[], cwd: string) {
  let out = "", err = "";
  const ctx: CliContext = {
    usb: { openAll: async () => ({ devices: [], unopened: [] }) }, serial: { open: async () => { throw new Error("no serial"); } },
    root: process.cwd(), cwd, timing: REAL_TIMING,
    io: { out: (t) => { out += t; }, err: (t) => { err += t; }, interactive: false, tty: false, env, prompts: scriptedPrompts([], [], []) },
  };
  return { code: await main(argv, ctx), out, err };
}

describe("the built-in scenario owner-app-static-ip (flash --simulate shows the backup and the restore)", () => {
  const SIM = "owner-app-static-ip";
  const simulatedId = (out: string) => json(out).devices[0].id as string;

  it("flash backs the simulated app up into the current folder, says it is a simulated device's app, and offers restore with --simulate", async () => {
    const cwd = tempDir();
    const r = await simulate(["flash", "--simulate", SIM, "--ssid", "home", "--security", "wpa2", "--json"], cwd);
    expect(r.code, r.err).toBe(0);
    const id = simulatedId(r.out);
    const path = join(cwd, backupFileName(id, new Date()));
    expect(readdirSync(cwd)).toEqual([backupFileName(id, new Date())]);
    expect(readFileSync(path).equals(ownerAppBin(loadScenario(SIM).device.app!, "photon"))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(json(r.out).devices[0]).toMatchObject({ result: "recovered", backup: { path, moduleVersion: 3 }, restored: null });
    expect(r.err).toMatch(/Simulation: this is the simulated Photon's made-up application from scenario "owner-app-static-ip", not one of yours/);
    expect(r.err).toContain(`To put your application back later: npx photon-netreset restore ${path} --simulate ${SIM}`);
  });

  it("--restore puts it back; the read-back says in words that it broke the settings again and what to change", async () => {
    const cwd = tempDir();
    const r = await simulate(["flash", "--simulate", SIM, "--ssid", "home", "--security", "wpa2", "--restore", "--json"], cwd);
    expect(r.code, r.err).toBe(0);
    const { restored } = json(r.out).devices[0];
    expect(restored).toMatchObject({ moduleVersion: 3, dct: { antenna: "external", ipSource: "static" } });
    expect(restored.settingsChanged).toEqual([expect.stringMatching(/static IP again.*remove WiFi\.useStaticIP\(\)/),
      expect.stringMatching(/external antenna again.*WiFi\.selectAntenna\(ANT_INTERNAL\)/)]);
    expect(r.err).toMatch(/Your application changed the network settings again/);
    expect(`${r.out}${r.err}`).not.toContain(PASSWORD);
  });

  it("restore FILE --simulate, as the advice says: the simulated app is put back and runs as that app", async () => {
    const cwd = tempDir();
    const first = await simulate(["flash", "--simulate", SIM, "--no-wifi", "--json"], cwd);
    const { path } = json(first.out).devices[0].backup;
    const r = await simulate(["restore", path, "--simulate", SIM, "--json"], cwd);
    expect(r.code, r.err).toBe(0);
    expect(json(r.out).restored).toMatchObject({ path, dct: { antenna: "external", ipSource: "static" } });
  });
});

describe("scenario key device.app", () => {
  const parse = (app: unknown) => parseScenario({ device: { app }, environment: {} }, "t");
  it("is optional: without it the slot is as before (no image)", () => {
    expect(parseScenario({ environment: {} }, "t").device.app).toBeUndefined();
  });
  it("names the bad field", () => {
    expect(() => parse({})).toThrow(new InputError("device.app.name: expected a string, got undefined"));
    expect(() => parse({ name: "x", breaksSettings: { antenna: "roof" } })).toThrow(/device\.app\.breaksSettings\.antenna: expected one of internal, external, auto/);
    expect(() => parse({ name: "x", breaksSettings: { staticIp: { host: "1.2.3" } } })).toThrow(/device\.app\.breaksSettings\.staticIp\.host: expected an IPv4 address/);
    expect(() => parse({ name: "x", codeBytes: 200_000 })).toThrow(/device\.app\.codeBytes: expected a whole number from 16 to/);
    expect(() => parse({ name: "x", colour: 1 })).toThrow(/device\.app\.colour: unknown field/);
  });
});
