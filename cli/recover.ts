// `flash` for one device: check, flash with progress, wait for the program's
// verdict, show before → after and what to do next, offer Wi-Fi credentials.
import { adviceFor, commandWords, type Advice, type AdviceAction, type AdviceWords } from "../model/advice.ts";
import type { ConnectionOutcome } from "../model/connection.ts";
import type { Report } from "../model/host-api.ts";
import { formatBeforeAfter } from "../model/report-rows.ts";
import { isGoneError, type ParticleDevice } from "./backends.ts";
import { CancelledError, CliError, EXIT, type CliContext } from "./context.ts";
import { readReport, untilGone, waitForVerdict } from "./device-report.ts";
import { deviceOsLabel, deviceOsOf, routeFor } from "../model/device-os-versions.ts";
import { resetThroughSystem, tooOldForUsb } from "./system-reset.ts";
import { systemVersionOf } from "./system-version.ts";
import { dctDisagreements, formatDct, readDctRoundTrip, type GrantDfuDevice } from "./dct-readback.ts";
import type { DctSettings } from "../model/dct.ts";
import { describeFirmware, type Firmware } from "./firmware-check.ts";
import { describe, modeOf, type FoundDevice } from "./find-devices.ts";
import { progressBar } from "./progress.ts";
import { USER_PART_ADDRESS } from "../model/user-part.ts";
import { askCredentials, connectWithCredentials, NO_CLOUD, type WifiCredentials } from "./wifi-setup.ts";
import { backupBeforeFlash, type BackupJson, type BackupOptions } from "./backup.ts";
import type { RestoredJson } from "./restore.ts";

export interface RecoverOptions {
  /** The checked firmware for this device (the CLI: chooseFirmware in firmware.ts; the web page: the release beside it). */
  firmware: (device: { platform: FoundDevice["platform"]; systemVersion: number | null }) => Promise<Firmware>;
  force?: boolean;
  /** Credentials for scripts; otherwise a person at a terminal is asked. */
  wifi?: WifiCredentials | null;
  offerWifi: boolean;
  /** Read the device's own stored settings over DFU and compare them with the report (default). */
  dctCheck?: boolean;
  /** For the DCT check in a browser: the owner allows the DFU-mode device (readDctRoundTrip). */
  grantDfuDevice?: GrantDfuDevice;
  /** How advice names the next actions (default: the command lines, cliWords). */
  words?: AdviceWords;
  /** issue 21: save the owner's application before flashing (cli/backup.ts); absent: no backup. */
  backup?: BackupOptions;
  /** The owner's own firmware file, as said to them ("--bin x.bin"): when its Device OS means nothing is flashed, they are told so. */
  chosenFile?: string;
}

export interface DeviceResult {
  id: string;
  platform: string;
  result: "recovered" | "already-recovered" | "failed";
  /** Device OS as the device's system part 2 reports it ("2.3.1"; a module version when not a known release), when learnt. */
  deviceOs?: string;
  /** How it was reset: our firmware flashed, or its own system's network requests (Device OS 0.8.0-rc.2 to 1.5.x). */
  route?: "firmware" | "system-requests";
  report: Report | null;
  diagnosis: string | null;
  advice: Advice | null;
  cloud: boolean;
  /** The IP and antenna settings read from the device's own storage (null: not read). */
  dct?: DctSettings | null;
  error?: string;
  /** Whether Wi-Fi credentials given or typed were sent (absent: none were given). */
  credentialsSent?: boolean;
  exitCode: number;
  /** issue 21: the owner's application saved before the flash (null: nothing to save, or not asked). */
  backup?: BackupJson | null;
  /** issue 21: put back after the recovery (null: not). */
  restored?: RestoredJson | null;
}

/** The terminal's words for an action: the command line, with --simulate kept in a simulated run. */
export const cliWords = (ctx: CliContext): AdviceWords => commandWords(ctx.simulated ? ` --simulate ${ctx.simulated.option}` : "");
const command = (ctx: CliContext, opts: { words?: AdviceWords }, a: AdviceAction) => (opts.words ?? cliWords(ctx)).action(a);

