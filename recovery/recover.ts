// `flash` for one device, as steps: learn its Device OS, choose the firmware,
// save the owner's application, flash, wait for the program's verdict, check
// it against the device's own storage, then Wi-Fi credentials when they can
// help. Everything it learns goes out as events and comes back as a DeviceResult.
import { adviceFor, type Advice } from "../model/advice.ts";
import type { ConnectionOutcome } from "../model/connection.ts";
import type { DctSettings } from "../model/dct.ts";
import type { ParticleDevice } from "../model/device.ts";
import { deviceOsLabel, deviceOsOf, routeFor } from "../model/device-os-versions.ts";
import type { Report } from "../model/host-api.ts";
import type { NextAction } from "./actions.ts";
import { backupBeforeFlash } from "./backup.ts";
import { adviceWords, EXIT, note, RecoveryError, setState, type RecoveryContext } from "./context.ts";
import { dctDisagreements } from "./dct-readback.ts";
import { readStoredSettings, type ServerKeyJson } from "./server-key.ts";
import { explainNoCloud, type CloudFailureJson } from "./cloud-check.ts";
import { readReport, waitForVerdict } from "./device-report.ts";
import { describe, modeOf, type FoundDevice } from "./find-devices.ts";
import { cloudStatusOf, listeningProbe } from "./device-state.ts";
import { describeFirmware } from "./firmware-check.ts";
import { flash } from "./flash.ts";
import type { DeviceResult, RecoverOptions } from "./outcome.ts";
import { resetThroughSystem, tooOldForUsb } from "./system-reset.ts";
import { systemVersionOf } from "./system-version.ts";
import { reportMeetsTarget } from "./target-settings.ts";
import { NO_CLOUD, offerCredentials, scanListOf } from "./wifi-setup.ts";
import { readScanList, scanJson } from "./scan-list.ts";
import { cloudFailureAdvice, CONNECTED } from "./wifi-outcome.ts";

export type { DeviceResult, RecoverOptions } from "./outcome.ts";


/** What the LED shows, as far as USB tells: listening mode (`mode`, already asked) or a cloud connection. */
async function outcomeOverUsb(handle: FoundDevice["handle"], mode: FoundDevice["mode"] | null): Promise<ConnectionOutcome | null> {
  if (mode === "listening") return { led: "blinking-blue", wifi: false, cloud: false, reason: "listening mode" };
  const cloud = await cloudStatusOf(handle).catch(() => null);
  return cloud === "CONNECTED" ? CONNECTED : null;
}

/** The advice's actions as data. */
const nextOf = (advice: Advice): NextAction[] => advice.actions.map((command) => ({ command }));

