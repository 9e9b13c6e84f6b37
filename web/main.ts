// The page: connect (the browser's chooser), check the firmware, reset with
// the CLI's own recoverDevice() over WebUSB, show before → after and the
// advice, the settings read back from its own storage (the CLI's DCT check,
// with the owner allowing the DFU-mode device), then offer Wi-Fi credentials
// over Web Serial. A demo swaps in a
// simulated Photon behind the same interfaces.
import { adviceFor } from "../model/advice.ts";
import type { ConnectionOutcome } from "../model/connection.ts";
import type { Report } from "../model/host-api.ts";
import type { SerialBackend } from "../model/device.ts";
import { CliError, EXIT, REAL_TIMING, type CliContext } from "../cli/context.ts";
import { chooseDevices, describe, findDevices, NO_DEVICE_HELP } from "../cli/find-devices.ts";
import { type DeviceResult, recoverDevice } from "../cli/recover.ts";
import { dctDisagreements } from "../cli/dct-readback.ts";
import { credentialsProblem, isCliSecurity, joinWithCredentials } from "../cli/wifi-setup.ts";
import { chosenFirmware, loadRelease, releaseFirmware, type FirmwareFor, type Release } from "./firmware-source.ts";
import { pageIo } from "./page-io.ts";
import { renderDct, renderReport } from "./result-view.ts";
import { setStatus, type StatusKind } from "./status.ts";
import { browserApis, type WebUsb } from "./web-apis.ts";
import { webSerialBackend } from "./webserial-backend.ts";
import { chooseDevice, webUsbBackend } from "./webusb-backend.ts";
import { isDfuMode } from "./particle-ids.ts";
import { keepAsDownload, offerRestore, restoreSaved } from "./backup-view.ts";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const CONNECTED: ConnectionOutcome = { led: "breathing-cyan", wifi: true, cloud: true, reason: "connected" };

const apis = browserApis();
const state: {
  usb: WebUsb | null; serial: SerialBackend | null; firmware: FirmwareFor | null; firmwareLabel: string;
  deviceId: string | null; report: Report | null; busy: boolean; demo: boolean; release: Release | null;
} = {
  usb: apis.usb, serial: apis.serial ? webSerialBackend(apis.serial) : null, firmware: null, firmwareLabel: "",
  deviceId: null, report: null, busy: false, demo: false, release: null,
};

const status = (kind: StatusKind, headline: string, detail = "") => setStatus($("status"), kind, headline, detail);

function context(): CliContext {
  const bar = $<HTMLProgressElement>("bar");
  const io = pageIo($("log"), (label, sent, total) => {
    $("progress").hidden = false;
    const percent = total ? Math.round((100 * Math.min(sent, total)) / total) : 100;
    bar.value = percent;
    $("bar-label").textContent = label;
    $("bar-text").textContent = `${percent}% (${(sent / 1024).toFixed(1)} of ${(total / 1024).toFixed(1)} KiB)`;
  });
  if (!state.usb) throw new CliError("This browser cannot reach USB devices.", EXIT.noDevice);
  const serial: SerialBackend = state.serial ?? { open: async () => { throw new CliError("This browser cannot open serial ports (Web Serial).", EXIT.failed); } };
  return { usb: webUsbBackend(state.usb), serial, io, timing: REAL_TIMING, root: "" };
}

function busy(on: boolean): void {
  state.busy = on;
  for (const id of ["connect", "reset", "wifi-send", "demo-start", "restore"]) $<HTMLButtonElement>(id).disabled = on || (id === "reset" && !state.deviceId);
}

