// The recovery page (Debian's Chromium) for a Photon on each Device OS
// (issue 20): the release build its system can run, its own system's network
// requests, or nothing and what to do. Same flow as the CLI (recovery/recover.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe } from "vitest";
import { expect, it } from "./web/concurrent.ts";
import { parseScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { photon } from "./simulated-photons.ts";
import { bridge } from "./web/bridge.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const forum = JSON.parse(readFileSync(join(SCENARIO_DIR, "forum-static-ip-external-antenna.json"), "utf8"));
const scenarioOn = (deviceOs: string, usbMode: "normal" | "dfu", device: object = {}, environment: object = {}) =>
  parseScenario({ ...forum, device: { ...forum.device, deviceOs, usbMode, ...device }, environment: { ...forum.environment, ...environment } }, `forum on ${deviceOs}`);
/** The owner's application in AUTOMATIC mode: with no network stored, Device OS waits in listening mode (ManagedNetworkInterface::connect). */
const OWNER_APP = { app: { name: "greenhouse-monitor" } };
const title = chromiumMissing ? `the page for each Device OS: SKIPPED, ${chromiumMissing}` : "the page for each Device OS";

// Its tests at once: each has its own tab and simulated Photons, and mostly waits on them.
describe.skipIf(chromiumMissing !== null)(title, { concurrent: true }, () => {
  const served = servedPage(true);

  const status = (page: Page) => page.locator("#status").innerText();
  /** The verdict: its tone and headline (the status line no longer repeats it). */
  const verdict = async (page: Page) => `${await page.locator("#verdict").getAttribute("data-tone")}: ${await page.locator("#verdict-headline").innerText()}`;
  async function start(deviceOs: string, mode: "normal" | "dfu", device: object = {}, environment: object = {}) {
    const d = photon(scenarioOn(deviceOs, mode, device, environment), {}, served.release!.bins);
    const page = await served.browser.newPage();
    await bridge(page, [d]);
    await page.goto(served.url);
    await page.waitForSelector("body[data-ready=true]");
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await expect.poll(() => page.locator("#device").innerText()).toMatch(/Connected: Photon/);
    await page.getByRole("button", { name: "Reset network settings" }).click();
    return { d, page };
  }
  /** The DCT read-back restarts it into DFU mode: a new USB device the owner allows. */
  async function allow(page: Page) {
    await page.waitForSelector("#regrant:not([hidden])", { timeout: 30_000 });
    await page.getByRole("button", { name: "Allow the Photon again…" }).click();
  }

  it.each([["2.3.1", "2.3.1"], ["2.2.0", "1.5.2"], ["2.0.1", "1.5.2"], ["1.5.2", "1.5.2"]])("on %s flashes the release's build for %s and confirms it", async (deviceOs, build) => {
    const { d, page } = await start(deviceOs, "normal");
    await allow(page);
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    expect(await verdict(page)).toMatch(/^todo: Reset done: now enter your Wi-Fi network$/);
    expect(await page.locator("#dct-verdict").innerText()).toMatch(/^✓ Confirmed: the Photon's own storage holds/);
    expect(d.flashed).toEqual([build === "2.3.1" ? served.release!.bins.photon : served.release!.bins.older.photon]);
    expect(await page.locator("#log").textContent()).toMatch(new RegExp(`photon-netreset-photon-9\\.9\\.9-deviceos-${build.replace(/\./g, "\\.")}\\.bin`));
    await page.close();
  });

  it("on 1.4.4 flashes nothing: its own system resets the settings, confirmed from its storage", async () => {
    const { d, page } = await start("1.4.4", "normal");
    await allow(page);
    await expect.poll(() => page.locator("#dct-verdict").innerText(), { timeout: 30_000 }).toMatch(/^✓ Confirmed: the Photon's own storage holds the dynamic IP and internal antenna its own system was asked to set/);
    expect(await page.locator("#diagnosis").textContent()).toMatch(/^Reset by its own system \(Device OS 1\.4\.4\): dynamic IP, internal antenna \(read back from its storage\)/);
    expect(d.flashed).toEqual([]);
    expect(d.wifiSettings().credentials()).toEqual([]);
    await page.close();
  });

  it.each(["normal", "dfu"] as const)("on 1.4.4 (%s), waiting in listening mode after its own reset, offers the Wi-Fi form and reaches the cloud", async (mode) => {
    const { d, page } = await start("1.4.4", mode, OWNER_APP);
    if (mode === "dfu") {
      // Out of DFU mode it is another USB device to the browser: allowed once it runs, as the banner says
      // ("when its LED stops blinking yellow"); a click before that allows nothing and the page waits on.
      await expect.poll(() => d.attached && d.mode !== "dfu", { timeout: 30_000 }).toBe(true);
      await allow(page);
    }
    // The DCT read-back: a DFU-mode Photon the owner allowed before (the DFU start) is recognised without asking.
    await expect.poll(async () => {
      if (await page.locator("#wifi").isVisible()) return true;
      if (await page.locator("#regrant").isVisible() && /To read its stored settings/.test(await page.locator("#regrant-why").innerText())) {
        await page.getByRole("button", { name: "Allow the Photon again…" }).click({ timeout: 1000 }).catch(() => {}); // hidden meanwhile: not needed
      }
      return false;
    }, { timeout: 30_000 }).toBe(true);
    expect(await page.locator("#dct-verdict").innerText()).toMatch(/^✓ Confirmed: the Photon's own storage holds the dynamic IP and internal antenna its own system was asked to set/);
    expect(await page.locator("#diagnosis").textContent()).toMatch(/^Reset by its own system \(Device OS 1\.4\.4\): dynamic IP, internal antenna \(read back from its storage\)/);
    expect(await page.locator("#next").innerText()).toMatch(/^Enter your Wi-Fi network in step 4 below/);
    expect(await page.locator("#verdict-headline").innerText()).toMatch(/Reset done: now enter your Wi-Fi network/);
    expect(await page.locator("#changes").isVisible()).toBe(false); // no report of ours to show
    expect(await page.locator("#dct-readback").getAttribute("data-state")).toBe("confirms");
    expect(d.mode).toBe("listening");
    expect(d.flashed).toEqual([]);
    await page.fill("#ssid", "home");
    await page.fill("#password", "correct horse");
    await page.getByRole("button", { name: "Send to the Photon" }).click();
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^recovered: Recovered: on the Particle cloud$/);
    expect(await page.locator("#verdict-led").innerText()).toMatch(/breathing cyan \(connected to the Particle cloud\)/);
    expect(await page.locator("#verdict-headline").innerText()).toMatch(/Recovered: on the Particle cloud/);
    expect(await page.locator("#wifi").isHidden()).toBe(true);
    expect(d.cloudConnected).toBe(true);
    expect(d.wifiSettings().credentials()).toMatchObject([{ ssid: "home", security: "wpa2" }]);
    await page.close();
  });

  it("on 1.4.4, an open network: its own system stores it (control request 113) and it reaches the cloud", async () => {
    const { d, page } = await start("1.4.4", "normal", OWNER_APP, { accessPoints: [{ ssid: "cafe", security: "open" }] });
    await allow(page);
    await page.waitForSelector("#wifi:not([hidden])", { timeout: 30_000 });
    await page.fill("#ssid", "cafe");
    await page.selectOption("#security", "open");
    await page.getByRole("button", { name: "Send to the Photon" }).click();
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^recovered: Recovered: on the Particle cloud$/);
    expect(await page.locator("#verdict-led").innerText()).toMatch(/breathing cyan \(connected to the Particle cloud\)/);
    expect(d.console.typed.join("")).toBe(""); // not the console, whose open entries never join
    expect(d.wifiSettings().credentials()).toMatchObject([{ ssid: "cafe", security: "open" }]);
    expect(d.cloudConnected).toBe(true);
    await page.close();
  });

  it.each(["normal", "dfu"] as const)("on 0.7.0 (%s) sends nothing and says how to update Device OS, with its version", async (mode) => {
    const { d, page } = await start("0.7.0", mode);
    await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/Problem: This Photon's Device OS is too old to be reset over USB\. Nothing was sent to it\./);
    const text = await status(page);
    expect(text).toMatch(/runs Device OS 0\.7\.0/);
    expect(text).toMatch(/Device Restore USB/);
    expect(text).toMatch(/particle update/);
    expect(d.flashed).toEqual([]);
    await page.close();
  });

  it("in DFU mode on 1.5.2 reads the version from its flash and flashes the 1.5.2 build", async () => {
    const { d, page } = await start("1.5.2", "dfu");
    await expect.poll(() => d.mode !== "dfu" && d.attached, { timeout: 30_000 }).toBe(true);
    await allow(page);
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    expect(await verdict(page)).toMatch(/^todo: Reset done: now enter your Wi-Fi network$/);
    expect(await page.locator("#dct-verdict").innerText()).toMatch(/^✓ Confirmed: the Photon's own storage holds/);
    expect(d.flashed).toEqual([served.release!.bins.older.photon]);
    expect(await page.locator("#log").textContent()).toMatch(/Device OS: Device OS 1\.5\.2 \(read from its flash over DFU\)/);
    await page.close();
  });
});
