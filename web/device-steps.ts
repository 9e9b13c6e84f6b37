// The page's device steps, loaded only when a device can be reached (WebUSB)
// or the demo starts: connect (the browser's chooser), check the firmware,
// reset with the CLI's own recoverDevice() over WebUSB (before → after, the
// advice, the settings read back from its own storage), run the reset again
// (the CLI's rerunDevice()), and Wi-Fi credentials over Web Serial.
import type { Advice } from "../model/advice.ts";
import type { SerialBackend } from "../model/device.ts";
import { EXIT, REAL_TIMING, RecoveryError as CliError, SIMULATED_TIMING, type RecoveryContext } from "../recovery/context.ts";
import { chooseDevices, describe, findDevices, NO_DEVICE_HELP, type FoundDevice } from "../recovery/find-devices.ts";
import { type DeviceResult, recoverDevice } from "../recovery/recover.ts";
import { rerunDevice } from "../recovery/rerun.ts";
import { credentialsProblem, isCliSecurity, joinWithCredentials, scanListOf } from "../recovery/wifi-setup.ts";
import { chosenFirmware, loadRelease, releaseFirmware, type FirmwareFor, type Release } from "./firmware-source.ts";
import { pageEvents } from "./page-events.ts";
import type { ActionWords } from "../recovery/actions.ts";
import type { PhotonState } from "../recovery/events.ts";
import { renderDct, renderReport } from "./result-view.ts";
import { $, busy, hideStatus, state, status } from "./page.ts";
import { webSerialBackend } from "./webserial-backend.ts";
import { chooseDevice, webUsbBackend } from "./webusb-backend.ts";
import { isDfuMode } from "./particle-ids.ts";
import { forgetBackup, keepAsDownload, offerRestore, restoreFile, restoreSaved, showBackupSection } from "./backup-view.ts";
import type { RestoredJson } from "../recovery/restore.ts";
import { forgetReport, observeForReport, offerReport } from "./report-view.ts";
import { FIX_BUTTON, renderServerKey } from "./server-key-view.ts";
import { forgetNetworks, holdBackUnseen, renderNetworks } from "./scan-list-view.ts";
import { cloudFailureOf } from "../recovery/cloud-check.ts";
import { afterJoin } from "../recovery/wifi-outcome.ts";
import { BUILT_IN_SERVER_KEY_FROM } from "../model/server-key.ts";
import type { ServerKeyJson } from "../recovery/server-key-json.ts";
import { FIX_SERVER_KEY_FLAG, readStoredSettings } from "../recovery/server-key.ts";

/** The advice's actions as the page's buttons (result-view.ts draws them). */
export const PAGE_WORDS: ActionWords = (a) => a.args?.includes(FIX_SERVER_KEY_FLAG) ? `click “${FIX_BUTTON}” below` : ({
  wifi: "click “Enter your Wi-Fi network” below", rerun: "click “Run the reset again” below",
  flash: "click “Reset network settings” (step 3)", doctor: "run `npx photon-netreset doctor` on a computer with Node.js",
  restore: "click “Put my application back”",
})[a.command];

/** While a step runs: what the status line says as the Photon's state changes (null: nothing running). */
let working: ((s: PhotonState) => void) | null = null;

const steps: { serial: SerialBackend | null; firmware: FirmwareFor | null; release: Release | null } = { serial: null, firmware: null, release: null };

/**
 * The demo's Photon is simulated: it is waited for as the CLI's --simulate waits for one. So are the
 * simulated Photons the browser tests put behind navigator.usb (test/web/fake-navigator.js says so).
 */
function simulatedDevices(): boolean {
  return state.demo || (globalThis as { photonNetresetSimulatedDevices?: unknown }).photonNetresetSimulatedDevices === true;
}