const UNPLUGGED = (id: string, flashAgain: string) => `${id} disappeared from USB during the flash. That is safe: Device OS keeps the old
firmware until a complete image has been checked. Plug it back in and run the command again. If it does not
come back (no LED, or it never shows up), put it in DFU mode — hold SETUP, tap RESET, release SETUP when the
LED blinks yellow — and run ${flashAgain} again.`;

const CONNECTED: ConnectionOutcome = { led: "breathing-cyan", wifi: true, cloud: true, reason: "connected" };

/** What the LED shows, as far as USB tells: listening mode or a cloud connection. */
async function outcomeOverUsb(found: FoundDevice): Promise<ConnectionOutcome | null> {
  const mode = await modeOf(found.handle).catch(() => null);
  if (mode === "listening") return { led: "blinking-blue", wifi: false, cloud: false, reason: "listening mode" };
  const cloud = await found.handle.getCloudConnectionStatus().catch(() => null);
  return cloud === "CONNECTED" ? CONNECTED : null;
}

export async function flash(ctx: CliContext, found: FoundDevice, bytes: Buffer, label = found.mode === "dfu" ? "Flashing over DFU" : "Flashing",
  flashAgain = commandWords().action("flash")): Promise<void> {
  const bar = progressBar(ctx.io, label, bytes.length);
  const progress = (e: { event: string; bytes: number }) => { if (e.event === "downloaded") bar.add(e.bytes); };
  ctx.io.interruptNote?.(found.mode === "dfu"
    ? `Stopped during the transfer over DFU. ${found.id} stays in DFU mode (blinking yellow) with the new firmware incomplete;
it is safe to run the command again: ${flashAgain}. (Unplugged before that, it starts in safe mode, breathing magenta, until flashed.)`
    : `Stopped during the transfer. ${found.id} keeps its old firmware: Device OS replaces it only once a complete image
has been checked. It is safe to run the command again: ${flashAgain}.`);
  try {
    if (found.mode !== "dfu") await found.handle.updateFirmware(bytes, { progress });
    else if (found.handle.writeOverDfu) {
      // Internal flash (alt setting 0), then leave DFU mode so the new firmware starts.
      await found.handle.writeOverDfu(bytes, { altSetting: 0, startAddr: USER_PART_ADDRESS, leave: true, progress });
    } else throw new CliError(`${found.id} is in DFU mode but cannot be written over DFU; tap RESET and run the command again.`, EXIT.failed);
  } catch (e) {
    if (e instanceof CliError) throw e;
    bar.done();
    if (isGoneError(e)) throw new CliError(UNPLUGGED(found.id, flashAgain), EXIT.failed);
    throw new CliError(`The device refused the firmware: ${(e as Error).message}. Nothing was changed; it still runs its old firmware.`, EXIT.failed);
  }
  bar.done();
  // It restarts now (after the update's completion, or on leaving DFU mode):
  // until it has gone, it would still answer with the old firmware's report.
  await untilGone(ctx, found.handle);
}

/** How to enter credentials later: the wifi command (with --simulate kept), no second flash. */
export const wifiLater = (ctx: CliContext) => `To enter Wi-Fi credentials later: ${command(ctx, {}, "wifi").replace(/`/g, "")}`;

export async function recoverDevice(ctx: CliContext, found: FoundDevice, opts: RecoverOptions): Promise<DeviceResult> {
  const out = ctx.io.err; // progress and prose on stderr; --json keeps stdout
  const base: Pick<DeviceResult, "id" | "platform" | "deviceOs" | "route"> = { id: found.id, platform: found.platform };
  const say = (a: AdviceAction) => command(ctx, opts, a);
  out(`\n${describe(found)}\n`);
  // Which build it can run, or another way: decided before anything is sent (docs/device-os.md).
  const system = await systemVersionOf(found.handle);
  if (system.moduleVersion === null) {
    throw new CliError(`Could not tell which Device OS ${found.id} runs: ${system.how}. Nothing was sent to it: a build its system cannot run would leave it in safe mode.
