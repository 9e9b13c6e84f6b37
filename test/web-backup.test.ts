// The page saves the owner's application before the reset and puts it back
// (issue 21), in Debian's Chromium, its WebUSB bridged to simulated Photons
// carrying an owner's app (scenario key device.app).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe } from "vitest";
import { expect, it } from "./web/concurrent.ts";
import { ownerAppBin } from "../host-shim/owner-app.ts";
import { loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { photon, scratchDir, userPart } from "./simulated-photons.ts";
import { program } from "./helpers.ts";
import { bridge } from "./web/bridge.ts";
import { ARTIFACTS, chromiumMissing, servedPage } from "./web/browser.ts";

const title = chromiumMissing ? `the page's backup in Chromium: SKIPPED, ${chromiumMissing}` : "the page's backup and restore in Chromium";

function withApp(breaks: boolean): Scenario {
  const s = loadScenario("forum-static-ip-external-antenna");
  s.device.app = { name: "weather-station", codeBytes: 24_000, moduleVersion: 4,
    breaksSettings: breaks ? { antenna: "external", ipSource: "static" } : null };
  return s;
}

// Its tests at once: each has its own tab and simulated Photons, and mostly waits on them.
describe.skipIf(chromiumMissing !== null)(title, { concurrent: true }, () => {
  const served = servedPage(true);

  const status = (page: Page) => page.locator("#status").textContent();
  /** The verdict: its tone and headline (the status line no longer repeats it). */
  const verdict = async (page: Page) => `${await page.locator("#verdict").getAttribute("data-tone")}: ${await page.locator("#verdict-headline").textContent()}`;

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
    // Saved where the test can read it (over the shared Chromium the download is on the browser's side).
    const saved = join(scratchDir("photon-netreset-download-"), file.suggestedFilename());
    await file.saveAs(saved);
    const bytes = readFileSync(saved);
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
    expect(await verdict(page)).toMatch(/^todo: Reset done: now enter your Wi-Fi network$/);
    expect(await page.locator("#dct-verdict").textContent()).toMatch(/^✓ Confirmed: the Photon's own storage holds/);
    expect(d.flashed).toEqual([served.release!.bins.photon]);
    await page.screenshot({ path: `${ARTIFACTS}/11-backup-offered.png`, fullPage: true });

    await page.getByRole("button", { name: "Put my application back" }).click();
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^recovered: Your application is back and running$/);
    expect(d.flashed.at(-1)!.equals(bytes)).toBe(true);
    expect(d.app).toMatchObject({ kind: "owner", app: { name: "weather-station" } });
    expect(d.ownerAppRuns).toBeGreaterThan(0);
    expect(await page.locator("#restore-result").getAttribute("data-state")).toBe("settings-kept");
    expect(logged.join("\n")).not.toContain(bytes.subarray(24, 64).toString("hex"));
    await page.screenshot({ path: `${ARTIFACTS}/12-restored.png`, fullPage: true });
    await page.close();
  });

  /** A later visit: the Photon already runs photon-netreset; the owner connects it and chooses `file` with “Put back an application from a file…”. */
  async function restoreFromFile(scenario: Scenario, bytes: Buffer, name: string) {
    const d = photon(scenario, { app: { kind: "netreset", program: program() } }, served.release!.bins);
    const page = await served.browser.newPage();
    await bridge(page, [d]);
    await page.goto(served.url);
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.locator("#backup").isHidden()).toBe(true); // no Photon yet
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    const file = join(scratchDir("photon-netreset-web-restore-"), name);
    writeFileSync(file, bytes);
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Put back an application from a file…" }).click();
    await (await chooser).setFiles(file);
    return { d, page };
  }

  it("puts back an application saved on an earlier visit, chosen as a file: checked, flashed, running, its settings read back", async () => {
    const scenario = withApp(false);
    const bytes = ownerAppBin(scenario.device.app!, "photon");
    const { d, page } = await restoreFromFile(scenario, bytes, "photon-netreset-backup-earlier.bin");
    await page.waitForSelector("#regrant:not([hidden])", { timeout: 30_000 }); // the read-back's DFU visit
    await page.getByRole("button", { name: "Allow the Photon again…" }).click();
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^recovered: Your application is back and running$/);
    expect(d.flashed.at(-1)!.equals(bytes)).toBe(true);
    expect(d.app).toMatchObject({ kind: "owner", app: { name: "weather-station" } });
    expect(await page.locator("#restore-result").textContent()).toMatch(/Your application \(photon-netreset-backup-earlier\.bin\) is back/);
    await page.close();
  });

  it("says when the restored application runs but never connects (SEMI_AUTOMATIC, no Particle.connect()): breathing white, and what to change", async () => {
    const scenario = withApp(false);
    scenario.device.app = { ...scenario.device.app!, systemMode: "semi-automatic", connects: false };
    const bytes = ownerAppBin(scenario.device.app, "photon");
    const { d, page } = await restoreFromFile(scenario, bytes, "semi-automatic-app.bin");
    await page.waitForSelector("#regrant:not([hidden])", { timeout: 30_000 }); // the read-back's DFU visit
    await page.getByRole("button", { name: "Allow the Photon again…" }).click();
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^problem: Your application is back: it runs but never connects to the cloud \(breathing white\)$/);
    expect(await page.locator("#restore-result").textContent()).toMatch(/call Particle\.connect\(\) in setup\(\)/);
    expect(await page.locator("#restore-result").getAttribute("data-state")).toBe("app-never-connects");
    expect(d.app).toMatchObject({ kind: "owner" });
    await page.close();
  });

  it("refuses a file for the other platform (a P1's application) in words, before a byte is sent", async () => {
    const { d, page } = await restoreFromFile(withApp(false), userPart({ platformId: 8 }), "p1-app.bin");
    const enumeration = d.enumeration;
    await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/Problem: That application was refused\. Nothing was sent to the Photon\./);
    const said = (await status(page))!;
    expect(said).toMatch(/Refusing to flash p1-app\.bin:\s+- it is built for a p1, but the device is a photon: choose a backup made from this Photon, or your application built for it/);
    expect(said).not.toMatch(/photon-netreset-photon-/); // not the reset's firmware
    expect(said).toMatch(/Choose a backup made from this Photon/);
    expect(d.flashed).toEqual([]);
    expect(d.enumeration).toBe(enumeration);
    expect(d.app.kind).toBe("netreset");
    await page.screenshot({ path: `${ARTIFACTS}/13-restore-file-refused.png`, fullPage: true });
    await page.close();
  });

  it("says in words when the restored application changes the network settings again", async () => {
    const { d, page } = await resetWithBackup(withApp(true));
    await page.getByRole("button", { name: "Put my application back" }).click();
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^problem: Your application is back, but it changed the network settings again$/);
    const text = await page.locator("#restore-result").textContent();
    expect(text).toMatch(/remove WiFi\.useStaticIP\(\)/);
    expect(text).toMatch(/WiFi\.selectAntenna\(ANT_INTERNAL\)/);
    expect(d.photon!.wifi.antenna).toBe("external");
    await page.close();
  });
});