function context(): RecoveryContext {
  const bar = $<HTMLProgressElement>("bar");
  const shown = pageEvents({
    log: (text) => { $("log").textContent += text; $("log").scrollTop = $("log").scrollHeight; },
    progress: (label, sent, total) => {
      $("progress").hidden = false;
      const percent = total ? Math.round((100 * Math.min(sent, total)) / total) : 100;
      bar.value = percent;
      $("bar-label").textContent = label;
      $("bar-text").textContent = `${percent}% (${(sent / 1024).toFixed(1)} of ${(total / 1024).toFixed(1)} KiB)`;
    },
    state: (s) => { state.photon = s; working?.(s); },
  });
  const emit: RecoveryContext["emit"] = (e) => { shown(e); observeForReport(e); };
  if (!state.usb) throw new CliError("This browser cannot reach USB devices.", EXIT.noDevice);
  steps.serial ??= state.serialApi ? webSerialBackend(state.serialApi) : null;
  const serial: SerialBackend = steps.serial ?? { open: async () => { throw new CliError("This browser cannot open serial ports (Web Serial).", EXIT.failed); } };
  const simulated = simulatedDevices();
  return { usb: webUsbBackend(state.usb, simulated), serial, emit, timing: simulated ? SIMULATED_TIMING : REAL_TIMING, ask: null, words: PAGE_WORDS };
}

/** The release beside the page, when the build put one there (index.html's data-release: no request, no 404, without one). */
export async function findRelease(): Promise<void> {
  steps.release = document.documentElement.dataset.release ? await loadRelease(document.documentElement.dataset.release) : null;
  describeFirmwareChoice();
}

export function describeFirmwareChoice(): void {
  const file = $<HTMLInputElement>("bin").files?.[0];
  if (state.demo) return; // the demo's own firmware
  let label: string;
  if (file) {
    steps.firmware = chosenFirmware(file);
    label = `Your file ${file.name}. It is checked (platform, CRC, Device OS) before anything is sent.`;
  } else if (steps.release) {
    steps.firmware = releaseFirmware(steps.release);
    label = `photon-netreset ${steps.release.version} from this site. Its SHA-256 is checked against the release's SHA256SUMS before anything is sent.`;
  } else {
    steps.firmware = null;
    label = "No release firmware is published beside this page yet. Choose a photon-netreset .bin file below (from a release, or built with npm run build).";
  }
  $("firmware-status").textContent = label;
}

async function theDevice(ctx: RecoveryContext): Promise<FoundDevice> {
  if (!state.deviceId) throw new CliError(NO_DEVICE_HELP, EXIT.noDevice);
  const { devices } = await findDevices(ctx);
  const [found] = await chooseDevices(ctx, devices, { device: state.deviceId });
  for (const d of devices) if (d !== found) await d.handle.close().catch(() => {});
  return found;
}

export async function connect(): Promise<void> {
  if (!state.usb) {
    status("problem", "This browser cannot talk to USB devices.", "See “Which browser?” above.");
    return;
  }
  status("working", "Waiting for you to pick the Photon in the browser's list…");
  const native = await chooseDevice(state.usb);
  if (!native) {
    status("note", "No device was chosen.", "The list was closed without picking a device. Click “Choose the Photon…” again. If your Photon is not in the list, open “My Photon is not in the list”.");
    return;
  }
  state.deviceId = (native.serialNumber ?? "").toLowerCase();
  const ctx = context();
  const { devices, skipped } = await findDevices(ctx);
  for (const s of skipped) ctx.emit({ kind: "warning", text: `Skipping ${s}\n` });
  const [found] = await chooseDevices(ctx, devices, { device: state.deviceId });
  for (const d of devices) await d.handle.close().catch(() => {});
  // Its Device OS is learnt when the reset starts (in DFU mode from its flash): the build is picked by it (docs/device-os.md).
  $("device").textContent = `Connected: ${describe(found)}.`;
  $("device").hidden = false;
  status("done", `Found your ${found.platform === "p1" ? "P1" : "Photon"}.`, "Now click “Reset network settings”.",
    found.mode === "dfu" ? "blinking-yellow" : found.mode === "listening" ? "blinking-blue" : null);
  showBackupSection(); // an application saved earlier can be put back
  busy(false);
  $("reset").focus();
}