Tap RESET and run the command again; if it does not start, restore its Device OS (Particle's Device Restore USB page, or \`particle update\`).`, EXIT.failed);
  }
  out(`Device OS: ${deviceOsLabel(system.moduleVersion)} (${system.how}).\n`);
  base.deviceOs = deviceOsOf(system.moduleVersion) ?? String(system.moduleVersion);
  const route = routeFor(system.moduleVersion);
  if (route.kind !== "flash" && opts.chosenFile) { // said before anything is sent: the file is not what happens
    out(`${opts.chosenFile} is not flashed: ${route.kind === "system-requests"
      ? `nothing is flashed on ${deviceOsLabel(system.moduleVersion)} (its own system resets the settings instead)`
      : `${deviceOsLabel(system.moduleVersion)} is too old for photon-netreset to send anything`}.\n`);
  }
  if (route.kind === "update-first") throw tooOldForUsb(found, system.moduleVersion);
  if (route.kind === "system-requests") return resetThroughSystem(ctx, found, opts, system.moduleVersion);
  base.route = "firmware";
  const fw = await opts.firmware({ platform: found.platform, systemVersion: system.moduleVersion });
  out(`Firmware: ${describeFirmware(fw)}\n`);

  if (found.mode !== "dfu" && !opts.force) {
    const current = await readReport(found.handle).catch(() => null);
    if (current?.kind === "report" && fw.buildId !== null && current.report.buildId === fw.buildId) {
      out(`It already runs this photon-netreset build; its last report:\n${formatBeforeAfter(current.report)}\n`);
      out(`To run the reset once more: ${say("rerun")} (or flash again with --force).\n`);
      if (found.mode === "listening") out(`It is waiting for Wi-Fi credentials (listening mode, blinking blue). ${wifiLater(ctx)}\n`);
      const advice = adviceFor(current.report, await outcomeOverUsb(found), false, opts.words ?? cliWords(ctx));
      await found.handle.close();
      return { ...base, result: "already-recovered", report: current.report, diagnosis: advice.code, advice, cloud: false, exitCode: EXIT.alreadyRecovered };
    }
  }

  // issue 21: save the owner's application first; a running device is then flashed in DFU mode, one DFU visit.
  const toFlash = opts.backup ? (await backupBeforeFlash(ctx, found, fw, opts.backup)).found : found;
  await flash(ctx, toFlash, fw.bytes, undefined, say("flash"));
  ctx.io.interruptNote?.(`Stopped while ${found.id} restarts to run the reset. The firmware is on it and finishes by itself;
its report: ${say("doctor")}. It is safe to run the command again.`);
  out("Waiting for it to restart and run the reset...\n");
  const { dev, value: report } = await waitForVerdict(ctx, found.id);
  return finishRecovery(ctx, found, dev, report, { ...opts, base });
}

/** Why a verified reset still is not a recovered Photon (undefined: nothing stands in the way). */
function notRecovered(report: Report, advice: Advice): string | undefined {
  return report.diagnosis === "ok" ? undefined : `${advice.headline.replace(/^Not recovered: /, "not recovered: ")} (${advice.code})`;
}

/**
 * After the program's verdict (a flash or a rerun): before → after, the
 * device's own storage, the verdict and the next step, and the Wi-Fi
 * credentials when they can help. Closes `dev`.
 */