/** The owner's headline and what to do on this page, by the CLI's exit code. */
const PROBLEM: Record<number, { headline: string; onThisPage: string }> = {
  [EXIT.badFirmware]: { headline: "The firmware was refused. Nothing was sent to the Photon.",
    onThisPage: "Choose the right .bin in step 2 (photon-netreset-photon-….bin for a Photon, -p1- for a P1), then click “Reset network settings” again." },
  [EXIT.deviceOsTooOld]: { headline: "This Photon's Device OS is too old to be reset over USB. Nothing was sent to it.",
    onThisPage: "Update its Device OS first with Particle's Device Restore USB page (docs.particle.io/tools/device-restore/device-restore-usb), then come back and click “Choose the Photon…” again." },
  [EXIT.noDevice]: { headline: "No usable Photon or P1 was found.", onThisPage: "Check the cable and “My Photon is not in the list”, then click “Choose the Photon…” again." },
  [EXIT.failed]: { headline: "The reset did not finish.", onThisPage: "To try again on this page: plug the Photon back in if needed, click “Choose the Photon…”, then “Reset network settings”." },
};

/** The CLI wraps its messages for a terminal; a page reflows them (list items stay on their own lines). */
const unwrap = (text: string) => text.replace(/\n(?!\n|\s*- )/g, " ");

/** Sending the Wi-Fi network comes after a finished reset: its failures say so. */
const WIFI_PROBLEM: typeof PROBLEM = {
  [EXIT.failed]: { headline: "The Wi-Fi network did not reach the Photon. Its reset is done.",
    onThisPage: "Check that it still blinks blue, then click “Send to the Photon” again and, if the browser asks, choose the Photon's serial port." },
};

/** Runs one step; a CliError's message is the owner's explanation. */
async function step(run: () => Promise<void>, problems = PROBLEM): Promise<void> {
  busy(true);
  try {
    await run();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const known = e instanceof CliError ? problems[e.code] : undefined;
    const headline = known?.headline ?? (e instanceof CliError ? message.split("\n")[0] : "Something unexpected went wrong.");
    status("problem", headline, `${unwrap(message)}${known ? `\n\n${known.onThisPage}` : ""}`);
    $("log").textContent += `\n${message}\n`;
    const bar = $<HTMLProgressElement>("bar");
    if (!$("progress").hidden && bar.value < 100) $("bar-label").textContent = `Flashing stopped at ${bar.value}%`;
  } finally {
    busy(false);
  }
}

function describeFirmwareChoice(): void {
  const file = $<HTMLInputElement>("bin").files?.[0];
  if (state.demo) return; // the demo's own firmware
  if (file) {
    state.firmware = chosenFirmware(file);
    state.firmwareLabel = `Your file ${file.name}. It is checked (platform, CRC, Device OS) before anything is sent.`;
  } else if (state.release) {
    state.firmware = releaseFirmware(state.release);
    state.firmwareLabel = `photon-netreset ${state.release.version} from this site. Its SHA-256 is checked against the release's SHA256SUMS before anything is sent.`;
  } else {
    state.firmware = null;
    state.firmwareLabel = "No release firmware is published beside this page yet. Choose a photon-netreset .bin file below (from a release, or `npm run build`).";
  }
  $("firmware-status").textContent = state.firmwareLabel;
}

async function connect(): Promise<void> {
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
  for (const s of skipped) ctx.io.err(`Skipping ${s}\n`);
  const [found] = await chooseDevices(ctx, devices, { device: state.deviceId });
  for (const d of devices) await d.handle.close().catch(() => {});
  // Its Device OS is learnt when the reset starts (in DFU mode from its flash): the build is picked by it (docs/device-os.md).
  $("device").textContent = `Connected: ${describe(found)}.`;
  $("device").hidden = false;
  status("done", `Found your ${found.platform === "p1" ? "P1" : "Photon"}.`, "Now click “Reset network settings”.");
  busy(false);
  $("reset").focus();
}

