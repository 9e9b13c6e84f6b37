// Entering Wi-Fi credentials the way `particle serial wifi` does: the
// listening-mode console on the device's USB serial port ('w', then answer
// its prompts). The password is sent, never printed or logged.
import type { Security } from "../../host-shim/wifi-settings.ts";
import type { SerialLink } from "./backends.ts";
import { CliError, EXIT, sleep, type CliContext } from "./context.ts";
import { waitForDevice } from "./device-report.ts";

export interface WifiCredentials { ssid: string; security: Exclude<Security, "wpa-enterprise" | "wpa2-enterprise">; password?: string }

export const SECURITY_DIGIT: Record<WifiCredentials["security"], string> = { open: "0", wep: "1", wpa: "2", wpa2: "3" };

/** The securities the CLI can enter (enterprise networks need certificates it does not ask for). */
export const isCliSecurity = (s: string): s is WifiCredentials["security"] => Object.hasOwn(SECURITY_DIGIT, s);
const PROMPT_TIMEOUT_MS = 10_000;

/** Runs the 'w' dialogue; resolves once the device says it saved them. */
export async function sendCredentials(link: SerialLink, creds: WifiCredentials): Promise<void> {
  let seen = "";
  let answered = 0; // how much of `seen` has been dealt with
  let settle: (() => void) | null = null;
  link.onData((text) => { seen += text; settle?.(); });
  const nextPrompt = async (): Promise<string> => {
    const deadline = Date.now() + PROMPT_TIMEOUT_MS;
    for (;;) {
      const fresh = seen.slice(answered);
      const m = /(SSID: |Security Cipher [^:]*: |Security [^:]*: |Password: |Thanks! Wait while I save those credentials|Derp\.)/.exec(fresh);
      if (m) { answered += m.index + m[0].length; return m[1]; }
      if (Date.now() > deadline) throw new CliError("The device did not answer on its serial port: is it in listening mode (blinking blue)?", EXIT.failed);
      await new Promise<void>((r) => { settle = r; setTimeout(r, 100); });
      settle = null;
    }
  };
  link.write("w");
  for (;;) {
    const prompt = await nextPrompt();
    if (prompt === "SSID: ") link.write(`${creds.ssid}\r`);
    else if (prompt.startsWith("Security Cipher")) link.write("1\r"); // AES, what WPA2 networks use
    else if (prompt.startsWith("Security")) link.write(`${SECURITY_DIGIT[creds.security]}\r`);
    else if (prompt === "Password: ") link.write(`${creds.password ?? ""}\r`);
    else if (prompt.startsWith("Thanks!")) return;
    else throw new CliError("The device could not save the credentials.", EXIT.failed);
  }
}

export async function enterCredentials(ctx: CliContext, id: string, creds: WifiCredentials): Promise<void> {
  const link = await ctx.serial.open(id);
  try {
    await sendCredentials(link, creds);
    await sleep(ctx.timing.pollMs); // let it print the rest and leave listening mode
  } finally {
    link.close();
  }
}

/** True once the device reports a cloud connection, false when the time is up. */
export async function waitForCloud(ctx: CliContext, id: string): Promise<boolean> {
  try {
    const { dev } = await waitForDevice(ctx, id, "to reach the cloud", async (d) =>
      (await d.getCloudConnectionStatus()) === "CONNECTED" ? true : undefined, ctx.timing.cloudTimeoutMs);
    await dev.close();
    return true;
  } catch (e) {
    if (e instanceof CliError) return false;
    throw e;
  }
}
