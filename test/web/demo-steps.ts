// The page's first steps in a demo, as an owner clicks them: open the page,
// pick a scenario, start the demo, choose its Photon; then ask for the reset
// and allow its DFU visits until the result shows.
import type { Page } from "playwright-core";
import { allowUntil } from "./allow-until.ts";

/** `page` at `url`, the demo on `scenario` started and its Photon chosen. */
export async function startDemo(page: Page, url: string, scenario: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  await page.selectOption("#demo-scenario", scenario);
  await page.getByRole("button", { name: "Start the demo" }).click();
  await page.getByRole("button", { name: "Choose the Photon…" }).click();
  await page.waitForSelector("#device:not([hidden])");
}

/** "Reset network settings", allowing the Photon again at each DFU visit until the result shows. */
export async function resetUntilResult(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Reset network settings" }).click();
  await allowUntil(page, async () => !(await page.locator("#result").isHidden()));
}
