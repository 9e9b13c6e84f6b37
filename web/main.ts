// The page's start: what it says before any device is touched, the buttons,
// and the demo's choice. The device steps (particle-usb, the CLI's flow, the
// firmware checks: most of the page's weight) are a chunk loaded only where
// they can run: a browser with WebUSB, or the demo.
import { EXIT, RecoveryError as CliError } from "../recovery/errors.ts";
import { DEFAULT_SCENARIO, scenarioLabel } from "./demo-labels.ts";
import { $, busy, hideStatus, state, status } from "./page.ts";

type Steps = typeof import("./device-steps.ts");
let loading: Promise<Steps> | null = null;
/** The device steps, loaded once. */
const deviceSteps = () => (loading ??= import("./device-steps.ts"));

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

/** Putting an application back: a refused file is not the reset's firmware (step 2). */
const RESTORE_PROBLEM: typeof PROBLEM = {
  ...PROBLEM,
  [EXIT.badFirmware]: { headline: "That application was refused. Nothing was sent to the Photon.",
    onThisPage: "Choose a backup made from this Photon (photon-netreset-backup-<its id>-….bin) or an application built for it; the reasons are above. Its network settings stay reset." },
};

/** Runs one step; a CliError's message is the owner's explanation. The focus stays on the page's controls, never lost to the body. */
async function step(run: (s: Steps) => Promise<void>, problems = PROBLEM): Promise<void> {
  busy(true);
  try {
    await run(await deviceSteps());
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const known = e instanceof CliError ? problems[e.code] : undefined;
    const headline = known?.headline ?? (e instanceof CliError ? message.split("\n")[0] : "Something unexpected went wrong.");
    // Said once: a one-line message that is already the headline has no detail to add.
    const detail = known || message !== headline ? `${unwrap(message)}${known ? `\n\n${known.onThisPage}` : ""}` : "";
    // A problem with the network just sent is said beside its form only (device-steps.ts): that stays in view and keeps the focus.
    const besideForm = !$("wifi").hidden && !$("wifi-error").hidden;
    if (besideForm && known) $("wifi-error").textContent = `${known.headline} ${$("wifi-error").textContent} ${known.onThisPage}`;
    if (besideForm) hideStatus();
    else status("problem", headline, detail);
    $("log").textContent += `\n${message}\n`;
    const bar = $<HTMLProgressElement>("bar");
    if (!$("progress").hidden && bar.value < 100) $("bar-label").textContent = `Flashing stopped at ${bar.value}%`;
    if (besideForm) {
      $("wifi-error").scrollIntoView({ block: "center" });
      $("ssid").focus({ preventScroll: true });
    } else $("status").focus({ preventScroll: true });
  } finally {
    busy(false);
    if (document.activeElement === document.body || document.activeElement === null) $($("status").hidden ? "verdict" : "status").focus({ preventScroll: true });
  }
}

async function init(): Promise<void> {
  const ua = navigator.userAgent;
  $("no-webusb").hidden = Boolean(state.usb);
  $("no-webserial").hidden = Boolean(state.serialApi) || !state.usb;
  $("linux-note").hidden = !/Linux/.test(ua) || /Android/.test(ua);
  $("windows-note").hidden = !/Windows/.test(ua);
  $("connect").addEventListener("click", () => void step((s) => s.connect()));
  $("reset").addEventListener("click", () => void step((s) => s.reset()));
  $("bin").addEventListener("change", () => void deviceSteps().then((s) => s.describeFirmwareChoice()));
  $("wifi-form").addEventListener("submit", (e) => { e.preventDefault(); void step((s) => s.sendWifi(), WIFI_PROBLEM); });
  $("security").addEventListener("change", () => { $("password-row").hidden = $<HTMLSelectElement>("security").value === "open"; });
  $("demo-start").addEventListener("click", () => void step((s) => s.startDemoMode($<HTMLSelectElement>("demo-scenario").value)));
  // Typing a new network name: the error about the last one no longer applies.
  $("ssid").addEventListener("input", () => { $("wifi-error").hidden = true; });
  // The result's buttons: the actions its advice names.
  $("actions").addEventListener("click", (e) => {
    const action = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-action]")?.dataset.action;
    if (action === "rerun") void step((s) => s.rerun());
    else if (action === "flash") void step((s) => s.reset());
    else if (action === "wifi") void deviceSteps().then((s) => { s.showWifi(true); $("ssid").focus(); });
  });
  // The backup of this visit, or a file saved earlier (checked before a byte is sent).
  $("restore").addEventListener("click", () => void step((s) => s.restoreApp(), RESTORE_PROBLEM));
  const restoreFile = $<HTMLInputElement>("restore-file");
  $("restore-file-button").addEventListener("click", () => restoreFile.click());
  restoreFile.addEventListener("change", () => {
    const file = restoreFile.files?.[0];
    restoreFile.value = ""; // the same file can be chosen again
    if (file) void step((s) => s.restoreApp(file), RESTORE_PROBLEM);
  });
  $("server-key-fix").addEventListener("click", () => void step((s) => s.fixServerKey()));
  // Not a step: it runs while the reset step waits for the Photon to come back.
  $("regrant-button").addEventListener("click", () => void deviceSteps().then((s) => s.regrant()));
  busy(false);
  if (state.usb) await (await deviceSteps()).findRelease();
  else $("firmware-status").textContent = "This browser cannot flash a Photon (no WebUSB); the demo below works here.";
  const names = await fetch("demo/scenarios/index.json").then((r) => r.json() as Promise<string[]>).catch(() => [] as string[]);
  $("demo-scenario").replaceChildren(...names.map((n) => Object.assign(document.createElement("option"), { value: n, textContent: scenarioLabel(n), selected: n === DEFAULT_SCENARIO })));
  document.body.dataset.ready = "true";
}

void init();
