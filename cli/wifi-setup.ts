// Entering Wi-Fi credentials the way `particle serial wifi` does: the
// listening-mode console on the device's USB serial port ('w', then answer
// its prompts). The password is sent, never printed or logged.
import type { Security } from "../model/wifi.ts";
import type { SerialLink } from "./backends.ts";
import { CliError, EXIT, sleep, type CliContext } from "./context.ts";
import { waitForDevice } from "./device-report.ts";

export interface WifiCredentials { ssid: string; security: Exclude<Security, "wpa-enterprise" | "wpa2-enterprise">; password?: string }

export const SECURITY_DIGIT: Record<WifiCredentials["security"], string> = { open: "0", wep: "1", wpa: "2", wpa2: "3" };
export const CLI_SECURITIES = Object.keys(SECURITY_DIGIT) as WifiCredentials["security"][];

/** The securities the CLI can enter (enterprise networks need certificates it does not ask for). */
export const isCliSecurity = (s: string): s is WifiCredentials["security"] => Object.hasOwn(SECURITY_DIGIT, s);
const PROMPT_TIMEOUT_MS = 10_000;

// The console reads a line up to CR or LF; a control character (an arrow
// key's escape sequence, a stray Ctrl key) in a value would reach the device.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** Why Device OS would not take this SSID (system_setup.cpp: 1 to 32 bytes), or undefined. */
export function ssidProblem(ssid: string): string | undefined {
  if (ssid.length === 0) return "Type the network's name (it cannot be empty).";
  if (CONTROL.test(ssid)) return "The name contains a control character (an arrow or Ctrl key?); type it again.";
  if (bytes(ssid) > 32) return `A network name is at most 32 bytes; this one is ${bytes(ssid)}.`;
  return undefined;
}

/** Why this password cannot be right for this security (WPA: 8 to 64 bytes), or undefined. */
export function passwordProblem(security: WifiCredentials["security"], password: string): string | undefined {
  if (security === "open") return undefined;
  if (CONTROL.test(password)) return "The password contains a control character (an arrow or Ctrl key?); type it again.";
  if ((security === "wpa" || security === "wpa2") && (bytes(password) < 8 || bytes(password) > 64)) {
    return `A ${security.toUpperCase()} password is 8 to 64 bytes; this one is ${bytes(password)}.`;
  }
  if (security === "wep" && password.length === 0) return "Type the WEP key (it cannot be empty).";
  return undefined;
}

/** Asks a person at the terminal; each answer is checked before anything is sent. */
export async function askCredentials(ctx: CliContext): Promise<WifiCredentials> {
  const p = ctx.io.prompts;
  const ssid = await p.text("Network name (SSID, 2.4 GHz)", ssidProblem);
  const security = await p.select("Security", [
    { value: "wpa2", label: "WPA2 (most networks)" }, { value: "wpa", label: "WPA" },
    { value: "wep", label: "WEP" }, { value: "open", label: "open (no password)" },
  ], "wpa2");
  const password = security === "open" ? undefined : await p.password("Password (hidden)", (v) => passwordProblem(security, v));
  return { ssid, security, password };
}

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
  // The console asks again when it does not like an answer: a second time means
  // it refused ours, and answering the same again would loop for ever.
  const asked = new Set<string>();
  link.write("w");
  for (;;) {
    const prompt = await nextPrompt();
    const kind = prompt.startsWith("Security Cipher") ? "cipher" : prompt.startsWith("Security") ? "security" : prompt;
    if (kind !== "Thanks! Wait while I save those credentials" && asked.has(kind)) {
      throw new CliError(`The device asked for the ${kind === "SSID: " ? "network name" : kind.replace(": ", "").toLowerCase()} again: it did not accept the answer. Nothing was saved.`, EXIT.failed);
    }
    asked.add(kind);
    if (prompt === "SSID: ") link.write(`${creds.ssid}\r`);
    else if (kind === "cipher") link.write("1\r"); // AES, what WPA2 networks use
    else if (kind === "security") link.write(`${SECURITY_DIGIT[creds.security]}\r`);
    else if (prompt === "Password: ") link.write(`${creds.password ?? ""}\r`);
    else if (prompt.startsWith("Thanks!")) return;
    else throw new CliError("The device could not save the credentials.", EXIT.failed);
  }
}

export async function enterCredentials(ctx: CliContext, id: string, creds: WifiCredentials): Promise<void> {
  const link = await ctx.serial.open(id).catch((e: Error) => {
    if (e instanceof CliError) throw e;
    throw new CliError(`Cannot open ${id}'s USB serial port: ${e.message}. Nothing was sent; \`particle serial wifi\` is another way in.`, EXIT.noDevice);
  });
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

export const NO_CLOUD = "It did not reach the cloud in time: check the password and that the network is 2.4 GHz, then run `npx photon-netreset wifi` to enter them again.";

/** Sends the credentials and waits for the cloud; the sentence to print either way. */
export async function connectWithCredentials(ctx: CliContext, id: string, creds: WifiCredentials): Promise<boolean> {
  ctx.io.err(`Sending the credentials for "${creds.ssid}" over USB serial...\n`);
  await enterCredentials(ctx, id, creds);
  ctx.io.err("Waiting for the cloud...\n");
  const cloud = await waitForCloud(ctx, id);
  ctx.io.err(cloud ? "Connected to the Particle cloud (breathing cyan).\n" : `${NO_CLOUD}\n`);
  return cloud;
}

/** How to enter credentials later: the wifi command, no second flash. */
export const WIFI_LATER = "To enter Wi-Fi credentials later: npx photon-netreset wifi";

/** Credentials for a device in listening mode, if the owner gives them: whether it reached the cloud (null: none entered). */
export async function offerCredentials(ctx: CliContext, id: string, opts: { offerWifi: boolean; wifi?: WifiCredentials | null }): Promise<boolean | null> {
  const creds = !opts.offerWifi ? null : opts.wifi
    ?? (ctx.io.interactive && await ctx.io.prompts.confirm("Enter Wi-Fi credentials now?", true) ? await askCredentials(ctx) : null);
  if (!creds) {
    ctx.io.err(`${WIFI_LATER}\n`);
    return null;
  }
  return connectWithCredentials(ctx, id, creds);
}