/** The owner's own .bin (step 2), as said in the log when its Device OS means nothing is flashed. */
function chosenFileName(): string | undefined {
  const file = state.demo ? undefined : $<HTMLInputElement>("bin").files?.[0];
  return file ? `Your file ${file.name}` : undefined;
}

/**
 * Empties the result region: the verdict, before → after, the next step and
 * its buttons, the Wi-Fi form and its error, the stored settings, and what a
 * restore said. Every new outcome starts from here, so nothing of an earlier
 * one can stay on the page.
 */
function clearOutcome(): void {
  $("result").hidden = true;
  showWifi(false);
  $("wifi-error").textContent = "";
  $("wifi-error").hidden = true;
  $("restore-result").replaceChildren();
  delete $("restore-result").dataset.state;
  $("restore").hidden = true;
  $("actions").replaceChildren();
  $("report-download").hidden = true;
  renderServerKey(undefined);
  renderDct($("dct-readback"), null, [], "Not read.");
}

function beforeStart(): void {
  clearOutcome();
}

/** A new demo, or a new Photon: the page as it was when loaded. */
export function clearPage(): void {
  clearOutcome();
  $("progress").hidden = true;
  $<HTMLProgressElement>("bar").value = 0;
  $("bar-label").textContent = "Flashing";
  $("bar-text").textContent = "0%";
  $("device").hidden = true;
  $("device").textContent = "";
  $("backup").hidden = true;
  $("backup-download").hidden = true;
  showRegrant(null);
  $("log").textContent = "";
  $("wifi-form").dispatchEvent(new Event("reset"));
  ($("wifi-form") as HTMLFormElement).reset();
  state.outcome = null;
  state.photon = null;
  state.deviceId = null;
  forgetBackup();
  forgetReport();
  forgetNetworks();
}

export async function reset(): Promise<void> {
  describeFirmwareChoice();
  const firmware = steps.firmware;
  if (!state.deviceId) throw new CliError(NO_DEVICE_HELP, EXIT.noDevice);
  if (!firmware) throw new CliError("There is no firmware to flash: choose a photon-netreset .bin file in step 2.", EXIT.badFirmware);
  beforeStart();
  state.outcome = null;
  $("bar-label").textContent = "Flashing";
  status("working", "Checking the firmware and flashing it…", "Keep the Photon plugged in. This takes about a minute.");
  const ctx = context();
  const found = await theDevice(ctx);
  showRegrant(found.mode === "dfu" ? AFTER_DFU_FLASH : null);
  // The status line follows the Photon's state as the workflow records it (the DFU visits have their own, allowDfuDevice).
  working = (s) => {
    if (s.is === "flashing" && s.what === "photon-netreset") {
      status("working", "Checking the firmware and flashing it…", "Keep the Photon plugged in. This takes about a minute.",
        s.over === "dfu" ? "blinking-yellow" : "blinking-magenta", false);
    } else if (s.is === "resetting") {
      status("working", "Flashed. Waiting for the Photon to restart and run the reset…", found.mode === "dfu"
        ? "When its LED stops blinking yellow, click “Allow the Photon again…” below and choose it. Keep it plugged in."
        : "It restarts twice; its LED may blink magenta, green and blue. Keep it plugged in.", found.mode === "dfu" ? "blinking-yellow" : null, false);
    }
  };
  let result: DeviceResult;
  try {
    // After the report, the CLI's DCT check: the Photon restarts into DFU mode
    // (a new USB device to the browser, allowed by the owner) and back.
    result = await recoverDevice(ctx, found, { firmware, offerWifi: false, dctCheck: true,
      grantDfuDevice: (id) => allowDfuDevice(id), chosenFile: chosenFileName(),
      // The owner's application is read first (DFU mode: allowed here) and offered as a download.
      backup: !$<HTMLInputElement>("backup-first").checked ? undefined : keepAsDownload((id) => allowDfuDevice(id, "backup")) });
  } finally {
    working = null;
    showRegrant(null);
  }
  if (result.route === "system-requests" && result.advice) { // an older Device OS reset itself: no report of ours (docs/device-os.md)
    if (result.result !== "recovered") throw new CliError(result.error ?? "The reset was not confirmed.", result.exitCode);
    showSystemReset(result, result.advice);
    return;
  }
  await show(result);
  if (result.result === "recovered") offerRestore();
}

