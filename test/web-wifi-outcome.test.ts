// After the Wi-Fi step the page draws the outcome the workflow builds on the
// reset's (recovery/wifi-outcome.ts): the verdict, the next step and the
// report download all follow the latest outcome, none of them the reset's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { scratchDir } from "./simulated-photons.ts";
import { resetUntilResult, startDemo } from "./web/demo-steps.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const title = chromiumMissing ? `the page after Wi-Fi: SKIPPED, ${chromiumMissing}` : "the page after Wi-Fi (Chromium)";

describe.skipIf(chromiumMissing !== null)(title, () => {
  const served = servedPage(false);

  /** The report the page offers now, as the owner downloads it. */
  async function report(page: Page): Promise<string> {
    await page.waitForSelector("#report-download:not([hidden])", { timeout: 5000 });
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download a report" }).click();
    const saved = join(scratchDir("photon-netreset-report-"), "report.txt");
    await (await download).saveAs(saved);
    return readFileSync(saved, "utf8");
  }

  async function send(page: Page, password: string) {
    await page.fill("#ssid", "home");
    await page.fill("#password", password);
    await page.getByRole("button", { name: "Send to the Photon" }).click();
  }

  it("forum: a wrong then the right password; the verdict, the next step and the report follow each outcome", async () => {
    const page = await served.browser.newPage();
    await startDemo(page, served.url, "forum-static-ip-external-antenna");
    await resetUntilResult(page);
    await page.waitForSelector("#wifi:not([hidden])", { timeout: 10_000 });
    expect(await report(page)).toMatch(/^ {2}cloud: not connected$/m);

    await send(page, "not the password");
    await expect.poll(() => page.locator("#verdict-headline").textContent(), { timeout: 30_000 }).toBe("Reset done, but the Wi-Fi network refused the credentials");
    const refused = await report(page);
    expect(refused).toMatch(/^ {2}Wi-Fi credentials: sent$/m);
    expect(refused).toMatch(/^ {2}cloud: not connected$/m);
    expect(refused).not.toContain("not the password");

    await send(page, "correct horse");
    await expect.poll(() => page.locator("#verdict-headline").textContent(), { timeout: 30_000 }).toBe("Recovered: on the Particle cloud");
    expect(await page.locator("#verdict").getAttribute("data-tone")).toBe("recovered");
    expect(await page.locator("#next").textContent()).toMatch(/Flash your own application/);
    const connected = await report(page);
    expect(connected).toMatch(/^ {2}cloud: connected$/m);
    expect(connected).toMatch(/^ {2}diagnosis: ok \(Recovered: on the Particle cloud\)$/m);
    expect(connected).not.toContain("correct horse");
    await page.close();
  });
});
