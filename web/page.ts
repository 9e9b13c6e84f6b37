// What the page's light start (main.ts) and its device steps (device-steps.ts,
// loaded when needed) share: the elements, the state, the status and buttons.
import type { PhotonState } from "../recovery/events.ts";
import type { DeviceResult } from "../recovery/outcome.ts";
import type { PageLed } from "./led.ts";
import { setStatus, type StatusKind } from "./status.ts";
import { browserApis, type WebSerial, type WebUsb } from "./web-apis.ts";

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const apis = browserApis();
export const state: {
  usb: WebUsb | null; serialApi: WebSerial | null; deviceId: string | null; busy: boolean; demo: boolean;
  /** The reset's outcome as last shown (our firmware's, or its own Device OS's): what the Wi-Fi step builds the next one on. */
  outcome: DeviceResult | null;
  /** The demo's simulated router, said on the page so the owner can type it. */
  demoNetwork: { ssid: string; security: string; password?: string } | null;
  /** Where the Photon is, as the workflow last recorded it. */
  photon: PhotonState | null;
} = { photon: null,  usb: apis.usb, serialApi: apis.serial, deviceId: null, outcome: null, busy: false, demo: false, demoNetwork: null };

/**
 * The status line says what is going on while a step runs, and a problem or a
 * note that has no verdict of its own. It never repeats an outcome: see hideStatus.
 */
export const status = (kind: StatusKind, headline: string, detail = "", led: PageLed | null = null, scroll = true) =>
  setStatus($("status"), kind, headline, detail, led, scroll);

/** An outcome is on the page (its verdict says it once), or a problem beside the control that caused it: the status line goes. */
export function hideStatus(): void {
  $("status").hidden = true;
}

/** The step the owner is on, marked for the eye and for a screen reader: connect, reset, then Wi-Fi while its form can help. */
export function markStep(): void {
  const on = !state.deviceId ? "connect-h" : !$("wifi").hidden ? "wifi-h" : $("result").hidden ? "reset-h" : null;
  for (const h of document.querySelectorAll("[aria-current=step]")) h.removeAttribute("aria-current");
  if (on) $(on).setAttribute("aria-current", "step");
}

export function busy(on: boolean): void {
  state.busy = on;
  if (!on) markStep();
  for (const b of document.querySelectorAll<HTMLButtonElement>("button[data-step]")) b.disabled = on || ((b.dataset.step === "reset" || b.dataset.step === "restore-file") && !state.deviceId);
}
