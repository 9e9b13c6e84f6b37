// Entering Wi-Fi credentials, for the CLI and the page alike. WPA and WPA2
// go through the listening-mode console on the USB serial port ('w', then
// its prompts), read to the device's own verdict. Open and WEP networks
// cannot go that way on Device OS 1.5.0+ (the console's cipher answer makes
// them entries wlan_join skips: docs/conformance-usb.md), so they go to our
// firmware's "wifi" USB request, which stores them with WiFi.setCredentials.
// Then: listening mode ends, and the wait reports a failed join as soon as
// the Photon is back in listening mode. The password is sent, never printed.
import { REQUEST, RESULT, wifiRequest } from "../model/control-requests.ts";
import { FIRMWARE_BUILDS, openOrWepRoute } from "../model/device-os-versions.ts";
import { systemVersionOf } from "./system-version.ts";
import { CONSOLE_COMMANDS, SECURITY_DIGITS, nextConsoleStep, type ConsoleStep } from "../model/setup-console.ts";
import { passwordProblem as deviceOsPasswordProblem, ssidProblem, wepKeyAsHex } from "../model/wifi-credentials.ts";
import type { Security } from "../model/wifi.ts";
import type { ParticleDevice, SerialLink } from "../model/device.ts";
import { CancelledError, RecoveryError, EXIT, note, plainAction, setState, sleep, type RecoveryContext } from "./context.ts";
import { interruptedAt } from "./interrupted.ts";
import { waitForDevice } from "./device-report.ts";
import type { ScanList } from "../model/wifi-scan-list.ts";
import { networkChoices, notSeenWarning, OTHER_NETWORK, readScanList, scannedSecurity } from "./scan-list.ts";
import { modeOf } from "./find-devices.ts";
import { cloudStatusOf, listeningProbe } from "./device-state.ts";

export { ssidProblem } from "../model/wifi-credentials.ts";

export interface WifiCredentials { ssid: string; security: Exclude<Security, "wpa-enterprise" | "wpa2-enterprise">; password?: string }

export const CLI_SECURITIES = ["open", "wep", "wpa", "wpa2"] as const satisfies readonly WifiCredentials["security"][];
/** The securities the CLI can enter (enterprise networks need certificates it does not ask for). */
export const isCliSecurity = (s: string): s is WifiCredentials["security"] => (CLI_SECURITIES as readonly string[]).includes(s);
/** The digit the console's security question takes. */
export const SECURITY_DIGIT = Object.fromEntries(CLI_SECURITIES.map((s) => [s, String(SECURITY_DIGITS.indexOf(s))])) as Record<WifiCredentials["security"], string>;

const PROMPT_TIMEOUT_MS = 10_000;
/** The oldest Device OS a photon-netreset build runs on: older ones cannot get our "wifi" request. */
const OLDEST_BUILD = FIRMWARE_BUILDS.at(-1)!;
/** The cipher the console is told when it asks (what WPA2 networks use). */
const CIPHER_AES = "1";

/** Why this password cannot be right for this security (Device OS's rules, in bytes; a WEP key must convert to hex), or undefined. */
export function passwordProblem(security: WifiCredentials["security"], password: string | undefined): string | undefined {
  const wrong = deviceOsPasswordProblem(security, password);
  if (wrong || security !== "wep") return wrong;
  return wepKeyAsHex(password ?? "") === null ? "A WEP key is 5 or 13 characters, or 10 or 26 hex digits." : undefined;
}

/** Every check made before anything is sent, the same in the CLI and the page: the first problem, or undefined. */
export function credentialsProblem(c: WifiCredentials): string | undefined {
  return ssidProblem(c.ssid) ?? passwordProblem(c.security, c.password);
}

const SECURITY_CHOICES: { value: WifiCredentials["security"]; label: string }[] = [
  { value: "wpa2", label: "WPA2 (most networks)" }, { value: "wpa", label: "WPA" },
  { value: "wep", label: "WEP" }, { value: "open", label: "open (no password)" },
];