export async function recoverDevice(ctx: RecoveryContext, found: FoundDevice, opts: RecoverOptions): Promise<DeviceResult> {
  const out = (text: string) => note(ctx, text);
  const base: Pick<DeviceResult, "id" | "platform" | "deviceOs" | "route"> = { id: found.id, platform: found.platform };
  setState(ctx, { id: found.id, is: "untouched" });
  out(`\n${describe(found)}\n`);
  // Which build it can run, or another way: decided before anything is sent (docs/device-os.md).
  const system = await systemVersionOf(found.handle);
  if (system.moduleVersion === null) {
    throw new RecoveryError(`Could not tell which Device OS ${found.id} runs: ${system.how}. Nothing was sent to it: a build its system cannot run would leave it in safe mode. `
      + "Tap RESET and run the command again; if it does not start, restore its Device OS (Particle's Device Restore USB page, or `particle update`).", EXIT.failed);
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
      const result = (text: string) => ctx.emit({ kind: "result", id: found.id, text });
      result("It already runs this photon-netreset build; its last report:");
      ctx.emit({ kind: "report", id: found.id, report: current.report });
      result(`To run the reset once more: ${ctx.words({ command: "rerun" })} (or ${ctx.words({ command: "flash", args: ["--force"] })}).`);
      if (found.mode === "listening") result(`It is waiting for Wi-Fi credentials (listening mode, blinking blue). To enter them: ${ctx.words({ command: "wifi" })}`);
      const mode = await modeOf(found.handle, listeningProbe(ctx)).catch(() => null);
      const advice = adviceFor(current.report, await outcomeOverUsb(found.handle, mode), false, adviceWords(ctx));
      const scanList = await readScanList(found.handle).catch(() => null); // what it sees, for the outcome (and so the report)
      // --fix-server-key: the one thing left to do on it (the next step a cloud failure names).
      let serverKey: ServerKeyJson | undefined;
      if (opts.fixServerKey) {
        setState(ctx, { id: found.id, is: "dfu", for: "settings", resetDone: true });
        ({ serverKey } = await readStoredSettings(ctx, found.handle, { policy: "write", systemModuleVersion: system.moduleVersion }));
        ctx.emit({ kind: "server-key", id: found.id, serverKey });
      } else await found.handle.close();
      setState(ctx, { id: found.id, is: "finished" });
      const wrote = serverKey?.write?.written === true;
      return { ...base, result: "already-recovered", report: current.report, diagnosis: advice.code, advice, cloud: false, ...(serverKey ? { serverKey } : {}),
        ...(scanList ? scanJson(scanList) : {}),
        exitCode: wrote ? EXIT.ok : EXIT.alreadyRecovered,
        next: [{ command: "rerun" }, ...(found.mode === "listening" ? [{ command: "wifi" as const }] : [])] };
    }
  }

  // The owner's application first; a running device is then flashed in DFU mode, one DFU visit.
  const toFlash = opts.backup ? (await backupBeforeFlash(ctx, found, fw, opts.backup)).found : found;
  await flash(ctx, toFlash, fw.bytes, { what: "photon-netreset" });
  setState(ctx, { id: found.id, is: "resetting", again: false });
  out("Waiting for it to restart and run the reset...\n");
  ctx.emit({ kind: "waiting", for: "the Photon to restart and report", timeoutMs: ctx.timing.rebootTimeoutMs });
  const { dev, value: report } = await waitForVerdict(ctx, found.id);
  return finishRecovery(ctx, found, dev, report, { ...opts, base, systemModuleVersion: system.moduleVersion });
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
export async function finishRecovery(ctx: RecoveryContext, found: FoundDevice, dev: ParticleDevice, report: Report,
  opts: Omit<RecoverOptions, "firmware" | "force"> & { base?: Partial<Pick<DeviceResult, "deviceOs" | "route">>; systemModuleVersion?: number }): Promise<DeviceResult> {
  const words = adviceWords(ctx);
  const base: Pick<DeviceResult, "id" | "platform" | "deviceOs" | "route"> = { id: found.id, platform: found.platform, ...opts.base };
  const now: FoundDevice = { ...found, handle: dev, mode: await modeOf(dev, listeningProbe(ctx)) };
  // The mode just asked, not asked again (on early releases that is a serial console probe).
  let outcome = await outcomeOverUsb(dev, now.mode);
  let advice = adviceFor(report, outcome, false, words);
  ctx.emit({ kind: "report", id: found.id, report });

  let cloud = outcome?.cloud ?? false;
  let error: string | undefined;
  // The firmware does not grade itself: the device's own storage has the last word.
  let dct: DctSettings | null = null;
  let disagreements: string[] | undefined;
  let serverKey: ServerKeyJson | undefined;
  if (opts.dctCheck !== false) {
    setState(ctx, { id: found.id, is: "dfu", for: "settings", resetDone: true });
    ({ dct, serverKey } = await readStoredSettings(ctx, dev, { policy: opts.fixServerKey ? "write" : "ask", systemModuleVersion: opts.systemModuleVersion, grant: opts.grantDfuDevice }));
    disagreements = dctDisagreements(dct, report);
    ctx.emit({ kind: "dct", id: found.id, dct, disagreements });
    ctx.emit({ kind: "server-key", id: found.id, serverKey });
    if (disagreements.length) error = `the device's own storage disagrees with the program's report: ${disagreements.join("; ")}`;
    now.mode = await waitForVerdict(ctx, found.id).then(async ({ dev: back }) => {
      const mode = await modeOf(back, listeningProbe(ctx));
      await back.close();
      return mode;
    });
  } else await dev.close();
  const confirmed = !disagreements?.length;
  // The Photon's own scan, read once: the outcome (and so the report) carries it, and the Wi-Fi step offers it.
  const scanList = now.mode === "dfu" ? null : await scanListOf(ctx, found.id);

  // Reset and verified: the marker stuck, and the settings read back as they should.
  const verified = report.action === "done" && reportMeetsTarget(report.after);
  const problem = notRecovered(report, advice);
  const wifiNow = verified && confirmed && advice.wifiHelps && now.mode === "listening" && opts.offerWifi;
  const asking = wifiNow && !opts.wifi && ctx.ask !== null;
  if (!confirmed) {
    advice = { ...advice, tone: "problem", wifiHelps: false, actions: ["rerun"], headline: "The Photon's own storage does not confirm what the firmware reported",
      nextStep: "Do not enter your Wi-Fi network yet. Do not rely on the report: the settings the Photon has stored are not the ones it reported. "
        + `Run the reset again, ${words.action("rerun")}; if its storage still disagrees, report it as a bug.` };
  }
  const nextStep = !confirmed ? advice.nextStep
    : asking ? "Enter your Wi-Fi credentials when asked, now (2.4 GHz networks only)."
    : wifiNow && opts.wifi ? `Sending the Wi-Fi credentials given for "${opts.wifi.ssid}", now.` : advice.nextStep;
  ctx.emit({ kind: "verdict", id: found.id, advice, nextStep });

  let credentialsSent: boolean | undefined;
  let cloudFailure: { failure: CloudFailureJson; next: NextAction[] } | undefined;
  if (opts.wifi && !wifiNow) {
    const why = problem ?? (!confirmed ? "its storage contradicts the report" : !verified ? "the reset was not verified" : "it is not waiting for them (listening mode)");
    ctx.emit({ kind: "warning", text: `The Wi-Fi credentials for "${opts.wifi.ssid}" were not sent: ${why}.\n` });
    credentialsSent = false;
  }
  const listening = { id: found.id, is: "listening", resetDone: true } as const;
  setState(ctx, now.mode === "listening" ? listening : { id: found.id, is: "finished" });
  if (wifiNow) {
    const joined = await offerCredentials(ctx, found.id, { offerWifi: true, wifi: opts.wifi, scanList,
      explainNoCloud: explainNoCloud(ctx, found.id, serverKey, opts.systemModuleVersion, (f) => { cloudFailure = f; }) });
    if (joined !== null) {
      cloud = joined;
      credentialsSent = true;
      outcome = cloud ? CONNECTED : outcome;
      advice = adviceFor(report, outcome, false, words);
      if (!cloud) error = NO_CLOUD(ctx);
    }
    if (!cloud && cloudFailure) {
      error = cloudFailure.failure.summary;
      advice = cloudFailureAdvice(advice, cloudFailure.failure);
    }
  }
  if (!verified) error ??= `the reset was not verified (${report.action}, diagnosis ${report.diagnosis})`;
  if (problem) error ??= `${problem}${credentialsSent === false ? "; the Wi-Fi credentials were not sent" : ""}`;
  return { ...base, result: verified && confirmed && !problem ? "recovered" : "failed", report, diagnosis: advice.code, advice, cloud, dct, ...(serverKey ? { serverKey } : {}),
    ...(disagreements?.length ? { disagreements } : {}), ...(scanList ? scanJson(scanList) : {}),
    ...(credentialsSent === undefined ? {} : { credentialsSent }), ...(error ? { error } : {}), exitCode: error ? EXIT.failed : EXIT.ok,
    ...(cloudFailure && !cloud ? { cloudFailure: cloudFailure.failure } : {}),
    next: cloud ? [] : cloudFailure ? cloudFailure.next : nextOf(advice), state: cloud ? { id: found.id, is: "finished" } : now.mode === "listening" ? listening : { id: found.id, is: "finished" } };
}
