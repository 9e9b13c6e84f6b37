// The demo's DFU visits: each is a new USB device the owner allows with "Allow the
// Photon again…". Clicks until `done` (or 60 s).
import type { Page } from "playwright-core";

/**
 * Clicks “Allow the Photon again…” whenever its banner shows, until `done`;
 * returns the clicks that found the button. The page may go on by itself
 * between the look and the click (a DFU serial number allowed on an earlier
 * visit hides the banner within half a second): such a click is not counted,
 * not waited on, and the loop looks again.
 */
export async function allowUntil(page: Page, done: () => Promise<boolean>): Promise<number> {
  const banner = page.locator("#regrant");
  let clicks = 0;
  for (const until = Date.now() + 60_000; Date.now() < until && !(await done());) {
    if (!(await banner.isVisible())) {
      await page.waitForTimeout(200);
      continue;
    }
    const clicked = await page.getByRole("button", { name: "Allow the Photon again…" }).click({ timeout: 3_000 }).then(() => true, () => false);
    if (!clicked) continue;
    clicks++;
    // The chooser answered: the banner goes once the page sees the DFU-mode device.
    for (const gone = Date.now() + 30_000; !(await banner.isHidden()) && !(await done());) {
      if (Date.now() > gone) throw new Error("“Allow the Photon again…” was clicked and a Photon chosen, but the banner stayed for 30 s");
      await page.waitForTimeout(200);
    }
  }
  return clicks;
}