/**
 * Asks a person at the terminal; each answer is checked before anything is
 * sent. With the Photon's scan list: a choice from it (strongest first, the
 * security taken from the scan), or "a hidden network..." to type one; a
 * typed network the Photon does not see is warned about, and the owner may
 * go on.
 */
export async function askCredentials(ctx: Pick<RecoveryContext, "ask" | "emit">, list: ScanList | null = null): Promise<WifiCredentials> {
  const p = ctx.ask;
  if (!p) throw new RecoveryError("There is nobody to ask for the Wi-Fi credentials: give them with --ssid.", EXIT.usage);
  const choices = list ? networkChoices(list) : [];
  for (;;) {
    const picked = choices.length > 1 ? await p.select("Network (those the Photon sees, strongest first)", choices, choices[0].value) : OTHER_NETWORK;
    let ssid = picked;
    if (picked === OTHER_NETWORK) {
      ssid = await p.text("Network name (SSID, 2.4 GHz)", ssidProblem);
      const warning = notSeenWarning(ssid, list);
      if (warning) {
        ctx.emit({ kind: "warning", text: `${warning}\n` });
        if (!await p.confirm(`Enter the credentials for "${ssid}" anyway?`, true)) continue;
      }
    }
    const scanned = list && picked !== OTHER_NETWORK ? scannedSecurity(list, ssid) : undefined;
    const security = scanned && isCliSecurity(scanned) ? scanned : await p.select("Security", SECURITY_CHOICES, "wpa2");
    const password = security === "open" ? undefined : await p.password("Password (hidden)", (v) => passwordProblem(security, v));
    return { ssid, security, password };
  }
}

/**
 * Runs the 'w' dialogue to the device's verdict: "saved" after "Awesome.
 * Now we'll connect!", "refused" after "Derp." ("Thanks!" comes before
 * either and says nothing).
 */
export async function sendCredentials(link: SerialLink, creds: WifiCredentials): Promise<"saved" | "refused"> {
  let seen = "";
  let answered = 0; // how much of `seen` has been dealt with
  let settle: (() => void) | null = null;
  link.onData((text) => { seen += text; settle?.(); });
  const next = async (): Promise<ConsoleStep> => {
    const deadline = Date.now() + PROMPT_TIMEOUT_MS;
    for (;;) {
      const found = nextConsoleStep(seen.slice(answered));
      if (found) { answered += found.end; return found.step; }
      if (Date.now() > deadline) throw new RecoveryError("The device did not answer on its serial port: is it in listening mode (blinking blue)?", EXIT.failed);
      await new Promise<void>((r) => { settle = r; setTimeout(r, 100); });
      settle = null;
    }
  };
  // The console asks again when it does not like an answer: a second time means
  // it refused ours, and answering the same again would loop for ever.
  const asked = new Set<ConsoleStep>();
  link.write(CONSOLE_COMMANDS.wifi);
  for (;;) {
    const step = await next();
    if (step === "connecting") return "saved";
    if (step === "failed") return "refused";
    if (step === "saved") continue;
    if (asked.has(step)) {
      throw new RecoveryError(`The device asked for the ${step === "ssid" ? "network name" : step} again: it did not accept the answer. Nothing was saved.`, EXIT.failed);
    }
    asked.add(step);
    link.write(`${{ ssid: creds.ssid, security: SECURITY_DIGIT[creds.security], cipher: CIPHER_AES, password: creds.password ?? "" }[step]}\r`);
  }
}

/** Opens the device, runs `use`, closes it. */
async function withDevice<T>(ctx: RecoveryContext, id: string, use: (d: ParticleDevice) => Promise<T>): Promise<T> {
  const { dev } = await waitForDevice(ctx, id, "to be found on USB", async (d) => d);
  try {
    return await use(dev);
  } finally {
    await dev.close().catch(() => {});
  }
}

