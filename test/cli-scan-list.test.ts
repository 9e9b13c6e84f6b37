// The Wi-Fi step offers the networks the Photon itself sees (its scan list,
// strongest first, signal shown, security taken from the scan, "a hidden
// network..." last); a network typed or given that is not in the list is
// warned about before anything is sent, and the owner may go on; --ssid in
// scripts is unchanged but warned on stderr; a failed join names the list.
import { describe, expect, it } from "vitest";
import { PASSWORD_ENV } from "../cli/options.ts";
import { OTHER_NETWORK } from "../recovery/scan-list.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";

const FIVE = "five-networks-with-5ghz"; // the Photon sees home-2g; home-5g and office-5g are 5 GHz only
const NETWORK_QUESTION = "Network (those the Photon sees, strongest first)";
const timing = { cloudTimeoutMs: 3000 };

describe("flash at a terminal: a choice from the Photon's own scan", () => {
  it("offers what it sees, strongest first with the signal, 'a hidden network...' last; the security comes from the scan", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FIVE, {}, bins);
    const r = await runCli(["flash"], [d], root, { interactive: true, answers: ["y", "home-2g", "home-password-2"], timing });
    expect(r.code, r.err).toBe(0);
    expect(r.asked).toEqual(["Enter Wi-Fi credentials now?", NETWORK_QUESTION, "Password (hidden)"]); // no security question
    const labels = r.offered.find((o) => o.question === NETWORK_QUESTION)!.labels;
    expect(labels[0]).toMatch(/^home-2g {2}\(-\d+ dBm, \w[\w ]*; WPA2\)$/);
    expect(labels.at(-1)).toMatch(/^a hidden network, or one not listed/);
    expect(labels.join("\n")).not.toMatch(/5g/); // 5 GHz networks are not in the Photon's list
    expect(r.out + r.err).not.toContain("home-password-2");
  });

  it("several networks are ranked strongest first", async () => {
    const { root, bins } = packageRoot();
    const d = photon({ ...(await import("../host-shim/scenario.ts")).parseScenario({
      device: { credentials: [] },
      environment: { accessPoints: [
        { ssid: "far", security: "wpa2", password: "far-password", rssi: -82 },
        { ssid: "near", security: "wpa", password: "near-password", rssi: -45 },
        { ssid: "cafe", security: "open", rssi: -67 }] },
    }, "three") }, {}, bins);
    const r = await runCli(["flash"], [d], root, { interactive: true, answers: ["y", "cafe"], timing });
    const labels = r.offered.find((o) => o.question === NETWORK_QUESTION)!.labels;
    expect(labels.map((l) => l.split(" ")[0])).toEqual(["near", "cafe", "far", "a"]);
    expect(labels[1]).toContain("open");
    expect(r.asked).toEqual(["Enter Wi-Fi credentials now?", NETWORK_QUESTION]); // an open network: no security, no password asked
  });

  it("a typed network the Photon does not see: warned before sending (5 GHz, range, radio or antenna); go on, and the failure names the list", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FIVE, {}, bins);
    const r = await runCli(["flash"], [d], root, { interactive: true, answers: ["y", OTHER_NETWORK, "home-5g", "y", "wpa2", "home-password-5"], timing });
    expect(r.asked).toEqual(["Enter Wi-Fi credentials now?", NETWORK_QUESTION, "Network name (SSID, 2.4 GHz)", 'Enter the credentials for "home-5g" anyway?', "Security", "Password (hidden)"]);
    const warning = r.err.indexOf("Your network 'home-5g' is not among the 1 network the Photon sees");
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(r.err.slice(warning)).toMatch(/5 GHz only .* out of range, .* radio or antenna fault/s);
    expect(warning).toBeLessThan(r.err.indexOf('Sending the credentials for "home-5g"')); // before sending
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Your network 'home-5g' is not among the 1 network the Photon sees/);
  });

  it("declined after the warning: asked again, nothing sent for it", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FIVE, {}, bins);
    const r = await runCli(["flash"], [d], root, { interactive: true, answers: ["y", OTHER_NETWORK, "home-5g", "n", "home-2g", "home-password-2"], timing });
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('Sending the credentials for "home-5g"');
    expect(r.asked.filter((q) => q === NETWORK_QUESTION)).toHaveLength(2);
  });

  it("a Photon that sees nothing (only 5 GHz near): no list to choose from, and the name typed is warned about (the wifi command)", async () => {
    const { root, bins } = packageRoot();
    const d = photon("only-5ghz", {}, bins);
    await runCli(["flash", "--no-wifi"], [d], root, { timing });
    const r = await runCli(["wifi"], [d], root, { interactive: true, answers: ["mesh", "n", "^C"], timing });
    expect(r.asked.slice(0, 2)).toEqual(["Network name (SSID, 2.4 GHz)", 'Enter the credentials for "mesh" anyway?']);
    expect(r.err).toMatch(/Your network 'mesh' is not in the Photon's list: it sees no network at all\. It hears only 2\.4 GHz, so a 5 GHz-only network is invisible to it/);
    expect(r.code).toBe(130);
  });
});

describe("--ssid in scripts", () => {
  it("unchanged, but a network the Photon does not see is warned about on stderr and sent anyway; --json's error names the list", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FIVE, {}, bins);
    const r = await runCli(["flash", "--ssid", "home-5g", "--json"], [d], root, { env: { [PASSWORD_ENV]: "home-password-5" }, timing });
    expect(r.err).toMatch(/Your network 'home-5g' is not among the 1 network the Photon sees.*Sending them anyway\./);
    expect(r.err).toContain('Sending the credentials for "home-5g"');
    expect(r.code).toBe(1);
    expect(r.asked).toEqual([]);
  });

  it("a network it sees: no warning", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FIVE, {}, bins);
    const r = await runCli(["flash", "--ssid", "home-2g"], [d], root, { env: { [PASSWORD_ENV]: "home-password-2" }, timing });
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/not among/);
  });

  it("the wifi command too", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FIVE, {}, bins);
    await runCli(["flash", "--no-wifi"], [d], root, { timing });
    const r = await runCli(["wifi", "--ssid", "office-5g"], [d], root, { env: { [PASSWORD_ENV]: "office-password" }, timing });
    expect(r.err).toMatch(/Your network 'office-5g' is not among the 1 network the Photon sees.*Sending them anyway\./);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not among the 1 network the Photon sees/);
  });
});