export async function finishRecovery(ctx: CliContext, found: FoundDevice, dev: ParticleDevice, report: Report,
  opts: Omit<RecoverOptions, "firmware" | "force"> & { base?: Partial<Pick<DeviceResult, "deviceOs" | "route">> }): Promise<DeviceResult> {
  const out = ctx.io.err;
  const words = opts.words ?? cliWords(ctx);
  const base: Pick<DeviceResult, "id" | "platform" | "deviceOs" | "route"> = { id: found.id, platform: found.platform, ...opts.base };
  const now: FoundDevice = { ...found, handle: dev, mode: await modeOf(dev) };
  let outcome = await outcomeOverUsb(now);
  let advice = adviceFor(report, outcome, false, words);
  out(`${formatBeforeAfter(report)}\n`);

  let cloud = outcome?.cloud ?? false;
  let error: string | undefined;
  // The firmware does not grade itself: the device's own storage has the last word.
  let dct: DctSettings | null = null;
  let confirmed = true;
  if (opts.dctCheck !== false) {
    ctx.io.interruptNote?.(`Stopped while reading ${found.id}'s stored settings. The reset itself is done. If its LED blinks
yellow (DFU mode), tap RESET. To read them again: ${words.action("doctor").replace(/`/g, "")}.`);
    dct = await readDctRoundTrip(ctx, dev, opts.grantDfuDevice);
    out(`${formatDct(dct)}\n`);
    const disagree = dctDisagreements(dct, report);
    if (disagree.length) {
      confirmed = false;
      error = `the device's own storage disagrees with the program's report: ${disagree.join("; ")}`;
      out(`The report and the device's storage disagree:\n${disagree.map((d) => `  - ${d}`).join("\n")}\n`);
    } else out("The device's storage confirms the report.\n");
    now.mode = await waitForVerdict(ctx, found.id).then(async ({ dev: back }) => {
      const mode = await modeOf(back);
      await back.close();
      return mode;
    });
  } else await dev.close();

  // Reset and verified: the marker stuck, and the settings read back as they should.
  const verified = report.action === "done" && report.after.antenna === "internal"
    && report.after.ipSource === "dynamic" && report.after.credentials === 0;
  const problem = notRecovered(report, advice);
  const wifiNow = verified && confirmed && advice.wifiHelps && now.mode === "listening" && opts.offerWifi;
  const asking = wifiNow && !opts.wifi && ctx.io.interactive;
  const nextStep = !confirmed
    ? `Do not rely on the report: run the reset again, ${words.action("rerun")}; if the storage still disagrees, report it as a bug.`
    : asking ? "Enter your Wi-Fi credentials when asked, now (2.4 GHz networks only)."
    : wifiNow && opts.wifi ? `Sending the Wi-Fi credentials given for "${opts.wifi.ssid}", now.` : advice.nextStep;
  out(`${advice.headline}.\nDiagnosis: ${advice.code}. ${advice.summary}\nNext step: ${nextStep}\n`);

  let credentialsSent: boolean | undefined;
  if (opts.wifi && !wifiNow) {
    const why = problem ?? (!confirmed ? "its storage contradicts the report" : !verified ? "the reset was not verified" : "it is not waiting for them (listening mode)");
    out(`The Wi-Fi credentials for "${opts.wifi.ssid}" were not sent: ${why}.\n`);
    credentialsSent = false;
  }
  ctx.io.interruptNote?.(null);
  if (wifiNow) {
    const waiting = `${found.id}'s reset is done: it is waiting in listening mode (blinking blue) for Wi-Fi credentials.
To enter them: ${words.action("wifi").replace(/`/g, "")}`;
    let creds = opts.wifi ?? null;
    try {
      if (!creds && ctx.io.interactive && await ctx.io.prompts.confirm("Enter Wi-Fi credentials now?", true)) creds = await askCredentials(ctx);
    } catch (e) {
      if (e instanceof CancelledError) throw new CancelledError(`Cancelled: nothing was sent. ${waiting}`);
      throw e;
    }
    if (creds) {
      ctx.io.interruptNote?.(`Stopped while ${found.id} joins "${creds.ssid}". Its reset is done; to see where it got: ${words.action("doctor").replace(/`/g, "")}.`);
      cloud = await connectWithCredentials(ctx, found.id, creds);
      ctx.io.interruptNote?.(null);
      credentialsSent = true;
      outcome = cloud ? CONNECTED : outcome;
      advice = adviceFor(report, outcome, false, words);
      if (!cloud) error = NO_CLOUD;
    } else out(`${wifiLater(ctx)}\n`);
  }
  if (!verified) error ??= `the reset was not verified (${report.action}, diagnosis ${report.diagnosis})`;
  if (problem) error ??= `${problem}${credentialsSent === false ? "; the Wi-Fi credentials were not sent" : ""}`;
  return { ...base, result: verified && confirmed && !problem ? "recovered" : "failed", report, diagnosis: advice.code, advice, cloud, dct,
    ...(credentialsSent === undefined ? {} : { credentialsSent }), ...(error ? { error } : {}), exitCode: error ? EXIT.failed : EXIT.ok };
}

export function failedResult(found: FoundDevice, e: CliError): DeviceResult {
  return { id: found.id, platform: found.platform, result: "failed", report: null, diagnosis: null, advice: null, cloud: false, error: e.message, exitCode: e.code };
}
