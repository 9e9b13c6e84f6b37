// The page saves the owner's application before the reset and puts it back
// (issue 21), in Debian's Chromium, its WebUSB bridged to simulated Photons
// carrying an owner's app (scenario key device.app).
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ownerAppBin } from "../host-shim/owner-app.ts";
import { loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { photon } from "./cli-harness.ts";
import { bridge } from "./web/bridge.ts";
import { ARTIFACTS, chromiumMissing, servedPage } from "./web/browser.ts";

const title = chromiumMissing ? `the page's backup in Chromium: SKIPPED, ${chromiumMissing}` : "the page's backup and restore in Chromium";

function withApp(breaks: boolean): Scenario {
  const s = loadScenario("forum-static-ip-external-antenna");
  s.device.app = { name: "weather-station", codeBytes: 24_000, moduleVersion: 4,
    breaksSettings: breaks ? { antenna: "external", ipSource: "static" } : null };
  return s;
}

describe.skipIf(chromiumMissing !== null)(title, () => {
  const served = servedPage(true);

  const status = (page: Page) => page.locator("#status").textContent();

  async function resetWithBackup(scenario: Scenario) {
    const d = photon(scenario, {}, served.release!.bins);
    const page = await served.browser.newPage();
    const logged: string[] = [];
    page.on("console", (m) => logged.push(m.text()));
    await bridge(page, [d]);
    await page.goto(served.url);
    await page.waitForSelector("body[data-ready=true]");
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.getByRole("button", { name: "Reset network settings" }).click();
    // The one DFU visit comes first: the owner allows the DFU-mode Photon.
    await page.waitForSelector("#regrant:not([hidden])", { timeout: 30_000 });
    expect(await page.locator("#regrant").textContent()).toMatch(/To save your own application before the reset/);
    const download = page.waitForEvent("download", { timeout: 30_000 });
    await page.getByRole("button", { name: "Allow the Photon again…" }).click();
    // Downloaded, and offered as a link, before the flash.
    const file = await download;
    const bytes = readFileSync((await file.path())!);
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    const log = (await page.locator("#log").textContent())!;
    expect(log.indexOf(`is saved in ${file.suggestedFilename()}`)).toBeGreaterThan(-1);
    expect(log.indexOf(`is saved in ${file.suggestedFilename()}`)).toBeLessThan(log.indexOf("Flashing over DFU: 0%"));
    expect(await page.locator("#backup-link").getAttribute("download")).toBe(file.suggestedFilename());
    return { d, page, bytes, name: file.suggestedFilename(), logged };
  }

  it("offers the application as a download before it flashes (byte for byte what the Photon held), then puts it back", async () => {
    const scenario = withApp(false);
    const { d, page, bytes, name, logged } = await resetWithBackup(scenario);
    expect(bytes.equals(ownerAppBin(scenario.device.app!, "photon"))).toBe(true);
    expect(name).toMatch(new RegExp(`^photon-netreset-backup-${d.id}-\\d{4}-\\d\\d-\\d\\d\\.bin$`));
    expect(await page.locator("#backup-note").textContent()).toMatch(/never uploaded/);
    expect(await status(page)).toMatch(/Done: Network settings reset and checked/);
    expect(d.flashed).toEqual([served.release!.bins.photon]);
    await page.screenshot({ path: `${ARTIFACTS}/11-backup-offered.png`, fullPage: true });

    await page.getByRole("button", { name: "Put my application back" }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/Done: Your application is back and running\./);
    expect(d.flashed.at(-1)!.equals(bytes)).toBe(true);
    expect(d.app).toMatchObject({ kind: "owner", app: { name: "weather-station" } });
    expect(d.ownerAppRuns).toBeGreaterThan(0);
    expect(await page.locator("#restore-result").getAttribute("data-state")).toBe("settings-kept");
    expect(logged.join("\n")).not.toContain(bytes.subarray(24, 64).toString("hex"));
    await page.screenshot({ path: `${ARTIFACTS}/12-restored.png`, fullPage: true });
    await page.close();
  });

  it("says in words when the restored application changes the network settings again", async () => {
    const { d, page } = await resetWithBackup(withApp(true));
    await page.getByRole("button", { name: "Put my application back" }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/Problem: Your application is back, but it changed the network settings again\./);
    const text = await page.locator("#restore-result").textContent();
    expect(text).toMatch(/remove WiFi\.useStaticIP\(\)/);
    expect(text).toMatch(/WiFi\.selectAntenna\(ANT_INTERNAL\)/);
    expect(d.photon!.wifi.antenna).toBe("external");
    await page.close();
  });
});
