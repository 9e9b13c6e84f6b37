// Debian's Chromium, driven by playwright-core (which never downloads a
// browser). No vitest here: the browser tier's global setup imports it.
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";
export const chromiumMissing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run installs it)`;

export const CHROMIUM_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
};
export const VIEWPORT = { width: 1000, height: 900 };
/**
 * Every test page: the owner's reduced-motion setting on, so the LED dots
 * (the legend's from the first screen) stand still instead of asking
 * Chromium for a frame 60 times a second in every open tab. What they show
 * stays: their colour and the words beside them. web-endings checks both
 * settings (the dots move without it).
 */
export const CONTEXT_OPTIONS = { viewport: VIEWPORT, reducedMotion: "reduce" } as const;

/** What the browser tier's global setup hands every browser test file (vitest's provide/inject). */
declare module "vitest" {
  export interface ProvidedContext {
    /** web-dist/ of this run, built once (a local build: no release beside it). */
    webDist: string;
    /** The one Chromium of this run (playwright's browser server), or "" when Chromium is missing. */
    chromiumWs: string;
  }
}
