// `--report FILE` on doctor and flash: the report written as a new file, mode
// 0600, never over an existing one (exit 2, naming it, nothing sent), and
// grepped for every secret the scenario holds: its Wi-Fi passwords, the key
// bytes its DCT holds, its claim code, and the full device id unless --full-id.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInScenarioNames, loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { FAKE_CLAIM_CODE, FAKE_PRIVATE_KEY } from "../host-shim/usb/dct-image.ts";
import { standInWrongKey } from "../host-shim/dct-server-key.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { shortDeviceId } from "../model/report-file.ts";
import { PARTICLE_SERVER_KEY } from "../model/server-key.ts";
import { PASSWORD_ENV } from "../cli/options.ts";
import { packageRoot, photon, runCli, scratchDir } from "./cli-harness.ts";

/** Every password a scenario holds: stored, at the access points, typed after the reset. */
const passwords = (s: Scenario) => [...s.device.credentials, ...s.environment.accessPoints, ...(s.afterReset?.credentials ?? [])]
  .flatMap((c) => (c.password ? [c.password] : []));

/** Every secret the report must not hold, with what it is. */
function secretsOf(s: Scenario, d: SimulatedUsbPhoton, fullId: boolean): [string, string][] {
  const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
  return [
    ...passwords(s).map((p): [string, string] => [`password ${JSON.stringify(p)}`, p]),
    ["the private key's stand-in text", FAKE_PRIVATE_KEY.toString("latin1").slice(0, 14)],
    ["the private key's bytes (hex)", hex(FAKE_PRIVATE_KEY.subarray(0, 16))],
    ["the private key's bytes (base64)", b64(FAKE_PRIVATE_KEY.subarray(0, 30))],
    ["the server key's modulus (hex)", hex(PARTICLE_SERVER_KEY.subarray(33, 49))],
    ["the server key (base64)", b64(PARTICLE_SERVER_KEY).slice(0, 40)],
    ["the wrong server key's bytes (hex)", hex(standInWrongKey().subarray(33, 49))],
    ["the wrong server key's text", "NOT THE PARTICLE CLOUD'S KEY"],
    ["the claim code", FAKE_CLAIM_CODE],
    ["the claim code's start", FAKE_CLAIM_CODE.slice(0, 16)],
    ...(fullId ? [] : [["the full device id", d.id] as [string, string]]),
  ];
}

function expectNoSecrets(text: string, secrets: [string, string][]) {
  for (const [what, secret] of secrets) expect(text.toLowerCase().includes(secret.toLowerCase()), `${what} is in the report`).toBe(false);
}

describe("doctor --report FILE", () => {
  it.each(builtInScenarioNames())("%s: written 0600, what doctor read, and no secret of the scenario", async (name) => {
    const { root, bins } = packageRoot();
    const d = photon(name, {}, bins);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["doctor", "--report", "report.txt", "--json"], [d], root, { cwd: dir });
    const path = join(dir, "report.txt");
    expect(JSON.parse(r.out).report).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, "utf8");
    expectNoSecrets(text, secretsOf(loadScenario(name), d, false));
    expect(text).toContain(shortDeviceId(d.id));
    expect(text).toMatch(/server key: +(right|wrong|blank):/);
    expect(text).toMatch(/IP: +(dynamic|static)/);
    expect(r.err).toMatch(/Report written to .*report\.txt \(no password, key or claim code in it; the device id shortened\)/);
  });

  it("--full-id puts the whole device id in; without --report it is refused (exit 2)", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["doctor", "--report", "r.txt", "--full-id"], [d], root, { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, "r.txt"), "utf8")).toContain(`device:       ${d.id}\n`);
    const alone = await runCli(["doctor", "--full-id"], [photon("healthy", {}, bins)], root);
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/--full-id goes with --report FILE/);
  });

  it("an existing file is refused before anything is sent (exit 2, named), and left as it was", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", {}, bins);
    const dir = scratchDir("photon-netreset-report-");
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = await runCli(["doctor", "--report", "notes.txt", "--json"], [d], root, { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toContain(`${join(dir, "notes.txt")} exists already; it is not overwritten`);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(d.dfu.dctReads).toEqual([]);
  });
});

describe("doctor --report FILE after the reset", () => {
  it("holds the networks the Photon's own scan saw, strongest first; doctor says them too", async () => {
    const { root, bins } = packageRoot();
    const d = photon("five-networks-with-5ghz", {}, bins);
    await runCli(["flash", "--no-wifi"], [d], root);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["doctor", "--report", "r.txt"], [d], root, { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/networks it sees: home-2g {2}\(-\d+ dBm, [\w ]+; WPA2\)/);
    const text = readFileSync(join(dir, "r.txt"), "utf8");
    expect(text).toMatch(/Wi-Fi networks the Photon sees \(1\):\n {2}home-2g +-\d+ dBm +wpa2 \(aes\), channel \d+/);
    expectNoSecrets(text, secretsOf(loadScenario("five-networks-with-5ghz"), d, false));
  });
});

