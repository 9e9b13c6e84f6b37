// The Photon's RGB LED on the page: a dot in its colour and rhythm (the CSS
// animates data-led), with the pattern in words beside it, so the owner can
// compare it with the board in their hand. Device OS's network patterns come
// from model/connection.ts; the page adds the modes it passes through
// (DFU mode, a USB update, safe mode).
import { LED_PATTERNS, type LedPattern } from "../model/connection.ts";

export type PageLed = LedPattern | "blinking-yellow" | "blinking-magenta" | "breathing-magenta";
export const PAGE_LEDS: readonly PageLed[] = [...LED_PATTERNS, "blinking-yellow", "blinking-magenta", "breathing-magenta"];

const MEANING: Record<PageLed, string> = {
  "breathing-white": "Wi-Fi module off",
  "breathing-blue": "Wi-Fi on, not connected",
  "blinking-blue": "listening mode: waiting for a Wi-Fi network",
  "blinking-green": "trying to join the Wi-Fi network",
  "breathing-green": "on Wi-Fi, not on the cloud",
  "blinking-cyan": "connecting to the Particle cloud",
  "breathing-cyan": "connected to the Particle cloud",
  "fast-blinking-orange": "photon-netreset gave up",
  "blinking-yellow": "DFU mode",
  "blinking-magenta": "receiving firmware",
  "breathing-magenta": "safe mode",
};

/** "breathing cyan" */
export const ledWords = (led: PageLed) => led.replace(/-/g, " ");

/** A dot and its words, or nothing (null: not known). */
export function renderLed(target: HTMLElement, led: PageLed | null, prefix = "Its LED now:"): void {
  target.hidden = led === null;
  if (led === null) { target.replaceChildren(); return; }
  const dot = document.createElement("span");
  dot.className = "led";
  dot.dataset.led = led;
  dot.setAttribute("aria-hidden", "true");
  const words = document.createElement("span");
  words.className = "led-words";
  words.textContent = `${prefix} ${ledWords(led)} (${MEANING[led]})`;
  target.replaceChildren(dot, words);
}
