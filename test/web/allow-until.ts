// The demo's DFU visits: each is a new USB device the owner allows with "Allow the
// Photon again…". Clicks until `done` (or 60 s); a banner hidden meanwhile needed none.
import type { Page } from "playwright-core";

export async function allowUntil(page: Page, done: () => Promise<boolean>): Promise<void> {
  for (const until = Date.now() + 60_000; Date.now() < until && !(await done());) {
    if (await page.locator("#regrant").isVisible()) {
      await page.getByRole("button", { name: "Allow the Photon again…" }).click({ timeout: 3_000 }).catch(() => {});
    } else await page.waitForTimeout(100);
  }
}
