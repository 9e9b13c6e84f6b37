// The CLI in a real pseudo-terminal, typed at as a person would: util-linux's
// `script` (Debian's bsdutils, an essential package) gives the command a pty,
// and everything written to its stdin arrives as keystrokes.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const ENTER = "\r", BACKSPACE = "\x7f", LEFT = "\x1b[D", RIGHT = "\x1b[C", CTRL_C = "\x03";
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

  it("Ctrl-C at a question exits 130 with a plain message, no stack trace", async () => {
    const t = terminal(["flash", "--simulate", "healthy"]);
    await t.waitFor(/Enter Wi-Fi credentials now\?/);
    await t.type(ENTER);
    await t.waitFor(/Network name/);
    await t.type(`ho${CTRL_C}`);
    expect(await t.exited).toBe(130);
    expect(t.screen).toMatch(/Cancelled: nothing more was done/);
    expect(t.screen).not.toMatch(/failed unexpectedly|\n\s+at .+:\d+:\d+/);
    expect(t.screen).not.toMatch(/Sending the credentials/);
  });

  it("Ctrl-C at the yes/no question too", async () => {
    const t = terminal(["flash", "--simulate", "forum-static-ip-external-antenna"]);
    await t.waitFor(/Enter Wi-Fi credentials now\?/);
    await t.type(CTRL_C);
    expect(await t.exited).toBe(130);
    expect(t.screen).toMatch(/Cancelled/);
  });
});
