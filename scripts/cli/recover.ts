// `flash` for one device: check, flash with progress, wait for the program's
// verdict, show before → after and what to do next, offer Wi-Fi credentials.
import { adviceFor, type Advice } from "../../host-shim/advice.ts";
import type { ConnectionOutcome } from "../../host-shim/environment.ts";
import type { Report } from "../../host-shim/host-api.ts";
import { formatBeforeAfter } from "../lib/report-rows.ts";
import { isGoneError } from "./backends.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { readReport, systemModuleVersion, waitForVerdict } from "./device-report.ts";
import { describeFirmware, type Firmware } from "./firmware-check.ts";
import { describe, modeOf, type FoundDevice } from "./find-devices.ts";
import { progressBar } from "./progress.ts";
import { USER_PART_ADDRESS } from "../lib/user-part.ts";
import { enterCredentials, isCliSecurity, waitForCloud, type WifiCredentials } from "./wifi-setup.ts";

export interface RecoverOptions {
  /** The checked firmware for this device (the CLI: chooseFirmware in firmware.ts; the web page: the release beside it). */
  firmware: (device: { platform: FoundDevice["platform"]; systemVersion: number | null }) => Promise<Firmware>;
  force?: boolean;
  /** Credentials for scripts; otherwise a person at a terminal is asked. */
  wifi?: WifiCredentials | null;
  offerWifi: boolean;
}

export interface DeviceResult {
  id: string;
  platform: string;
  result: "recovered" | "already-recovered" | "failed";
  report: Report | null;
  diagnosis: string | null;
  advice: Advice | null;
  cloud: boolean;
  error?: string;
  exitCode: number;
}

const UNPLUGGED = (id: string) => `${id} disappeared from USB during the flash. That is safe: Device OS keeps the old
firmware until a complete image has been checked. Plug it back in and run the command again. If it does not
come back (no LED, or it never shows up), put it in DFU mode — hold SETUP, tap RESET, release SETUP when the
LED blinks yellow — and run \`npx photon-netreset flash\` again.`;

const CONNECTED: ConnectionOutcome = { led: "breathing-cyan", wifi: true, cloud: true, reason: "connected" };

/** What the LED shows, as far as USB tells: listening mode or a cloud connection. */
async function outcomeOverUsb(found: FoundDevice): Promise<ConnectionOutcome | null> {
  const mode = await modeOf(found.handle).catch(() => null);
  if (mode === "listening") return { led: "blinking-blue", wifi: false, cloud: false, reason: "listening mode" };
  const cloud = await found.handle.getCloudConnectionStatus().catch(() => null);
  return cloud === "CONNECTED" ? CONNECTED : null;
}

async function flash(ctx: CliContext, found: FoundDevice, bytes: Buffer): Promise<void> {
  const bar = progressBar(ctx.io, found.mode === "dfu" ? "Flashing over DFU" : "Flashing", bytes.length);
  const progress = (e: { event: string; bytes: number }) => { if (e.event === "downloaded") bar.add(e.bytes); };
  try {
    if (found.mode !== "dfu") await found.handle.updateFirmware(bytes, { progress });
    else if (found.handle.writeOverDfu) {
      // Internal flash (alt setting 0), then leave DFU mode so the new firmware starts.
      await found.handle.writeOverDfu(bytes, { altSetting: 0, startAddr: USER_PART_ADDRESS, leave: true, progress });
    } else throw new CliError(`${found.id} is in DFU mode but cannot be written over DFU; tap RESET and run the command again.`, EXIT.failed);
  } catch (e) {
    if (e instanceof CliError) throw e;
    bar.done();
    if (isGoneError(e)) throw new CliError(UNPLUGGED(found.id), EXIT.failed);
    throw new CliError(`The device refused the firmware: ${(e as Error).message}. Nothing was changed; it still runs its old firmware.`, EXIT.failed);
  }
  bar.done();
  await found.handle.close().catch(() => {}); // it restarts now
}