/** Control request 70 (CTRL_REQUEST_START_LISTENING), then until the device says it is listening. */
export async function intoListeningMode(ctx: RecoveryContext, handle: ParticleDevice): Promise<void> {
  const mode = await modeOf(handle, listeningProbe(ctx)).catch(() => null);
  if (mode === "listening") return;
  if (mode === "dfu") throw new RecoveryError(`${handle.id} is in DFU mode (blinking yellow): tap RESET, then run the command again.`, EXIT.failed);
  note(ctx, `${handle.id} is not in listening mode: asking it to enter it (blinking blue)...\n`);
  const r = await handle.sendControlRequest(REQUEST.START_LISTENING, null, { timeout: 5000 });
  if (r.result !== RESULT.OK) throw new RecoveryError(`${handle.id} refused to enter listening mode (error ${r.result}). Hold SETUP for 3 seconds until it blinks blue, then run the command again.`, EXIT.failed);
  for (const deadline = Date.now() + ctx.timing.rebootTimeoutMs; Date.now() < deadline; await sleep(ctx.timing.pollMs)) {
    if ((await modeOf(handle, listeningProbe(ctx)).catch(() => null)) === "listening") return;
  }
  throw new RecoveryError(`${handle.id} did not enter listening mode. Hold SETUP for 3 seconds until it blinks blue, then run the command again.`, EXIT.failed);
}

/** The console route: the serial port, to the device's verdict. */
async function overConsole(ctx: RecoveryContext, id: string, creds: WifiCredentials): Promise<void> {
  const link = await ctx.serial.open(id).catch((e: Error) => {
    if (e instanceof RecoveryError) throw e;
    throw new RecoveryError(`Cannot open ${id}'s USB serial port: ${e.message}. Nothing was sent; \`particle serial wifi\` is another way in.`, EXIT.noDevice);
  });
  try {
    if (await sendCredentials(link, creds) === "refused") {
      throw new RecoveryError(`The Photon refused the credentials for "${creds.ssid}" ("Derp. Sorry, we couldn't save the credentials."): nothing was saved. Check the password, then enter them again.`, EXIT.failed);
    }
  } finally {
    link.close();
  }
}

/** Our firmware's route for open and WEP networks: the "wifi" USB request, then out of listening mode (control request 71). */
async function overAppRequest(ctx: RecoveryContext, id: string, creds: WifiCredentials): Promise<void> {
  const security = creds.security as "open" | "wep";
  const key = security === "wep" ? wepKeyAsHex(creds.password ?? "")! : "";
  await withDevice(ctx, id, async (dev) => {
    // 0.8.0-rc.2 to 1.5.x store it themselves (control request 113); the route is the version table's.
    const viaSystem = openOrWepRoute((await systemVersionOf(dev)).moduleVersion) === "system-request";
    const r = viaSystem && dev.setWifiCredentials
      ? await dev.setWifiCredentials({ ssid: creds.ssid, security: security === "open" ? "NONE" : "WEP", ...(key ? { password: key } : {}) })
        .then(() => ({ result: RESULT.OK }), (e: { result?: number }) => ({ result: e.result ?? -1 }))
      : await dev.sendControlRequest(REQUEST.APP_CUSTOM, wifiRequest(security, creds.ssid, key), { timeout: 10_000 });
    if (r.result === RESULT.NOT_SUPPORTED || r.result === RESULT.INVALID_ARGUMENT) {
      throw new RecoveryError(`${id} does not run a photon-netreset build that can store ${security === "open" ? "an open" : "a WEP"} network, and there is no other working way: `
        + "Device OS 1.4.4 and later never join an open or WEP network typed at the serial console (`particle serial wifi` included). "
        + `Nothing was sent. Flash photon-netreset (${ctx.words({ command: "flash" })}; on Device OS older than ${OLDEST_BUILD.deviceOs}, update Device OS first), `
        + "or store it from your own firmware with WiFi.setCredentials.", EXIT.failed);
    }
    if (r.result !== RESULT.OK) throw new RecoveryError(`${id} could not store the network "${creds.ssid}" (error ${r.result}). Nothing was saved.`, EXIT.failed);
    await dev.sendControlRequest(REQUEST.STOP_LISTENING, null, { timeout: 5000 });
  });
}