async function reset(): Promise<void> {
  if (!state.deviceId) throw new CliError(NO_DEVICE_HELP, EXIT.noDevice);
  describeFirmwareChoice();
  if (!state.firmware) throw new CliError("There is no firmware to flash: choose a photon-netreset .bin file in step 2.", EXIT.badFirmware);
  $("result").hidden = true;
  $("wifi").hidden = true;
  $("bar-label").textContent = "Flashing";
  status("working", "Checking the firmware and flashing it…", "Keep the Photon plugged in. This takes about a minute.");
  const ctx = context();
  const { devices } = await findDevices(ctx);
  const [found] = await chooseDevices(ctx, devices, { device: state.deviceId });
  for (const d of devices) if (d !== found) await d.handle.close().catch(() => {});
  showRegrant(found.mode === "dfu" ? AFTER_DFU_FLASH : null);
  let checking = false; // the DCT check has its own status
  const ticker = setInterval(() => {
    if (!checking && $<HTMLProgressElement>("bar").value >= 100 && $("bar-label").textContent?.startsWith("Flashing")) {
      status("working", "Flashed. Waiting for the Photon to restart and run the reset…", found.mode === "dfu"
        ? "When its LED stops blinking yellow, click “Allow the Photon again…” below and choose it. Keep it plugged in."
        : "It restarts twice; its LED may blink magenta, green and blue. Keep it plugged in.");
    }
  }, 500);
  let result: DeviceResult;
  try {
    // After the report, the CLI's DCT check: the Photon restarts into DFU mode
    // (a new USB device to the browser, allowed by the owner) and back.
    result = await recoverDevice(ctx, found, { firmware: state.firmware, offerWifi: false, dctCheck: true,
      grantDfuDevice: (id) => { checking = true; return allowDfuDevice(id); },
      // issue 21: the owner's application is read first (DFU mode: allowed here) and offered as a download.
      backup: !$<HTMLInputElement>("backup-first").checked ? undefined
        : keepAsDownload(async (id) => { checking = true; await allowDfuDevice(id, "backup"); checking = false; }) });
  } finally {
    clearInterval(ticker);
    showRegrant(null);
  }
  if (result.route === "system-requests" && result.advice) { // an older Device OS reset itself: no report of ours (docs/device-os.md)
    if (result.result !== "recovered") throw new CliError(result.error ?? "The reset was not confirmed.", result.exitCode);
    status("done", "Network settings reset by the Photon's own Device OS and checked in its storage.", `${result.advice.summary}\n${result.advice.nextStep}`);
    return;
  }
  if (!result.report || !result.advice) throw new CliError(result.error ?? "The device did not report.", result.exitCode);
  state.report = result.report;
  renderReport($("result"), result.report, result.advice);
  const disagree = result.dct ? dctDisagreements(result.dct, result.report) : [];
  renderDct($("dct-readback"), result.dct ?? null, disagree, result.result === "already-recovered"
    ? "Not read this time: nothing was flashed. To read them, run npx photon-netreset doctor on a computer with Node.js." : "Not read.");
  const verdict = result.result === "recovered" ? "done" : result.result === "already-recovered" ? "note" : "problem";
  if (disagree.length) {
    status("problem", "The Photon's own storage does not confirm what the firmware reported.",
      "Below: what it reported, and what the Photon has actually stored. Do not rely on the report: run the reset again, "
      + "and if its storage still disagrees, keep “Technical details” and report it.");
    // The shared advice trusts the report; its storage says otherwise.
    $("next").textContent = "Do not enter your Wi-Fi network yet: the Photon's stored settings below are not the ones it reported. "
      + "Run the reset again (step 3); if its storage still disagrees, the firmware on it is not doing what it says.";
  } else {
    status(verdict, result.result === "recovered" ? "Network settings reset and checked in the Photon's own storage." : result.result === "already-recovered"
      ? "This Photon already runs this photon-netreset build: nothing was flashed." : "The reset did not take.",
      "Below: what it changed, its diagnosis, its stored settings and the next step.");
  }
  if (result.result === "recovered") offerRestore(); // issue 21
  if (result.result === "recovered" && result.diagnosis === "ok" && !result.cloud) {
    // The shared advice names the CLI's prompt; here the form is right below.
    $("next").textContent = "Enter your Wi-Fi network in step 4 below (2.4 GHz networks only).";
    $("wifi").hidden = false;
    $("ssid").focus();
  } else {
    $("result").focus();
  }
}