/** “Run the reset again”: the CLI's rerun, its ending without the DCT check. */
export async function rerun(): Promise<void> {
  beforeStart();
  status("working", "Asking the Photon to run the reset again…", "It restarts twice. Keep it plugged in.");
  const ctx = context();
  const found = await theDevice(ctx);
  await show(await rerunDevice(ctx, found, { offerWifi: false }), "Not read this time: a rerun does not restart it into DFU mode.");
}

/** The result of a reset or rerun, from its outcome alone: verdict, before → after, next step with its buttons, the stored settings. */
async function show(result: DeviceResult, notRead = "Not read."): Promise<void> {
  if (!result.report || !result.advice) throw new CliError(result.error ?? "The device did not report.", result.exitCode);
  clearOutcome();
  state.outcome = result;
  const disagree = result.disagreements ?? [];
  const already = result.result === "already-recovered";
  let advice: Advice = result.advice;
  const headline = already ? "This Photon already runs this photon-netreset build: nothing was flashed." : advice.headline;
  const wifiNow = advice.wifiHelps && !already && result.result === "recovered" && !result.cloud;
  if (wifiNow) advice = { ...advice, nextStep: "Enter your Wi-Fi network in step 4 below (2.4 GHz networks only).", actions: [] };
  // The form's list of networks first, so the result and the form appear together: the form never
  // shows up (and takes the focus) after the owner has started reading or typing.
  if (wifiNow) await loadNetworks(result.id);
  renderReport($("result"), result.report, advice, headline);
  renderDct($("dct-readback"), result.dct ?? null, disagree, already
    ? "Not read this time: nothing was flashed. To read them, run npx photon-netreset doctor on a computer with Node.js." : notRead,
  advice.tone !== "problem");
  hideStatus();
  renderServerKey(result.serverKey);
  lastServerKey = result.serverKey ?? null;
  offerReport(result, steps.release?.version ?? "(this page)");
  showWifi(wifiNow);
  // The verdict in view; the focus on the form when it is next, else on the verdict (never the body).
  $(wifiNow ? "ssid" : "verdict").focus({ preventScroll: true });
  $("result").scrollIntoView({ block: "start" });
}

/**
 * A reset by the Photon's own Device OS: its verdict, what its storage holds,
 * and the Wi-Fi form when it waits in listening mode, as after our firmware.
 */
function showSystemReset(result: DeviceResult, advice: Advice): void {
  clearOutcome();
  state.outcome = result;
  const dct = result.dct ?? null;
  const wifiNow = advice.wifiHelps;
  const shown = wifiNow ? { ...advice, nextStep: "Enter your Wi-Fi network in step 4 below (2.4 GHz networks only).", actions: [] } : advice;
  renderReport($("result"), null, shown);
  renderDct($("dct-readback"), dct, [], "Not read.", true, "the dynamic IP and internal antenna its own system was asked to set");
  offerReport(result, steps.release?.version ?? "(this page)");
  hideStatus();
  showWifi(wifiNow);
  $(wifiNow ? "ssid" : "verdict").focus({ preventScroll: true });
  $("result").scrollIntoView({ block: "start" });
}

/** The Wi-Fi form, only when it can help; in the demo it says the simulated router's network. */
export function showWifi(on: boolean): void {
  $("wifi").hidden = !on;
  const hint = $("demo-network");
  const n = state.demoNetwork;
  hint.hidden = !(on && n);
  if (n) hint.textContent = `Demo: the simulated router's network is “${n.ssid}” (${n.security.toUpperCase()}), password “${n.password ?? ""}”.`;
}