export type JoinResult = { cloud: true } | { cloud: false; rejected: boolean; message: string; /** Timed out while its cloud status said connecting: Device OS tries the cloud only once on Wi-Fi. */ onWifi?: boolean };
/** A better sentence than NO_CLOUD for a Photon that did not reach the cloud, when the caller can tell why (cloud-check.ts). */
export type ExplainNoCloud = (r: Extract<JoinResult, { cloud: false }>) => string | undefined;
export type Progress = (what: string) => void;

export const NO_CLOUD = (ctx: Pick<RecoveryContext, "words">) =>
  `It did not reach the cloud in time: check the password and that the network is 2.4 GHz, then run ${ctx.words({ command: "wifi" })} to enter them again.`;
const rejected = (ctx: Pick<RecoveryContext, "words">, ssid: string) => `The Photon could not join "${ssid}" and is back in listening mode (blinking blue): check the password and the security type, `
  + `and that the network is 2.4 GHz, then enter them again (${ctx.words({ command: "wifi" })}).`;

/**
 * After listening mode has ended: the cloud, or a failed join as soon as the
 * Photon is back in listening mode (Device OS returns there when credentials
 * entered in listening mode do not join). Listening mode counts once the
 * Photon has been seen out of it, or after 10 polls (a join may fail faster
 * than a poll).
 */
async function waitForJoin(ctx: RecoveryContext, id: string, ssid: string, progress: Progress): Promise<JoinResult> {
  const started = Date.now();
  const limit = ctx.timing.cloudTimeoutMs;
  const grace = 10 * ctx.timing.pollMs;
  let left = false;
  let onWifi = false;
  let lastNote = 0;
  try {
    await waitForDevice(ctx, id, "to reach the cloud", async (d) => {
      const status = await cloudStatusOf(d);
      if (status === "CONNECTED") return true;
      onWifi = status === "CONNECTING";
      const mode = await modeOf(d, listeningProbe(ctx));
      if (mode !== "listening") left = true;
      else if (left || Date.now() - started > grace) throw new RecoveryError(rejected(ctx, ssid), EXIT.failed);
      const elapsed = Date.now() - started;
      if (elapsed - lastNote >= Math.max(15_000, limit / 6)) {
        lastNote = elapsed;
        progress(`Still joining "${ssid}" (blinking green, then cyan): up to ${Math.ceil((limit - elapsed) / 1000)} s more.`);
      }
      return undefined;
    }, limit).then(({ dev }) => dev.close());
    return { cloud: true };
  } catch (e) {
    if (!(e instanceof RecoveryError)) throw e;
    const back = e.message === rejected(ctx, ssid);
    return { cloud: false, rejected: back, message: back ? e.message : NO_CLOUD(ctx), ...(back ? {} : { onWifi }) };
  }
}

/**
 * The whole Wi-Fi step, for the CLI and the page: checks, listening mode
 * (again, for a retry), the route for the security, then the wait.
 * Throws RecoveryError when nothing could be saved.
 */
export async function joinWithCredentials(ctx: RecoveryContext, id: string, creds: WifiCredentials, progress: Progress = (t) => note(ctx, `${t}\n`)): Promise<JoinResult> {
  const wrong = credentialsProblem(creds);
  if (wrong) throw new RecoveryError(`${wrong} Nothing was sent.`, EXIT.usage);
  await withDevice(ctx, id, (dev) => intoListeningMode(ctx, dev));
  const viaApp = creds.security === "open" || creds.security === "wep";
  progress(viaApp
    ? `Storing the ${creds.security === "open" ? "open" : "WEP"} network "${creds.ssid}" over USB (the serial console cannot store one that joins)...`
    : `Sending the credentials for "${creds.ssid}" over USB serial...`);
  await (viaApp ? overAppRequest : overConsole)(ctx, id, creds);
  progress(`Saved. Waiting for the Photon to join "${creds.ssid}" and reach the Particle cloud (up to ${Math.round(ctx.timing.cloudTimeoutMs / 1000)} s; it blinks green, then cyan)...`);
  return waitForJoin(ctx, id, creds.ssid, progress);
}

