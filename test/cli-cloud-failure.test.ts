// After the Wi-Fi step, a Photon that joins Wi-Fi but never reaches the cloud
// is told apart by the server key read before: a wrong key (fixable here:
// flash --fix-server-key) or, with Particle's key, the device's own key the
// cloud does not know (`particle keys doctor ID`, the owner's login; never
// called fixed, never a login asked for). A wrong password stays what it was.
import { describe, expect, it } from "vitest";
import { PASSWORD_ENV } from "../cli/options.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";

type Device = { result: string; cloud: boolean; error?: string; cloudFailure?: { cause: string; fixableHere: boolean; summary: string; nextStep: string };
  next?: { command: string; args?: string[] }[]; advice: { headline: string; tone: string } };
const device = (out: string) => (JSON.parse(out) as { devices: Device[] }).devices[0];
const env = { [PASSWORD_ENV]: "correct horse" };
const timing = { cloudTimeoutMs: 3000 };

describe("on Wi-Fi but not on the cloud", () => {
  it("unknown device key: says `particle keys doctor ID` and why, asks for no login, never says fixed (terminal)", async () => {
    const { root, bins } = packageRoot();
    const d = photon("unknown-device-key", {}, bins);
    const r = await runCli(["flash", "--ssid", "home"], [d], root, { env, timing });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/On Wi-Fi, and its server key is Particle's, but it does not reach the cloud: most likely the cloud does not know this Photon's own key/);
    expect(r.out).toContain(`Next step: Run \`particle keys doctor ${d.id}\``);
    expect(r.out).toMatch(/only the Photon's owner may do, so it needs your Particle login/);
    expect(r.out + r.err).not.toMatch(/fixed|check the password/i);
    expect(r.asked).toEqual([]);
  });

  it("unknown device key, --json: cloudFailure device-key-or-network, not fixable here, no next step of ours", async () => {
    const { root, bins } = packageRoot();
    const d = photon("unknown-device-key", {}, bins);
    const r = await runCli(["flash", "--ssid", "home", "--json"], [d], root, { env, timing });
    const dev = device(r.out);
    expect(dev.cloud).toBe(false);
    expect(dev.cloudFailure).toMatchObject({ cause: "device-key-or-network", fixableHere: false });
    expect(dev.cloudFailure!.nextStep).toContain(`particle keys doctor ${d.id}`);
    expect(dev.advice).toMatchObject({ tone: "problem", headline: "On Wi-Fi, but the Particle cloud does not accept this Photon" });
    expect(dev.next).toEqual([]);
  });

  it("wrong server key, not written before: the server key named as the cause, and flash --fix-server-key offered", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const r = await runCli(["flash", "--ssid", "home", "--json"], [d], root, { env, timing });
    const dev = device(r.out);
    expect(dev.cloudFailure).toMatchObject({ cause: "server-key", fixableHere: true });
    expect(dev.cloudFailure!.summary).toMatch(/another RSA key, not the Particle cloud's/);
    expect(dev.cloudFailure!.nextStep).toContain("npx photon-netreset flash --fix-server-key");
    expect(dev.next).toEqual([{ command: "flash", args: ["--fix-server-key"] }]);
  });

  it("the step it names works: flash --fix-server-key on the Photon already reset writes the key (exit 0, not 'nothing was done'), and it reaches the cloud", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    await runCli(["flash", "--ssid", "home", "--json"], [d], root, { env, timing });
    const r = await runCli(["flash", "--fix-server-key", "--json"], [d], root, { timing });
    expect(r.code, r.err).toBe(0);
    expect(device(r.out)).toMatchObject({ result: "already-recovered", serverKey: { verdict: "wrong", write: { written: true, after: "right" } } });
    for (let i = 0; i < 300 && d.cloudStatus !== 2; i++) await new Promise((res) => setTimeout(res, 10));
    expect(d.cloudStatus).toBe(2);
  });

  it("wrong server key written by flash --fix-server-key: it reaches the cloud", async () => {
    const { root, bins } = packageRoot();
    const d = photon("wrong-server-key", {}, bins);
    const r = await runCli(["flash", "--ssid", "home", "--fix-server-key", "--json"], [d], root, { env, timing });
    expect(r.code, r.err).toBe(0);
    expect(device(r.out)).toMatchObject({ cloud: true });
    expect(device(r.out).cloudFailure).toBeUndefined();
  });

  it("a wrong password is still a wrong password, not a cloud failure", async () => {
    const { root, bins } = packageRoot();
    const d = photon("unknown-device-key", {}, bins);
    const r = await runCli(["flash", "--ssid", "home", "--json"], [d], root, { env: { [PASSWORD_ENV]: "not the password" }, timing });
    const dev = device(r.out);
    expect(dev.cloudFailure).toBeUndefined();
    expect(dev.error).toMatch(/could not join "home"|check the password/);
  });
});
