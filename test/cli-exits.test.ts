// Every way out of photon-netreset: one JSON object under --json, a plain
// message and a documented exit code otherwise; Ctrl-C; the wifi command.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { overallExit } from "../cli/flash-command.ts";
import { findSerialPath } from "../cli/real-backends.ts";
import { sendCredentials } from "../recovery/wifi-setup.ts";
import { CliError } from "../cli/context.ts";
import { program } from "./helpers.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";

const json = (out: string) => {
  const text = out.trim();
  expect(text.startsWith("{") && text.endsWith("}"), out).toBe(true);
  return JSON.parse(text); // one object: JSON.parse refuses two
};

describe("--json on every exit path", () => {
  it("exit 2 (bad option, several devices), 3 (no device), 5 (already runs it): ok false, error, exitCode", async () => {
    const { root, bins } = packageRoot();
    const bad = await runCli(["flash", "--json", "--colour"], [], root);
    expect(bad.code).toBe(2);
    expect(json(bad.out)).toMatchObject({ ok: false, exitCode: 2, error: expect.stringMatching(/unknown option '--colour'/) });
    const two = await runCli(["flash", "--json"], [photon("healthy", {}, bins), photon("healthy", {}, bins)], root);
    expect(json(two.out)).toMatchObject({ ok: false, exitCode: 2, error: expect.stringMatching(/2 devices are connected/) });
    for (const cmd of ["flash", "doctor", "rerun", "wifi"]) {
      const none = await runCli([cmd, "--json", ...(cmd === "wifi" ? ["--ssid", "home", "--security", "open"] : [])], [], root);
      expect(none.code, cmd).toBe(3);
      expect(json(none.out)).toMatchObject({ ok: false, exitCode: 3, error: expect.stringMatching(/No Photon or P1 found/) });
    }
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const again = await runCli(["flash", "--json"], [d], root);
    expect(again.code).toBe(5);
    expect(json(again.out)).toMatchObject({ ok: false, exitCode: 5, error: expect.stringMatching(/already runs this build/), devices: [{ result: "already-recovered" }] });
  });

  it("--version and help, as JSON too", async () => {
    const { root } = packageRoot();
    expect((await runCli(["--version"], [], root)).out.trim()).toBe("9.9.9");
    expect(json((await runCli(["--version", "--json"], [], root)).out)).toEqual({ ok: true, version: "9.9.9" });
    const help = await runCli(["help", "flash"], [], root);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: photon-netreset flash \[options\]/);
    expect(help.out).toMatch(/--bin <file>/);
  });

  it("an option of another command is refused, not ignored", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    for (const argv of [["doctor", "--bin", "x.bin"], ["doctor", "--force"], ["rerun", "--ssid", "home"], ["wifi", "--bin", "x.bin"]]) {
      const r = await runCli(argv, [d], root);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toMatch(/unknown option/);
    }
    expect(d.flashed).toEqual([]);
  });
});

describe("--all: the exit code for several devices", () => {
  it("one recovered and one already running this build: exit 0, the table says which", async () => {
    const { root, bins } = packageRoot();
    const ds = [photon("forum-static-ip-external-antenna", {}, bins), photon("healthy", { app: { kind: "netreset", program: program() } }, bins)];
    const r = await runCli(["flash", "--all", "--no-wifi", "--json"], ds, root);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(new RegExp(`${ds[1].id} +already-recovered`));
    expect(json(r.out).devices.map((x: { result: string }) => x.result)).toEqual(["recovered", "already-recovered"]);
  });

  it("the rule", () => {
    expect(overallExit([0, 5])).toBe(0);
    expect(overallExit([5, 5])).toBe(5);
    expect(overallExit([0, 4])).toBe(4);
    expect(overallExit([4, 1, 0])).toBe(1);
    expect(overallExit([1])).toBe(1);
  });
});