/** Sends the credentials and waits for the cloud, printing what happens; true once on the cloud. */
export async function connectWithCredentials(ctx: RecoveryContext, id: string, creds: WifiCredentials, explain?: ExplainNoCloud): Promise<boolean> {
  const result = await joinWithCredentials(ctx, id, creds);
  ctx.emit({ kind: "result", id, text: result.cloud ? "Connected to the Particle cloud (breathing cyan)." : explain?.(result) ?? result.message });
  return result.cloud;
}

/**
 * The one offer of credentials, for a device waiting in listening mode: the
 * ones given (--ssid, the page's form), or the owner's at a yes/no question.
 * Whether it reached the cloud (null: none entered). After a "no" it says how
 * to enter them later; with nobody to ask, the next step already said so.
 * Ctrl-C at a question: nothing was sent, and the Photon still waits.
 */
export async function offerCredentials(ctx: RecoveryContext, id: string,
  opts: { offerWifi: boolean; wifi?: WifiCredentials | null; explainNoCloud?: ExplainNoCloud; /** Already read by the caller (null: it gave none); absent: read here when needed. */ scanList?: ScanList | null }): Promise<boolean | null> {
  const listening = { id, is: "listening", resetDone: true } as const;
  setState(ctx, listening);
  if (!opts.offerWifi) return null;
  let creds = opts.wifi ?? null;
  // The Photon's own scan: the choice offered, and the network given checked against it.
  const list = opts.scanList !== undefined ? opts.scanList : creds || ctx.ask ? await scanListOf(ctx, id) : null;
  if (creds) warnIfNotSeen(ctx, creds.ssid, list);
  try {
    if (!creds && ctx.ask && await ctx.ask.confirm("Enter Wi-Fi credentials now?", true)) creds = await askCredentials(ctx, list);
    else if (!creds && ctx.ask) ctx.emit({ kind: "result", id, text: `To enter Wi-Fi credentials later: ${plainAction(ctx, { command: "wifi" })}` });
  } catch (e) {
    if (e instanceof CancelledError) throw new CancelledError(`Cancelled: nothing was sent. ${interruptedAt(listening, ctx.words)}`);
    throw e;
  }
  if (!creds) return null;
  setState(ctx, { id, is: "joining", ssid: creds.ssid });
  const cloud = await connectWithCredentials(ctx, id, creds, withScanList(opts.explainNoCloud, creds.ssid, list));
  setState(ctx, cloud ? { id, is: "finished" } : listening);
  return cloud;
}

/** The scan list of the device `id` (null: it gives none). */
export async function scanListOf(ctx: RecoveryContext, id: string): Promise<ScanList | null> {
  return withDevice(ctx, id, (dev) => readScanList(dev)).catch(() => null);
}

/** Credentials given up front (--ssid, the page's form) for a network the Photon does not see: a warning, and they are sent. */
export function warnIfNotSeen(ctx: Pick<RecoveryContext, "emit">, ssid: string, list: ScanList | null): void {
  const warning = notSeenWarning(ssid, list);
  if (warning) ctx.emit({ kind: "warning", text: `${warning} Sending them anyway.\n` });
}

/** A failed join explained with the scan list: "your network 'home' is not among the 3 the Photon sees". */
export function withScanList(explain: ExplainNoCloud | undefined, ssid: string, list: ScanList | null): ExplainNoCloud | undefined {
  const warning = notSeenWarning(ssid, list);
  if (!warning) return explain;
  return (r) => explain?.(r) ?? `${r.message} ${warning}`;
}