async function askCredentials(ctx: CliContext): Promise<WifiCredentials | null> {
  const yes = (await ctx.io.ask("Enter Wi-Fi credentials now? [Y/n] ")).trim().toLowerCase();
  if (yes === "n" || yes === "no") return null;
  const ssid = (await ctx.io.ask("Network name (SSID, 2.4 GHz): ")).trim();
  const security = (await ctx.io.ask("Security [wpa2, wpa, wep, open] (wpa2): ")).trim().toLowerCase() || "wpa2";
  if (!isCliSecurity(security)) throw new CliError(`Unknown security "${security}"`, EXIT.usage);
  const password = security === "open" ? undefined : await ctx.io.askHidden("Password (hidden): ");
  return { ssid, security, password };
}

export async function recoverDevice(ctx: CliContext, found: FoundDevice, opts: RecoverOptions): Promise<DeviceResult> {
  const out = ctx.io.err; // progress and prose on stderr; --json keeps stdout
  const base = { id: found.id, platform: found.platform };
  out(`\n${describe(found)}\n`);
  const fw = await opts.firmware({ platform: found.platform, systemVersion: await systemModuleVersion(found.handle) });
  out(`Firmware: ${describeFirmware(fw)}\n`);
  if (found.mode === "dfu") {
    out(`In DFU mode the device cannot tell its Device OS version. The firmware needs ${fw.info.systemVersion === 2302 ? "Device OS 2.3.1" : "a newer Device OS"};
if the device has an older one, it will start in safe mode (breathing magenta): then run \`particle update\`.\n`);
  }

  if (found.mode !== "dfu" && !opts.force) {
    const current = await readReport(found.handle).catch(() => null);
    if (current?.kind === "report" && fw.buildId !== null && current.report.buildId === fw.buildId) {
      out(`It already runs this photon-netreset build; its last report:\n${formatBeforeAfter(current.report)}\n`);
      out("To run the reset once more: npx photon-netreset rerun (or flash again with --force).\n");
      const advice = adviceFor(current.report, await outcomeOverUsb(found));
      await found.handle.close();
      return { ...base, result: "already-recovered", report: current.report, diagnosis: advice.code, advice, cloud: false, exitCode: EXIT.alreadyRecovered };
    }
  }

  await flash(ctx, found, fw.bytes);
  out("Waiting for it to restart and run the reset...\n");
  const { dev, value: report } = await waitForVerdict(ctx, found.id);
  const now: FoundDevice = { ...found, handle: dev, mode: await modeOf(dev) };
  let outcome = await outcomeOverUsb(now);
  let advice = adviceFor(report, outcome);
  out(`${formatBeforeAfter(report)}\nDiagnosis: ${advice.code}. ${advice.summary}\nNext step: ${advice.nextStep}\n`);
  await dev.close();

  let cloud = outcome?.cloud ?? false;
  // Reset and verified: the marker stuck, and the settings read back as they should.
  const verified = report.action === "done" && report.after.antenna === "internal"
    && report.after.ipSource === "dynamic" && report.after.credentials === 0;
  if (verified && report.diagnosis === "ok" && now.mode === "listening" && opts.offerWifi) {
    const creds = opts.wifi ?? (ctx.io.interactive ? await askCredentials(ctx) : null);
    if (creds) {
      out(`Sending the credentials for "${creds.ssid}" over USB serial...\n`);
      await enterCredentials(ctx, found.id, creds);
      out("Waiting for the cloud...\n");
      cloud = await waitForCloud(ctx, found.id);
      outcome = cloud ? CONNECTED : outcome;
      advice = adviceFor(report, outcome);
      out(cloud ? "Connected to the Particle cloud (breathing cyan).\n"
        : "It did not reach the cloud in time: check the password and that the network is 2.4 GHz, then try again.\n");
    }
  }
  return { ...base, result: verified ? "recovered" : "failed", report, diagnosis: advice.code, advice, cloud,
    exitCode: verified ? EXIT.ok : EXIT.failed };
}

export function failedResult(found: FoundDevice, e: CliError): DeviceResult {
  return { id: found.id, platform: found.platform, result: "failed", report: null, diagnosis: null, advice: null, cloud: false, error: e.message, exitCode: e.code };
}
