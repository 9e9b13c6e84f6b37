// The cloud's server key on the page (Chromium, the demo): after the reset the
// result shows the key read from the Photon's storage; a wrong one gets a
// button that writes Particle's over DFU and reads it back right; a right one
// gets none.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { expect, it } from "./web/concurrent.ts";
import { allowUntil } from "./web/allow-until.ts";
import { resetUntilResult, startDemo } from "./web/demo-steps.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const BUILT_IN = join(import.meta.dirname, "..", "host-shim", "scenarios");
const title = chromiumMissing ? `the page's server key: SKIPPED, ${chromiumMissing}` : "the page's server key (Chromium)";

// Its tests at once: each has its own tab and simulated Photons, and mostly waits on them.
describe.skipIf(chromiumMissing !== null)(title, { concurrent: true }, () => {
  const served = servedPage(false);


  it("wrong-server-key: shown as wrong with a button; the button writes Particle's key and it reads back right", async () => {
    const page = await served.browser.newPage();
    await startDemo(page, served.url, "wrong-server-key");
    await resetUntilResult(page);
    await page.waitForSelector("#server-key:not([hidden])", { timeout: 5000 });
    expect(await page.locator("#server-key-text").textContent()).toMatch(/^Wrong: the stored server key is another RSA key/);
    const fix = page.getByRole("button", { name: "Write Particle's server key" });
    expect(await fix.isVisible()).toBe(true);
    await fix.click();
    await allowUntil(page, async () => (await page.locator("#server-key").getAttribute("data-verdict")) === "right");
    expect(await page.locator("#server-key-text").textContent()).toMatch(/Particle's key was written and read back: right/);
    expect(await fix.isVisible()).toBe(false);
    expect(await page.locator("#server-key").getAttribute("data-verdict")).toBe("right"); // Particle's key on the Photon, read back from its storage
    expect(await page.locator("#status").isVisible()).toBe(false); // said once, by the server key's section
    await page.close();
  });

  it("a blank key (wrong-server-key's file served with device.serverKey blank): shown as blank with the button; written, read back right", async () => {
    const page = await served.browser.newPage();
    const file = JSON.parse(readFileSync(join(BUILT_IN, "wrong-server-key.json"), "utf8"));
    await page.route("**/scenarios/wrong-server-key.json", (route) => route.fulfill({ json: { ...file, device: { ...file.device, serverKey: "blank" } } }));
    await startDemo(page, served.url, "wrong-server-key");
    await resetUntilResult(page);
    await page.waitForSelector("#server-key:not([hidden])", { timeout: 5000 });
    expect(await page.locator("#server-key").getAttribute("data-verdict")).toBe("blank");
    expect(await page.locator("#server-key-text").textContent()).toMatch(/^Blank: /);
    const fix = page.getByRole("button", { name: "Write Particle's server key" });
    expect(await fix.isVisible()).toBe(true);
    await fix.click();
    await allowUntil(page, async () => (await page.locator("#server-key").getAttribute("data-verdict")) === "right");
    expect(await page.locator("#server-key-text").textContent()).toMatch(/^Blank: .*Particle's key was written and read back: right/);
    await page.close();
  });

  it("healthy: right, and no button", async () => {
    const page = await served.browser.newPage();
    await startDemo(page, served.url, "healthy");
    await resetUntilResult(page);
    await page.waitForSelector("#server-key:not([hidden])", { timeout: 5000 });
    expect(await page.locator("#server-key-text").textContent()).toMatch(/^Right: the cloud's server key is Particle's/);
    expect(await page.getByRole("button", { name: "Write Particle's server key" }).isVisible()).toBe(false);
    await page.close();
  });
});
