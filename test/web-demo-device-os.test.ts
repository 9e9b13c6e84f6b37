// The page's demo honours a scenario's device.deviceOs as the command's
// --simulate does: the demo's Photon is that release, and the page takes that
// release's route (on 1.4.4 its own system resets the settings and nothing is
// flashed; on 0.7.0 nothing is sent at all). The built-in file is served with
// only device.deviceOs changed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe } from "vitest";
import { expect, it } from "./web/concurrent.ts";
import { allowUntil } from "./web/allow-until.ts";
import { startDemo } from "./web/demo-steps.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const BUILT_IN = join(import.meta.dirname, "..", "host-shim", "scenarios");
const SCENARIO = "forum-static-ip-external-antenna";
const title = chromiumMissing ? `the demo on other Device OS releases: SKIPPED, ${chromiumMissing}` : "the demo on other Device OS releases (Chromium)";

describe.skipIf(chromiumMissing !== null)(title, { concurrent: true }, () => {
  const served = servedPage(false);

  /** A tab whose demo scenario file says `deviceOs`, the demo started and the reset asked for. */
  async function demoOn(deviceOs: string): Promise<Page> {
    const page = await served.browser.newPage();
    const file = JSON.parse(readFileSync(join(BUILT_IN, `${SCENARIO}.json`), "utf8"));
    await page.route(`**/scenarios/${SCENARIO}.json`, (route) => route.fulfill({ json: { ...file, device: { ...file.device, deviceOs } } }));
    await startDemo(page, served.url, SCENARIO);
    await page.getByRole("button", { name: "Reset network settings" }).click();
    return page;
  }

  it("on 1.4.4: its own system resets the settings, confirmed from its storage; our firmware is not flashed", async () => {
    const page = await demoOn("1.4.4");
    // Its DFU visit (the read-back) is a new USB device the owner allows again.
    await allowUntil(page, async () => /^✓ Confirmed/.test(await page.locator("#dct-verdict").innerText().catch(() => "")));
    await expect.poll(() => page.locator("#dct-verdict").innerText(), { timeout: 30_000 }).toMatch(/^✓ Confirmed: the Photon's own storage holds the dynamic IP and internal antenna its own system was asked to set/);
    expect(await page.locator("#diagnosis").textContent()).toMatch(/^Reset by its own system \(Device OS 1\.4\.4\)/);
    expect(await page.locator("#log").textContent()).not.toMatch(/Flashing/);
    await page.close();
  });

  it("on 0.7.0: nothing is sent, and the page says how to update Device OS", async () => {
    const page = await demoOn("0.7.0");
    await expect.poll(() => page.locator("#status").innerText(), { timeout: 30_000 }).toMatch(/Problem: This Photon's Device OS is too old to be reset over USB\. Nothing was sent to it\./);
    expect(await page.locator("body").innerText()).toMatch(/runs Device OS 0\.7\.0/);
    await page.close();
  });
});
