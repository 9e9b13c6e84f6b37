// The CLI in a real pseudo-terminal, typed at as a person would: util-linux's
// `script` (Debian's bsdutils, an essential package) gives the command a pty,
// and everything written to its stdin arrives as keystrokes.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { userPart } from "./cli-harness.ts";
import { describe, expect, it } from "vitest";

const ENTER = "\r", BACKSPACE = "\x7f", LEFT = "\x1b[D", RIGHT = "\x1b[C", DOWN = "\x1b[B", CTRL_C = "\x03";
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's ESC [ … escape sequences
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

function terminal(args: string[]) {
  // A pty from `script` starts 0 columns wide; a real terminal has a size.
  const cmd = `stty cols 120 rows 40; exec ${process.execPath} --import tsx cli/run.ts ${args.join(" ")}`;
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, TERM: "xterm-256color" } });
  let screen = "";
  child.stdout.on("data", (d: Buffer) => { screen += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on("exit", r));
  return {
    exited,
    get screen() { return plain(screen); },
    /** Waits until `text` shows up after everything seen so far at the last mark. */
    async waitFor(pattern: RegExp, from = 0) {
      for (const deadline = Date.now() + 20_000; !pattern.test(plain(screen).slice(from));) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} on the terminal; it shows:\n${plain(screen).slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async type(keys: string) {
      child.stdin.write(keys);
      await new Promise((r) => setTimeout(r, 200)); // one keystroke burst at a time, as typed
    },
  };
}

describe("at a real terminal (pseudo-terminal)", () => {
  it("an empty SSID is asked again; arrows and backspace in the hidden password edit it; the Photon reaches the cloud", async () => {
    const t = terminal(["flash", "--simulate", "healthy"]);
    await t.waitFor(/Enter Wi-Fi credentials now\?/);
    await t.type(ENTER); // yes, the default
    await t.waitFor(/a hidden network, or one not listed/); // the Photon's own list: "home", "neighbour", then this
    await t.type(`${DOWN}${DOWN}${ENTER}`); // typed rather than chosen
    await t.waitFor(/Network name \(SSID, 2\.4 GHz\)/);
    const mark = t.screen.length;
    await t.type(ENTER); // nothing typed
    await t.waitFor(/cannot be empty/, mark);
    await t.type(`home${ENTER}`);
    await t.waitFor(/Security/);
    await t.type(ENTER); // WPA2, the default
    await t.waitFor(/Password \(hidden\)/);
    // "correct horsX", rub out the X, type e, then wander left and right: the password is still "correct horse".
    await t.type(`correct horsX${BACKSPACE}e${LEFT}${LEFT}${RIGHT}${RIGHT}${ENTER}`);
    expect(await t.exited).toBe(0);
    expect(t.screen).toMatch(/Sending the credentials for "home"/);
    expect(t.screen).toMatch(/Connected to the Particle cloud/);
    expect(t.screen).not.toMatch(/correct hors/); // hidden as typed, never printed
  });

  it("Ctrl-C at a question after the reset exits 130 saying the Photon waits in listening mode, and what to run next", async () => {
    const t = terminal(["flash", "--simulate", "healthy"]);
    await t.waitFor(/Enter Wi-Fi credentials now\?/);
    await t.type(ENTER);
    await t.waitFor(/a hidden network, or one not listed/);
    await t.type(`${DOWN}${DOWN}${ENTER}`);
    await t.waitFor(/Network name/);
    await t.type(`ho${CTRL_C}`);
    expect(await t.exited).toBe(130);
    expect(t.screen).not.toMatch(/nothing more was done/); // the reset was done
    expect(t.screen.replace(/\s+/g, " ")).toMatch(/Cancelled: nothing was sent\. e00fce68\w+'s reset is done: it is waiting in listening mode \(blinking blue\) for Wi-Fi credentials\. To enter them: npx photon-netreset wifi --simulate healthy/);
    expect(t.screen).not.toMatch(/failed unexpectedly|\n\s+at .+:\d+:\d+/);
    expect(t.screen).not.toMatch(/Sending the credentials/);
  });

  it("Ctrl-C at the yes/no question too", async () => {
    const t = terminal(["flash", "--simulate", "forum-static-ip-external-antenna"]);
    await t.waitFor(/Enter Wi-Fi credentials now\?/);
    await t.type(CTRL_C);
    expect(await t.exited).toBe(130);
    expect(t.screen).toMatch(/Cancelled: nothing was sent\. .*reset is done/);
  });

  it("Ctrl-C during the transfer exits 130 saying the Photon keeps its old firmware and that it is safe to run again", async () => {
    const bin = join(mkdtempSync(join(tmpdir(), "photon-netreset-big-")), "big.bin");
    writeFileSync(bin, userPart({ dataSize: 120_000 })); // a transfer long enough to be interrupted
    const t = terminal(["flash", "--simulate", "forum-static-ip-external-antenna", "--bin", bin, "--no-wifi", "--no-backup"]);
    await t.waitFor(/Flashing \[/);
    await t.type(CTRL_C);
    expect(await t.exited).toBe(130);
    const screen = t.screen.replace(/\s+/g, " ");
    expect(screen).toMatch(/Stopped during the transfer\. e00fce68\w+ keeps its old firmware: Device OS replaces it only once a complete image has been checked\. It is safe to run the command again: `npx photon-netreset flash /);
    expect(screen).toContain(`It is safe to run the command again: \`npx photon-netreset flash --bin ${bin} --simulate forum-static-ip-external-antenna\``);
    expect(screen).not.toMatch(/Waiting for it to restart/);

  });

  it("flash does not name the wifi command right before it asks; rerun --simulate eeprom-stuck gives its reason", async () => {
    const t = terminal(["flash", "--simulate", "healthy"]);
    await t.waitFor(/Enter Wi-Fi credentials now\?/);
    expect(t.screen).toMatch(/Next step: Enter your Wi-Fi credentials when asked, now/);
    expect(t.screen).not.toMatch(/Next step:.*photon-netreset wifi/);
    await t.type(`${RIGHT}${ENTER}`); // No
    expect(await t.exited).toBe(0);
    expect(t.screen).toMatch(/To enter Wi-Fi credentials later: npx photon-netreset wifi --simulate healthy/);

    const stuck = terminal(["rerun", "--simulate", "eeprom-stuck"]);
    expect(await stuck.exited).toBe(1);
    expect(stuck.screen).toMatch(/Settings reset, but the EEPROM does not keep the reset's marker/);
    expect(stuck.screen).toMatch(/Diagnosis: eeprom-failure/);
  });
});

describe("typed ahead at a real terminal", () => {
  it("a network name typed or pasted in the same burst as the Enter that answered the question before it is kept", async () => {
    const t = terminal(["flash", "--simulate", "healthy"]);
    await t.waitFor(/Enter Wi-Fi credentials now\?/);
    await t.type(ENTER); // yes
    // The Photon's own list comes first ("home", "neighbour", "a hidden network..."): the Enter choosing
    // "a hidden network" and the name typed at once, one burst.
    await t.waitFor(/a hidden network, or one not listed/);
    await t.type(`${DOWN}${DOWN}${ENTER}home`);
    await t.waitFor(/Network name/);
    await t.type(ENTER);
    await t.waitFor(/Security/);
    await t.type(ENTER);
    await t.waitFor(/Password \(hidden\)/);
    await t.type(`correct horse${ENTER}`);
    expect(await t.exited).toBe(0);
    expect(t.screen).toMatch(/Sending the credentials for "home"/);
    expect(t.screen).not.toMatch(/cannot be empty/);
  });
});
