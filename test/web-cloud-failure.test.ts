// The page tells apart a Photon that joins Wi-Fi but not the cloud (Chromium,
// the demo): with Particle's server key, the device key the cloud does not
// know (`particle keys doctor ID`, the owner's login), never called fixed, and
// not "check the password" (it waits the page's whole cloud time, 90 s).
import { describe, expect, it } from "vitest";
import { resetUntilResult, startDemo } from "./web/demo-steps.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const title = chromiumMissing ? `the page's cloud failure: SKIPPED, ${chromiumMissing}` : "the page's cloud failure (Chromium)";

describe.skipIf(chromiumMissing !== null)(title, () => {
  const served = servedPage(false);

  it("unknown-device-key: on Wi-Fi, the device key named with `particle keys doctor ID` and why; no form, nothing fixed", { timeout: 180_000 }, async () => {
    const page = await served.browser.newPage();
    await startDemo(page, served.url, "unknown-device-key");
    const id = ((await page.locator("#device").textContent()) ?? "").match(/[0-9a-f]{24}/)![0];
    await resetUntilResult(page);
    await page.waitForSelector("#wifi:not([hidden])", { timeout: 10_000 });
    await page.locator("#ssid").fill("home");
    await page.locator("#password").fill("correct horse");
    await page.getByRole("button", { name: "Send to the Photon" }).click();
    await expect.poll(() => page.locator("#verdict-headline").textContent(), { timeout: 150_000, interval: 1000 }).toMatch(/On Wi-Fi, but the Particle cloud does not accept this Photon/);
    const said = (await page.locator("#result").textContent()) ?? "";
    expect(said).toContain(`particle keys doctor ${id}`);
    expect(said).toMatch(/only the Photon's owner may do, so it needs your Particle login/);
    expect(await page.locator("#verdict-headline").textContent()).toBe("On Wi-Fi, but the Particle cloud does not accept this Photon");
    expect(await page.locator("#verdict").getAttribute("data-tone")).toBe("problem");
    expect(await page.locator("#wifi").isVisible()).toBe(false);
    // biome-ignore lint/performance/useDomNodeTextContent: the visible text, as the owner reads it
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/fixed|check the password/i);
    await page.close();
  });
});