describe("Wi-Fi credentials", () => {
  it("Ctrl-C at a question: exit 130, a plain message, nothing sent", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    d.options.scenario.afterReset = null;
    const r = await runCli(["flash", "--json"], [d], root, { interactive: true, answers: ["y", "^C"] });
    expect(r.code).toBe(130);
    expect(r.err).toMatch(/Cancelled/);
    expect(json(r.out)).toMatchObject({ ok: false, exitCode: 130 });
    expect(d.console.typed).toEqual([]);
  });

  it("answering no: the advice is the wifi command, and the wifi command then enters them without a flash", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    d.options.scenario.afterReset = null;
    const first = await runCli(["flash"], [d], root, { interactive: true, answers: ["n"] });
    expect(first.code).toBe(0);
    // Not the wifi command right before the question that does it: the command comes after a "no".
    expect(first.out).toMatch(/Next step: Enter your Wi-Fi credentials when asked, now/);
    expect(first.out + first.err).not.toMatch(/Next step:.*photon-netreset wifi/);
    expect(first.out).toMatch(/To enter Wi-Fi credentials later: npx photon-netreset wifi/);
    const flashes = d.flashed.length;
    const wifi = await runCli(["wifi", "--json"], [d], root, { interactive: true, answers: ["home", "correct horse"] }); // chosen from the Photon's scan: its security with it
    expect(wifi.code, wifi.err).toBe(0);
    expect(json(wifi.out)).toMatchObject({ ok: true, id: d.id, ssid: "home", cloud: true });
    expect(d.flashed.length).toBe(flashes);
    expect(wifi.out + wifi.err).not.toContain("correct horse");
  });

  it("wifi on a device not in listening mode asks it to enter it first", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins); // running the owner's application
    const r = await runCli(["wifi", "--ssid", "home"], [d], root, { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" } });
    expect(r.err).toMatch(/not in listening mode: asking it to enter it/);
    // The console's scan is Device OS's own (wlan_scan), whatever application runs: "home" is seen, no security questions.
    expect(d.console.typed.join("")).toBe("whome\rcorrect horse\r");
  });

  it("a wrong password: exit 1, and the advice is to run wifi again", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    const r = await runCli(["flash", "--ssid", "home", "--json"], [d], root,
      { env: { PHOTON_NETRESET_WIFI_PASSWORD: "wrong password" }, timing: { cloudTimeoutMs: 200 } });
    expect(r.code).toBe(1);
    expect(json(r.out)).toMatchObject({ ok: false, exitCode: 1, devices: [{ result: "recovered", cloud: false, error: expect.stringMatching(/npx photon-netreset wifi/) }] });
  });

  it("a device that asks for the SSID again is not answered for ever", async () => {
    const typed: string[] = [];
    let listener: (t: string) => void = () => {};
    const link = { write: (t: string) => { typed.push(t); setImmediate(() => listener("SSID: ")); }, onData: (l: (t: string) => void) => { listener = l; }, close: () => {} };
    await expect(sendCredentials(link, { ssid: "home", security: "open" })).rejects.toThrow(/asked for the network name again: it did not accept the answer/);
    expect(typed).toEqual(["w", "home\r"]);
  });

  it("--ssid and the password are checked before any device is touched", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    const arrows = await runCli(["flash", "--ssid", "home"], [d], root, { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct\u001b[D horse" } });
    expect(arrows.code).toBe(2);
    expect(arrows.err).toMatch(/control character/);
    expect((await runCli(["flash", "--ssid", "x".repeat(33), "--security", "open"], [d], root)).err).toMatch(/at most 32 bytes/);
    expect(d.flashed).toEqual([]);
  });
});

describe("the serial port without udevadm", () => {
  it("is a plain message with exit code 3, not a crash", async () => {
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), "no-udevadm-")); // serialport's list() spawns udevadm from PATH on Linux
    try {
      const e = await findSerialPath("e00fce68000000000000d3a0").catch((x) => x);
      expect(e).toBeInstanceOf(CliError);
      expect(e.code).toBe(3);
      expect(e.message).toMatch(/needs udevadm \(Debian\/Ubuntu package udev\), which is not installed/);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("the real-device path loads no simulator", () => {
  const loaded = (args: string[]) => {
    const log = join(mkdtempSync(join(tmpdir(), "loaded-")), "modules.log");
    const r = spawnSync(process.execPath, ["--import", "./test/fixtures/log-loaded-modules.mjs", "--import", "tsx", "cli/run.ts", ...args],
      { encoding: "utf8", env: { ...process.env, LOADED_MODULES_LOG: log }, timeout: 60_000 });
    return { code: r.status, urls: readFileSync(log, "utf8").split("\n").filter(Boolean) };
  };
  const simulator = /host-shim\/usb\/|simulated-photon|cli\/simulate\.ts/;

  it("flash with no device and no --simulate loads no host-shim/usb or simulated-photon module", () => {
    const r = loaded(["flash"]);
    expect(r.code).toBe(3); // no Photon here; on a machine with one this test would flash it, so none may be attached
    expect(r.urls.some((u) => u.endsWith("cli/main.ts"))).toBe(true); // the log sees our modules
    expect(r.urls.filter((u) => simulator.test(u))).toEqual([]);
  });

  it("--simulate does load them (the check above can see them)", () => {
    const r = loaded(["doctor", "--simulate", "healthy"]);
    expect(r.code).toBe(0);
    expect(r.urls.filter((u) => simulator.test(u))).toEqual(expect.arrayContaining([expect.stringMatching(/host-shim\/usb\/simulated-usb-photon\.ts$/)]));
  });
});