const FOR_BACKUP = "To save your own application before the reset, the Photon restarts into DFU mode (blinking yellow). In DFU mode it is a different USB device, "
  + "and the browser must be allowed to use it: click the button and choose the Photon. The reset is then flashed from there.";

/** “Put my application back” (the backup of this visit) or “Put back an application from a file…”. */
export async function restoreApp(file?: File): Promise<void> {
  status("working", file ? `Checking ${file.name} against the Photon, then putting it back…` : "Putting your application back on the Photon…",
    "Keep it plugged in. It restarts, then restarts into DFU mode once more so its stored settings can be checked.");
  const ctx = context();
  const grant = (id: string) => allowDfuDevice(id);
  clearOutcome(); // the reset's result is history now: the Photon runs the owner's application
  state.outcome = null;
  const restored: RestoredJson = file ? await restoreFile(ctx, await theDevice(ctx), file, grant) : await restoreSaved(ctx, grant);
  const changed = restored.settingsChanged.length > 0;
  // The app's own verdict when it runs but never connects (and left the settings alone); else what it did to them.
  const own = !changed && restored.appVerdict ? restored.appVerdict : null;
  const headline = changed ? "Your application is back, but it changed the network settings again"
    : own ? `Your application is back: ${own.headline.replace(/^Your app/, "it")}` : "Your application is back and running";
  const advice: Advice = own ? { ...own, headline } : { code: "ok", tone: changed ? "problem" : "recovered", headline, led: null, actions: [], wifiHelps: false,
    summary: changed ? "After it started, your application wrote a static IP or the external antenna into the Photon's storage again."
      : "After it started, the Photon's stored settings were still dynamic IP and the internal antenna.",
    nextStep: changed ? "Change your application as “Your own application” above says, build it, and put it back with “Put back an application from a file…”."
      : "Nothing more to do." };
  renderReport($("result"), null, advice);
  renderDct($("dct-readback"), restored.dct, [], "Not read.", !changed, "the settings your application left", restored.settingsChanged);
  hideStatus();
  $("verdict").focus({ preventScroll: true });
}

const AFTER_DFU_FLASH = "After a flash in DFU mode the Photon comes back as a different USB device, and the browser must be allowed to use it again. "
  + "When its LED stops blinking yellow, click the button and choose the Photon.";
const FOR_DCT_CHECK = "To read its stored settings the Photon restarts into DFU mode (blinking yellow). In DFU mode it is a different USB device, "
  + "and the browser must be allowed to use it: click the button and choose the Photon. It restarts normally afterwards.";

/** The “Allow the Photon again…” banner with why, or hidden (null). */
function showRegrant(why: string | null): void {
  $("regrant").hidden = why === null;
  if (why !== null) $("regrant-why").textContent = why;
}

/**
 * readDctRoundTrip's grant: until the browser may use the Photon in DFU mode
 * (the owner clicked “Allow the Photon again…” and chose it, or it was
 * allowed before), at most 5 minutes; then the CLI's own wait takes over and
 * tells this Photon apart from others in DFU mode (or refuses to guess).
 * In DFU mode its serial number may not be its id (device-os issue 1425):
 * any DFU-mode Photon allowed that was not there before counts.
 */
/** The DFU serial numbers the owner has allowed for each Photon (by device id) in this visit. */
const dfuSerialsAllowedFor = new Map<string, Set<string>>();

