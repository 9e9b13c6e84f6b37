// Ctrl-C at every phase of flash, restore, doctor and wifi: what the command
// says is the state the Photon is really in (from the state the workflow
// recorded last) and a command that is right for that state, in one unwrapped
// message; with --json the object still carries what was done (the backup).
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchDir, userPart, type InterruptAt, type Run } from "./cli-harness.ts";

const SIM = "owner-app-static-ip";
const ROOT = process.cwd();

/** `photon-netreset ARGV --simulate SIM --json`, Ctrl-C'd at `at`; the message and the JSON object it printed then. */
async function interrupt(argv: string[], at: InterruptAt, cwd = scratchDir("photon-netreset-cwd-")) {
  const r: Run = await runCli([...argv, "--simulate", SIM, "--json"], [], ROOT, { cwd, interruptAt: at });
  expect(r.interrupted, `no ${at.pattern} on ${at.stream}:\n${r.err}`).toBeDefined();
  const { code, out, err } = r.interrupted!;
  return { code, message: err.trim(), json: JSON.parse(out) as Record<string, unknown> & { devices?: { id: string; backup: { path: string } }[] }, cwd };
}

/** One sentence per line at most: a message that is not hard-wrapped mid-sentence. */
const unwrapped = (message: string) => expect(message, message).not.toMatch(/[^.:)\n]\n/);

describe("Ctrl-C names the Photon's real state and a command right for it", () => {
  it("flash, saving the owner's app (restarted into DFU mode): tap RESET, nothing flashed, then flash again; --json has the state", async () => {
    const { code, message, json } = await interrupt(["flash", "--no-wifi"], { stream: "err", pattern: /Saving your application first/ });
    expect(code).toBe(130);
    expect(message).toMatch(/^Stopped while saving your application: e00fce68\w+ was restarted into DFU mode \(blinking yellow\) and nothing was flashed or changed\. Tap RESET to start it again as it was, then run npx photon-netreset flash --simulate owner-app-static-ip\.$/);
    expect(message).not.toMatch(/nothing more was done/);
    unwrapped(message);
    expect(json).toMatchObject({ ok: false, exitCode: 130, state: { is: "dfu", for: "backup" } });
  });

  it("flash, during the transfer over DFU after the backup: stays in DFU mode, safe to run again; --json keeps the backup's path", async () => {
    const { message, json, cwd } = await interrupt(["flash", "--no-wifi"], { stream: "err", pattern: /Flashing over DFU: 0%/ });
    expect(message).toMatch(/^Stopped during the transfer over DFU\. e00fce68\w+ stays in DFU mode \(blinking yellow\) with the new firmware incomplete; it is safe to run the command again: `npx photon-netreset flash --simulate owner-app-static-ip`\./);
    unwrapped(message);
    const [saved] = readdirSync(cwd).filter((f) => f.startsWith("photon-netreset-backup-"));
    expect(json.devices).toEqual([expect.objectContaining({ result: "cancelled", backup: expect.objectContaining({ path: join(cwd, saved) }) })]);
  });

  it("flash --bin FILE, during the transfer: the command to run again flashes the same file (quoted for the shell)", async () => {
    const cwd = scratchDir("photon-netreset-cwd-");
    const bin = join(cwd, "my build.bin");
    writeFileSync(bin, userPart({ dataSize: 120_000 })); // a transfer long enough to be interrupted
    const { message } = await interrupt(["flash", "--no-wifi", "--bin", bin], { stream: "err", pattern: /Flashing over DFU: 0%/ }, cwd);
    expect(message).toContain(`it is safe to run the command again: \`npx photon-netreset flash --bin '${bin}' --simulate owner-app-static-ip\`.`);
    unwrapped(message);
  });

  it("flash, while it restarts to run the reset: it finishes by itself, doctor shows the report", async () => {
    const { message } = await interrupt(["flash", "--no-wifi"], { stream: "err", pattern: /Waiting for it to restart and run the reset/ });
    expect(message).toMatch(/^Stopped while e00fce68\w+ restarts to run the reset\. The firmware is on it and finishes by itself; its report: npx photon-netreset doctor --simulate owner-app-static-ip\.$/);
  });

  it("flash, reading the stored settings after the reset: the reset is done, tap RESET if it blinks yellow", async () => {
    const { message } = await interrupt(["flash", "--no-wifi"], { stream: "err", pattern: /Reading its stored settings/ });
    expect(message).toMatch(/^Stopped while reading e00fce68\w+'s stored settings\. The reset itself is done\. It may still be in DFU mode \(blinking yellow\): tap RESET to start it again\./);
    unwrapped(message);
  });

  it("flash --restore, putting the app back: the command to run again is restore with the backup (not flash, which would overwrite it)", async () => {
    const { message, json } = await interrupt(["flash", "--no-wifi", "--restore"], { stream: "err", pattern: /Restoring your application: 0%/ });
    const path = json.devices?.[0].backup.path;
    expect(path).toMatch(/photon-netreset-backup-/);
    expect(message).toContain(`It is safe to run the command again: \`npx photon-netreset restore ${path} --simulate owner-app-static-ip\``);
    expect(message).not.toMatch(/photon-netreset flash/);
  });

  it("restore FILE, once the app is back and has started: it runs; not the transfer, not flash", async () => {
    const cwd = scratchDir("photon-netreset-cwd-");
    const first = await runCli(["flash", "--no-wifi", "--simulate", SIM, "--json"], [], ROOT, { cwd });
    const path = JSON.parse(first.out).devices[0].backup.path as string;
    const { message } = await interrupt(["restore", path], { stream: "err", pattern: /Reading its stored settings/ }, cwd);
    expect(message).toMatch(new RegExp(`^Stopped while reading e00fce68\\w+'s stored settings after your application \\(${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\) was put back\\. It is on the device`));
    expect(message).not.toMatch(/Stopped during the transfer|keeps its old firmware|photon-netreset flash/);
    unwrapped(message);
  });

  it("doctor, reading the stored settings over DFU: restarted into DFU mode, nothing changed, tap RESET", async () => {
    const { message, json } = await interrupt(["doctor"], { stream: "err", pattern: /Reading its stored settings/ });
    expect(message).toMatch(/^Stopped while reading e00fce68\w+'s stored settings: e00fce68\w+ was restarted into DFU mode \(blinking yellow\) and nothing was flashed or changed\. Tap RESET to start it again as it was\.$/);
    expect(json).toMatchObject({ ok: false, exitCode: 130 });
  });

  it("wifi, while it joins: where it got, with the run's --simulate", async () => {
    const r = await runCli(["wifi", "--simulate", "wrong-password", "--ssid", "home", "--json"], [], ROOT,
      { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" }, interruptAt: { stream: "err", pattern: /Sending the credentials/ } });
    const message = r.interrupted!.err.trim();
    expect(message).toMatch(/^Stopped while e00fce68\w+ joins "home"\./);
    expect(message).toMatch(/npx photon-netreset doctor --simulate wrong-password/);
    expect(message).not.toContain("correct horse");
  });
});