const AFTER_DFU_FLASH = "After a flash in DFU mode the Photon comes back as a different USB device, and the browser must be allowed to use it again. "
  + "When its LED stops blinking yellow, click the button and choose the Photon.";
const FOR_DCT_CHECK = "To read its stored settings the Photon restarts into DFU mode (blinking yellow). In DFU mode it is a different USB device, "
  + "and the browser must be allowed to use it: click the button and choose the Photon. It restarts normally afterwards.";

const FOR_BACKUP = "To save your own application before the reset, the Photon restarts into DFU mode (blinking yellow). In DFU mode it is a different USB device, "
  + "and the browser must be allowed to use it: click the button and choose the Photon. The reset is then flashed from there.";

/** issue 21: “Put my application back”. */
async function restoreApp(): Promise<void> {
  status("working", "Putting your application back on the Photon…", "Keep it plugged in. It restarts, then restarts into DFU mode once more so its stored settings can be checked.");
  const restored = await restoreSaved(context(), (id) => allowDfuDevice(id));
  status(restored.settingsChanged.length ? "problem" : "done", restored.settingsChanged.length
    ? "Your application is back, but it changed the network settings again." : "Your application is back and running.", restored.settingsChanged.join("\n"));
}

/** The “Allow the Photon again…” banner with why, or hidden (null). */
function showRegrant(why: string | null): void {
  $("regrant").hidden = why === null;
  if (why !== null) $("regrant-why").textContent = why;
}

/**
 * readDctRoundTrip's grant: until the browser may use the Photon in DFU mode
 * (the owner clicked “Allow the Photon again…” and chose it, or it was
 * allowed before), at most 5 minutes; then the CLI's own wait takes over.
 */
async function allowDfuDevice(id: string, why: "dct" | "backup" = "dct"): Promise<void> {
  const usb = state.usb!;
  const seen = async (dfu: boolean) => (await usb.getDevices().catch(() => [])).some((d) => isDfuMode(d) === dfu && (d.serialNumber ?? "").toLowerCase() === id);
  const allowed = () => seen(true);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // Until it has left USB (restarting), the chooser would still offer the running Photon.
  for (const until = Date.now() + 10_000; Date.now() < until && await seen(false);) await sleep(200);
  status("working", why === "backup" ? "Saving your own application first…" : "The Photon has reported. Now checking its own stored settings…",
    "Its LED blinks yellow (DFU mode) for a few seconds. Click “Allow the Photon again…” below and choose the Photon. Keep it plugged in.");
  showRegrant(why === "backup" ? FOR_BACKUP : FOR_DCT_CHECK);
  $("regrant-button").focus();
  for (const deadline = Date.now() + 5 * 60_000; Date.now() < deadline && !(await allowed());) await sleep(500);
  showRegrant(null);
  status("working", why === "backup" ? "Reading your application from the Photon, then flashing…" : "Reading the Photon's stored settings…",
    why === "backup" ? "Keep it plugged in." : "It then restarts normally. Keep it plugged in.");
}