async function allowDfuDevice(id: string, why: "dct" | "backup" = "dct"): Promise<void> {
  const usb = state.usb!;
  const list = async () => usb.getDevices().catch(() => []);
  const running = async () => (await list()).some((d) => !isDfuMode(d) && (d.serialNumber ?? "").toLowerCase() === id);
  const inDfu = async () => (await list()).filter((d) => isDfuMode(d));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // A real Photon takes seconds to restart; a simulated one milliseconds (its timing's poll).
  const poll = (ms: number) => sleep(simulatedDevices() ? Math.min(ms, SIMULATED_TIMING.pollMs) : ms);
  // The DFU-mode devices there before this one's restart: counted while it still runs, as a Photon
  // allowed in DFU mode before (the same shared serial number) is listed again at once when it comes back.
  const before = (await inDfu()).length;
  // Until it has left USB (restarting), the chooser would still offer the running Photon.
  for (const until = Date.now() + 10_000; Date.now() < until && await running();) await poll(200);
  const serial = (d: { serialNumber?: string }) => (d.serialNumber ?? "").toLowerCase();
  const known = dfuSerialsAllowedFor.get(id) ?? new Set<string>();
  // Allowed once a DFU-mode device appears, or one is listed whose serial number the owner already allowed for
  // this Photon (a second DFU visit: with a shared serial it is listed again at once, so no count can tell).
  const allowed = async () => {
    const now = await inDfu();
    const ok = now.length > before || now.some((d) => serial(d) === id || known.has(serial(d)));
    if (ok) dfuSerialsAllowedFor.set(id, new Set([...known, ...now.map(serial)]));
    return ok;
  };
  status("working", why === "backup" ? "Saving your own application first…" : "The Photon has reported. Now checking its own stored settings…",
    "Its LED blinks yellow (DFU mode) for a few seconds. Click “Allow the Photon again…” below and choose the Photon. Keep it plugged in.", "blinking-yellow");
  showRegrant(why === "backup" ? FOR_BACKUP : FOR_DCT_CHECK);
  $("regrant-button").focus();
  for (const deadline = Date.now() + 5 * 60_000; Date.now() < deadline && !(await allowed());) await poll(500);
  showRegrant(null);
  status("working", why === "backup" ? "Reading your application from the Photon, then flashing…" : "Reading the Photon's stored settings…",
    why === "backup" ? "Keep it plugged in." : "It then restarts normally. Keep it plugged in.", "blinking-yellow");
}

export function regrant(): void {
  if (state.usb) void chooseDevice(state.usb).catch(() => null);
}

/** A problem with the network just sent, said next to the form (in view), the network name kept for the retry. */
function wifiError(text: string): void {
  const e = $("wifi-error");
  e.textContent = text;
  e.hidden = false;
  e.scrollIntoView({ block: "center" });
  $("ssid").focus({ preventScroll: true });
}

export async function sendWifi(): Promise<void> {
  const ssid = $<HTMLInputElement>("ssid").value.trim();
  const security = $<HTMLSelectElement>("security").value;
  const passwordField = $<HTMLInputElement>("password");
  if (!isCliSecurity(security)) throw new CliError(`Unknown security ${security}.`, EXIT.usage);
  // Not among the networks the Photon sees: said before anything is sent (the password kept); sending it again goes on.
  const unseen = holdBackUnseen(ssid);
  if (unseen) {
    wifiError(unseen);
    return;
  }
  // The password goes from the field to the device and nowhere else; the field is emptied at once.
  const creds = { ssid, security, password: security === "open" ? undefined : passwordField.value };
  passwordField.value = "";
  $("wifi-error").hidden = true;
  if (!state.deviceId || !state.outcome) throw new CliError("Reset the network settings first.", EXIT.usage);
  try {
    await joinAndShow(state.deviceId, state.outcome, creds);
  } catch (e) {
    if (e instanceof CliError) wifiError(e.message.replace(/\n/g, " "));
    throw e;
  }
}