describe("flash --report FILE", () => {
  it("after Wi-Fi credentials from a script: what was done and when, every verdict, and neither the password typed nor any other", async () => {
    const { root, bins } = packageRoot();
    const d = photon("five-networks-with-5ghz", {}, bins);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["flash", "--ssid", "home-2g", "--report", "flash-report.txt"], [d], root, { cwd: dir, env: { [PASSWORD_ENV]: "home-password-2" }, timing: { cloudTimeoutMs: 20_000 } });
    expect(r.code, r.err).toBe(0);
    const path = join(dir, "flash-report.txt");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, "utf8");
    expectNoSecrets(text, secretsOf(loadScenario("five-networks-with-5ghz"), d, false));
    expect(text).toMatch(/\d\d:\d\d:\d\d +flashing photon-netreset/);
    expect(text).toMatch(/Wi-Fi credentials sent for "home-2g"/);
    expect(text).toMatch(/result: recovered/);
    expect(text).toMatch(/cloud: connected/);
    expect(text).toMatch(/Our firmware's report:/);
  });

  it("holds the networks the Photon's own scan saw after the reset, as doctor's does, with --no-wifi too; --json gives them as doctor does", async () => {
    const { root, bins } = packageRoot();
    const d = photon("five-networks-with-5ghz", {}, bins);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["flash", "--no-wifi", "--json", "--report", "r.txt"], [d], root, { cwd: dir });
    expect(r.code, r.err).toBe(0);
    const [device] = JSON.parse(r.out).devices;
    expect(device.scanSeen).toBe(1);
    expect(device.scan).toEqual([{ ssid: "home-2g", rssi: expect.any(Number), security: "wpa2", cipher: "aes", channel: 11 }]); // the scenario's channel
    const text = readFileSync(join(dir, "r.txt"), "utf8");
    expect(text).toMatch(/Wi-Fi networks the Photon sees \(1\):\n {2}home-2g +-\d+ dBm +wpa2 \(aes\), channel 11\n/);
    expect(text).not.toMatch(/-5g/); // the 5 GHz networks it cannot hear
    expectNoSecrets(text, secretsOf(loadScenario("five-networks-with-5ghz"), d, false));
  });

  it("at a terminal, after credentials chosen from the list: the report holds the list that was offered", async () => {
    const { root, bins } = packageRoot();
    const d = photon("five-networks-with-5ghz", {}, bins);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["flash", "--report", "r.txt"], [d], root, { cwd: dir, interactive: true, answers: ["y", "home-2g", "home-password-2"], timing: { cloudTimeoutMs: 20_000 } });
    expect(r.code, r.err).toBe(0);
    expect(r.offered[0].labels[0]).toMatch(/^home-2g /);
    const text = readFileSync(join(dir, "r.txt"), "utf8");
    expect(text).toMatch(/Wi-Fi networks the Photon sees \(1\):\n {2}home-2g /);
    expect(text).toMatch(/cloud: connected/);
    expectNoSecrets(text, secretsOf(loadScenario("five-networks-with-5ghz"), d, false));
  });

  it("on a Photon that already runs this build (nothing flashed): the networks it sees are in the report too", async () => {
    const { root, bins } = packageRoot();
    const d = photon("five-networks-with-5ghz", {}, bins);
    await runCli(["flash", "--no-wifi"], [d], root);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["flash", "--no-wifi", "--report", "r.txt"], [d], root, { cwd: dir });
    expect(r.code, r.err).toBe(5);
    const text = readFileSync(join(dir, "r.txt"), "utf8");
    expect(text).toMatch(/result: already-recovered/);
    expect(text).toMatch(/Wi-Fi networks the Photon sees \(1\):\n {2}home-2g +-\d+ dBm +wpa2 \(aes\), channel 11\n/);
  });

  it("on 1.5.2 (its own system resets it): the networks from its system's scan request", async () => {
    const { root, bins } = packageRoot();
    const d = photon("five-networks-with-5ghz", { systemVersion: "1.5.2" }, bins);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["flash", "--no-wifi", "--report", "r.txt"], [d], root, { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, "r.txt"), "utf8")).toMatch(/Wi-Fi networks the Photon sees \(1\):\n {2}home-2g +-\d+ dBm +wpa2 \(aes\), channel 11\n/);
  });

  it("a wrong server key fixed by flash: the report says what was written and read back", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const dir = scratchDir("photon-netreset-report-");
    const r = await runCli(["flash", "--no-wifi", "--fix-server-key", "--report", "r.txt"], [d], root, { cwd: dir });
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(join(dir, "r.txt"), "utf8");
    expect(text).toMatch(/cloud server key: wrong \(written, read back right\)/);
    expectNoSecrets(text, secretsOf(loadScenario("wrong-server-key"), d, false));
  });
});