async function sendWifi(): Promise<void> {
  const form = $<HTMLFormElement>("wifi-form");
  const ssid = $<HTMLInputElement>("ssid").value.trim();
  const security = $<HTMLSelectElement>("security").value;
  const passwordField = $<HTMLInputElement>("password");
  if (!isCliSecurity(security)) throw new CliError(`Unknown security ${security}.`, EXIT.usage);
  // The password goes from the field to the device and nowhere else; the field is emptied at once.
  const creds = { ssid, security, password: security === "open" ? undefined : passwordField.value };
  passwordField.value = "";
  if (!state.deviceId || !state.report) throw new CliError("Reset the network settings first.", EXIT.usage);
  // The CLI's own checks, in bytes, before anything is sent.
  const wrong = credentialsProblem(creds);
  if (wrong) throw new CliError(`${wrong} Nothing was sent to the Photon.`, EXIT.usage);
  status("working", `Sending the network “${ssid}” to the Photon…`, "If the browser asks, pick the Photon's serial port.");
  const ctx = context();
  // The CLI's Wi-Fi step: listening mode again (a retry), the route for the security, the device's verdict, the wait.
  const result = await joinWithCredentials(ctx, state.deviceId, creds, (what) => status("working", what, "Keep the Photon plugged in."));
  const advice = adviceFor(state.report, result.cloud ? CONNECTED : null);
  renderReport($("result"), state.report, advice);
  form.reset();
  if (result.cloud) {
    status("done", "Connected to the Particle cloud (breathing cyan). Your Photon is recovered.", advice.nextStep);
    $("wifi").hidden = true;
  } else if (result.rejected) {
    status("problem", `The Photon could not join “${ssid}” and is waiting for credentials again (blinking blue).`,
      "Check the network name, password and security, and that the network is 2.4 GHz (the Photon cannot see 5 GHz), then send them again.");
  } else {
    status("problem", "It did not reach the cloud in time.", "Check the network name, password and security, and that the network is 2.4 GHz (the Photon cannot see 5 GHz), then send them again.");
  }
}

async function startDemoMode(): Promise<void> {
  const { startDemo } = await import("./demo.ts");
  const name = $<HTMLSelectElement>("demo-scenario").value;
  status("working", "Starting the simulated Photon…");
  const demo = await startDemo(name);
  state.usb = demo.usb;
  state.serial = demo.serial;
  state.firmware = demo.firmware;
  state.demo = true;
  state.deviceId = null;
  $("demo-banner").hidden = false;
  $("firmware-status").textContent = "Demo firmware: a stand-in .bin made for the demo; the simulated Photon runs photon-netreset's real program.";
  $("bin-choice").hidden = true;
  status("note", "Demo started: a simulated Photon is “plugged in”.", "Follow the steps from 1. Nothing is sent to a real device.");
  busy(false); // a disabled button cannot take the focus
  $("connect").focus();
}

async function init(): Promise<void> {
  const ua = navigator.userAgent;
  $("no-webusb").hidden = Boolean(apis.usb);
  $("no-webserial").hidden = Boolean(apis.serial) || !apis.usb;
  $("linux-note").hidden = !/Linux/.test(ua) || /Android/.test(ua);
  $("windows-note").hidden = !/Windows/.test(ua);
  $("connect").addEventListener("click", () => void step(connect));
  $("reset").addEventListener("click", () => void step(reset));
  $("bin").addEventListener("change", describeFirmwareChoice);
  $("wifi-form").addEventListener("submit", (e) => { e.preventDefault(); void step(sendWifi, WIFI_PROBLEM); });
  $("security").addEventListener("change", () => { $("password-row").hidden = $<HTMLSelectElement>("security").value === "open"; });
  $("demo-start").addEventListener("click", () => void step(startDemoMode));
  $("restore").addEventListener("click", () => void step(restoreApp)); // issue 21
  // Not a step: it runs while the reset step waits for the Photon to come back.
  $("regrant-button").addEventListener("click", () => void (state.usb && chooseDevice(state.usb).catch(() => null)));
  busy(false);
  state.release = await loadRelease();
  describeFirmwareChoice();
  const names = await fetch("demo/scenarios/index.json").then((r) => r.json() as Promise<string[]>).catch(() => [] as string[]);
  $("demo-scenario").replaceChildren(...names.map((n) => Object.assign(document.createElement("option"), { value: n, textContent: SCENARIO_LABELS[n] ?? n, selected: n === DEFAULT_SCENARIO })));
  document.body.dataset.ready = "true";
}

const DEFAULT_SCENARIO = "forum-static-ip-external-antenna";
const SCENARIO_LABELS: Record<string, string> = {
  "forum-static-ip-external-antenna": "The forum's Photon: static IP from another network, external antenna with none fitted",
  "only-5ghz": "Only 5 GHz networks nearby",
  "damaged-radio": "A damaged radio module",
  healthy: "A healthy Photon",
  "wrong-password": "Stored credentials with a wrong password",
};

void init();