async function joinAndShow(id: string, reset: DeviceResult, creds: Parameters<typeof joinWithCredentials>[2]): Promise<void> {
  // The workflow's own checks, in bytes, before anything is sent.
  const wrong = credentialsProblem(creds);
  if (wrong) throw new CliError(`${wrong} Nothing was sent to the Photon.`, EXIT.usage);
  status("working", `Sending the network “${creds.ssid}” to the Photon…`, "If the browser asks, pick the Photon's serial port.", "blinking-blue");
  const ctx = context();
  // The workflow's Wi-Fi step: listening mode again (a retry), the route for the security, the device's verdict, the wait.
  const result = await joinWithCredentials(ctx, id, creds, (what) => status("working", what, "Keep the Photon plugged in.", "blinking-green"));
  const retry = "Check the network name, password and security, and that the network is 2.4 GHz (the Photon cannot see 5 GHz), then send them again.";
  // On Wi-Fi (its cloud status said connecting) but not on the cloud: told apart by the server key read before.
  // Every Photon this page resets runs Device OS 0.8.0-rc.2 or later, past BUILT_IN_SERVER_KEY_FROM.
  const failure = !result.cloud && !result.rejected && result.onWifi && lastServerKey ? cloudFailureOf(ctx, id, lastServerKey, BUILT_IN_SERVER_KEY_FROM) : null;
  // The next outcome, from the reset's and where the join left the Photon: the verdict, the advice and the report follow it.
  const outcome = afterJoin(reset, result, creds.ssid, PAGE_WORDS, failure);
  state.outcome = outcome;
  offerReport(outcome, steps.release?.version ?? "(this page)", creds.password ? [creds.password] : []);
  const advice = outcome.advice!;
  hideStatus();
  if (result.cloud || failure) {
    // A page shows no terminal's backticks around a command.
    renderReport($("result"), outcome.report, { ...advice, nextStep: advice.nextStep.replace(/`/g, "") });
    if (result.cloud) $<HTMLFormElement>("wifi-form").reset();
    showWifi(false);
    $("verdict").focus({ preventScroll: true });
    $("result").scrollIntoView({ block: "start" });
    return;
  }
  // The form stays while it can still help, the problem said beside it.
  renderReport($("result"), outcome.report, { ...advice, nextStep: `${retry} Use the form below.`, actions: [] });
  const said = result.rejected ? `The Photon could not join “${creds.ssid}” and is waiting for credentials again (blinking blue).` : "It did not reach the cloud in time.";
  showWifi(true);
  wifiError(`${said} ${retry}`);
}

/** The demo: a simulated Photon behind the same interfaces (its own chunk). */
export async function startDemoMode(name: string): Promise<void> {
  const { startDemo } = await import("./demo.ts");
  status("working", "Starting the simulated Photon…");
  clearPage(); // a second demo starts clean: nothing of the first one's result, bar, form or backup
  const demo = await startDemo(name);
  state.usb = demo.usb;
  steps.serial = demo.serial;
  steps.firmware = demo.firmware;
  state.demo = true;
  state.deviceId = null;
  state.demoNetwork = demo.network;
  $("demo-banner").hidden = false;
  $("firmware-status").textContent = "Demo firmware: a stand-in .bin made for the demo; the simulated Photon runs photon-netreset's real program.";
  $("bin-choice").hidden = true;
  status("note", "Demo started: a simulated Photon is “plugged in”.", `Follow the steps from 1. Nothing is sent to a real device.${demo.network
    ? ` Its simulated router's network is “${demo.network.ssid}”, password “${demo.network.password ?? ""}”.` : " Its simulated surroundings have no 2.4 GHz network."}`);
  busy(false); // a disabled button cannot take the focus
  $("connect").focus();
}

/** “Write Particle's server key”: one DFU visit (the owner allows the DFU-mode Photon), the write, and the key read back. */
export async function fixServerKey(): Promise<void> {
  status("working", "Writing Particle's server key…", "It restarts into DFU mode (blinking yellow) and back. Keep it plugged in.", "blinking-yellow");
  const ctx = context();
  const found = await theDevice(ctx);
  const { serverKey } = await readStoredSettings(ctx, found.handle, { policy: "write", grant: (id) => allowDfuDevice(id) });
  ctx.emit({ kind: "server-key", id: found.id, serverKey });
  renderServerKey(serverKey);
  lastServerKey = serverKey;
  hideStatus(); // the server key's section says what was written and read back
}

/** The server key the last reset read (what tells a cloud failure apart after the form is sent), or a write since. */
let lastServerKey: ServerKeyJson | null = null;

/** The Photon's own scan list, as the Wi-Fi form's choices (none when it gives none). */
async function loadNetworks(id: string): Promise<void> {
  renderNetworks(await scanListOf(context(), id).catch(() => null));
}
