// The recovery page in a real browser (Debian's Chromium): its WebUSB and Web
// Serial are bridged to simulated USB Photons, the page's code unchanged.
// Screenshots go to test-artifacts/web/.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Server } from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe } from "vitest";
import { expect, it } from "./web/concurrent.ts";
import { PREBUILT_DIR, SUMS_FILE } from "../cli/prebuilt.ts";
import { packageRoot, photon, userPart } from "./simulated-photons.ts";
import { markerSet } from "../host-shim/run-scenario.ts";
import { program } from "./helpers.ts";
import { bridge } from "./web/bridge.ts";
import { DCT_READ_RANGES } from "../model/dct.ts";
import { dctReadsOutside } from "../host-shim/usb/dct-image.ts";
import { ARTIFACTS, builtPage, chromiumMissing, launch, serveSite, siteWith } from "./web/browser.ts";

const FORUM = "forum-static-ip-external-antenna";
const title = chromiumMissing ? `the web page in Chromium: SKIPPED, ${chromiumMissing}` : "the web page in Chromium";
if (chromiumMissing) console.warn(`Browser tests skipped: ${chromiumMissing}`);

// Its tests at once: each has its own tab and simulated Photons, and mostly waits on them.
describe.skipIf(chromiumMissing !== null)(title, { concurrent: true }, () => {
  let browser: BrowserContext;
  const servers: Server[] = [];
  let release: ReturnType<typeof packageRoot>;
  let releaseUrl: string;
  let built: string;

  beforeAll(async () => {
    built = await builtPage();
    release = packageRoot();
    const site = await serveSite(siteWith(built, join(release.root, PREBUILT_DIR)));
    servers.push(site.server);
    releaseUrl = site.url;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) s.close();
  });

  /** A fresh tab; console messages kept (to check no password is ever logged). */
  async function open<T = null>(url: string, setup?: (page: Page) => Promise<T>) {
    const page = await browser.newPage();
    const logged: string[] = [];
    page.on("console", (m) => logged.push(m.text()));
    page.on("pageerror", (e) => logged.push(`pageerror: ${e.message}`));
    const b = setup ? await setup(page) : null;
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]");
    return { page, logged, b };
  }
  const status = (page: Page) => page.locator("#status").innerText();
  /** The verdict: its tone and headline (the status line no longer repeats it). */
  const verdict = async (page: Page) => `${await page.locator("#verdict").getAttribute("data-tone")}: ${await page.locator("#verdict-headline").innerText()}`;
  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  /** After the report: the Photon restarts into DFU mode for the DCT read-back; the owner allows it (a click: the chooser needs one). */
  async function allowForDctCheck(page: Page, screenshot?: string) {
    await page.waitForSelector("#regrant:not([hidden])", { timeout: 30_000 });
    // With the backup (issue 21) the one DFU visit comes before the flash: the read-back then needs no click.
    expect(await page.locator("#regrant").innerText()).toMatch(/To save your own application before the reset, the Photon restarts into DFU mode|To read its stored settings the Photon restarts into DFU mode/);
    expect(await status(page)).toMatch(/Working: Saving your own application first|Working: The Photon has reported\. Now checking its own stored settings/);
    if (screenshot) await shot(page, screenshot);
    await page.getByRole("button", { name: "Allow the Photon again…" }).click();
  }

  /** Connect, reset (allowing the DFU read-back), then send a network from the Wi-Fi form. */
  async function resetThenSendWifi(page: Page, ssid: string, password: string) {
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await allowForDctCheck(page);
    await page.waitForSelector("#wifi:not([hidden])", { timeout: 30_000 });
    await sendWifi(page, ssid, password);
  }
  async function sendWifi(page: Page, ssid: string, password: string) {
    await page.fill("#ssid", ssid);
    await page.fill("#password", password);
    await page.getByRole("button", { name: "Send to the Photon" }).click();
  }

  it("recovers the forum's Photon: connect, hash-checked release firmware, progress, before → after, advice, then Wi-Fi to the cloud", async () => {
    const d = photon(FORUM, {}, release.bins);
    const { page, logged, b } = await open(releaseUrl, (p) => bridge(p, [d]));
    await expect.poll(() => page.locator("#firmware-status").innerText()).toMatch(/photon-netreset 9\.9\.9 from this site.*SHA-256/);
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await expect.poll(() => page.locator("#device").innerText()).toMatch(new RegExp(`Connected: Photon ${d.id} \\(running, Device OS 2\\.3\\.1\\)`));
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await allowForDctCheck(page, "1a-forum-allow-dfu");
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    expect(await verdict(page)).toMatch(/^todo: Reset done: now enter your Wi-Fi network$/);
    expect(await page.locator("#dct-verdict").innerText()).toMatch(/^✓ Confirmed: the Photon's own storage holds/);
    const rows = await page.locator("#changes tbody tr").allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, " ").trim())).toEqual([
      "antenna external internal (changed)", "IP source static dynamic (changed)", "stored networks 1 0 (changed)"]);
    expect(await page.locator("#aps").innerText()).toMatch(/on 2\.4 GHz: 1\./);
    expect(await page.locator("#diagnosis-code").innerText()).toBe("ok");
    expect(await page.locator("#next").innerText()).toBe("Enter your Wi-Fi network in step 4 below (2.4 GHz networks only).");
    expect(await page.locator("#bar").evaluate((e) => (e as HTMLProgressElement).value)).toBe(100);
    // The read-back: from the Photon's own storage (DFU alt setting 1), the two network ranges and the public server key only, confirming the report.
    const dct = await page.locator("#dct-readback").innerText();
    expect(await page.locator("#dct-readback").getAttribute("data-state")).toBe("confirms");
    expect(dct).toMatch(/✓ Confirmed: the Photon's own storage holds the settings the report above shows/);
    expect(dct).toMatch(/Antenna\s+Internal antenna selected, as it should be\./);
    expect(dct).toMatch(/IP address\s+Dynamic IP \(DHCP\): the Photon takes the address your router gives it/);
    expect(dct).toMatch(/Read from the Photon's own storage/);
    expect(d.dfu.dctReads).toHaveLength(3);
    expect(dctReadsOutside(d.dfu.dctReads, DCT_READ_RANGES)).toEqual([]);
    expect(await page.locator("#log").textContent()).toMatch(/The device's storage confirms the report\./);
    expect(d.flashed).toEqual([release.bins.photon]);
    expect(markerSet(d.photon!)).toBe(true);
    expect(d.mode).toBe("listening");
    await expect.poll(() => page.locator("#ssid").evaluate((e) => e === document.activeElement)).toBe(true);
    await shot(page, "1-forum-result");

    // Keyboard only: type into the focused field, tab along, submit with Enter.
    await page.keyboard.type("home");
    await page.keyboard.press("Tab"); // security: WPA2 already
    await page.keyboard.press("Tab");
    await page.keyboard.type("correct horse");
    await page.keyboard.press("Enter");
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^recovered: Recovered: on the Particle cloud$/);
    expect(d.cloudConnected).toBe(true);
    expect(d.photon!.wifi.credentials()).toMatchObject([{ ssid: "home", security: "wpa2", password: "correct horse" }]);
    expect(await page.locator("#next").innerText()).toMatch(/Flash your own application/); // the shared advice for a connected Photon
    expect(await page.locator("#wifi").isHidden()).toBe(true);
    expect(b!.serialWritten.join("")).toContain("correct horse\r"); // it reached the device...
    const everything = `${await page.content()}\n${await page.locator("#log").textContent()}\n${logged.join("\n")}`;
    expect(everything).not.toContain("correct horse"); // ...and nowhere else
    expect(await page.locator("#password").inputValue()).toBe("");
    await shot(page, "2-forum-cloud");
    await page.close();
  });

  it("flashes a Photon in DFU mode (blinking yellow) over DFU, through WebUSB, and verifies the reset", async () => {
    const d = photon(FORUM, { mode: "dfu" }, release.bins);
    const { page, b } = await open(releaseUrl, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await expect.poll(() => page.locator("#device").innerText()).toMatch(/\(dfu mode\)/);
    await page.getByRole("button", { name: "Reset network settings" }).click();
    // Back in normal mode it is another USB device to the browser: not seen until allowed again.
    await expect.poll(() => d.mode !== "dfu" && d.attached, { timeout: 30_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await page.locator("#result").isHidden()).toBe(true);
    expect(await status(page)).toMatch(/Working: Flashed\. Waiting for the Photon to restart/);
    await shot(page, "9-dfu-allow-again");
    await page.getByRole("button", { name: "Allow the Photon again…" }).click();
    // The read-back's DFU round trip needs no further click: the browser keeps both (same vendor id, product id, serial).
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    expect(await page.locator("#regrant").isHidden()).toBe(true);
    expect(await page.locator("#dct-readback").getAttribute("data-state")).toBe("confirms");
    expect(d.dfu.dctReads).toHaveLength(3);
    expect(await page.locator("#bar-label").innerText()).toBe("Flashing over DFU");
    expect(await verdict(page)).toMatch(/^todo: Reset done: now enter your Wi-Fi network$/);
    expect(await page.locator("#dct-verdict").innerText()).toMatch(/^✓ Confirmed: the Photon's own storage holds/);
    expect(d.dfu.flash.subarray(0xa0000, 0xa0000 + release.bins.photon.length).equals(release.bins.photon)).toBe(true);
    expect(b!.usbCalls).toContain("selectAlternateInterface"); // particle-usb's DfuSe over WebUSB
    // The build is picked by the system's version, read from its flash in DFU mode (issue 20).
    expect(await page.locator("#log").textContent()).toMatch(/Device OS: Device OS 2\.3\.1 \(read from its flash over DFU\)/);
    await page.close();
  });

  it("shows the disagreement when the Photon's own storage contradicts the firmware's report (a program that grades itself)", async () => {
    const d = photon(FORUM, { faults: { lyingProgram: true } }, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await allowForDctCheck(page);
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    expect(await verdict(page)).toMatch(/^problem: The Photon's own storage does not confirm what the firmware reported$/);
    expect(await page.locator("#next").innerText()).toMatch(/Do not rely on the report/);
    const rows = await page.locator("#changes tbody tr").allInnerTexts();
    expect(rows[0].replace(/\s+/g, " ").trim()).toBe("antenna external internal (changed)"); // what the program claims
    const dct = await page.locator("#dct-readback").innerText();
    expect(await page.locator("#dct-readback").getAttribute("data-state")).toBe("disagrees");
    expect(dct).toMatch(/✗ Problem: the Photon's own storage does not confirm the report above\./);
    expect(dct).toMatch(/Antenna: the program reported internal, the device's storage says external\./);
    expect(dct).toMatch(/IP source: the program reported dynamic, the device's storage says static\./);
    expect(dct).toMatch(/External antenna selected: without one fitted the Photon sees no network\./);
    expect(dct).toMatch(/Static IP 10\.0\.0\.50\/24, gateway 10\.0\.0\.1: unless your network is 10\.0\.0\.x, this Photon cannot get online\./);
    expect(await page.locator("#wifi").isHidden()).toBe(true); // not offered on a report the storage contradicts
    expect(await page.locator("#next").innerText()).toMatch(/^Do not enter your Wi-Fi network yet/);
    expect(dctReadsOutside(d.dfu.dctReads, DCT_READ_RANGES)).toEqual([]);
    await shot(page, "10-lying-device-disagreement");
    await page.close();
  });

  it("on Linux without the udev rule (access denied), names the rule", async () => {
    const d = photon(FORUM, { faults: { permissionDenied: true } }, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await expect.poll(() => status(page)).toMatch(/Problem: No usable Photon or P1 was found\./);
    expect(await status(page)).toMatch(/cannot be opened: permission denied: on Linux install Particle's udev rule/);
    expect(await status(page)).toMatch(/SUBSYSTEM=="usb", ATTRS\{idVendor\}=="2b04", MODE="0666"/);
    await page.close();
  });

  it("does not flash a Photon that already runs the release's build (the manifest's build id): shows its last report", async () => {
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await expect.poll(() => page.locator("#verdict-headline").innerText()).toMatch(/^This Photon already runs this photon-netreset build: nothing was flashed\.$/);
    expect(d.flashed).toEqual([]);
    expect(await page.locator("#result").isVisible()).toBe(true);
    expect(await page.locator("#diagnosis-code").innerText()).toBe("ok");
    expect(await page.locator("#dct-readback").innerText()).toMatch(/Not read this time: nothing was flashed\. To read them, run npx photon-netreset doctor/);
    expect(d.dfu.dctReads).toEqual([]);
    await page.close();
  });

  it("Wi-Fi: a wrong network is reported once the Photon is back in listening mode, a 4-character WPA2 password is refused before sending, and the retry works (finding 4)", async () => {
    const d = photon(FORUM, {}, release.bins);
    const { page, b } = await open(releaseUrl, (p) => bridge(p, [d]));
    await resetThenSendWifi(page, "home", "not the password");
    // Far sooner than the 90 s cloud timeout: the Photon is back in listening mode.
    await expect.poll(() => page.locator("#wifi-error").innerText(), { timeout: 20_000 }).toMatch(/^The Photon could not join “home” and is waiting for credentials again/);
    expect(await verdict(page)).toMatch(/^problem: Reset done, but the Wi-Fi network refused the credentials$/);
    expect(d.mode).toBe("listening");
    const typedBefore = b!.serialWritten.join("");
    await sendWifi(page, "home", "abcd");
    await expect.poll(() => page.locator("#wifi-error").innerText()).toMatch(/A WPA2 password is 8 to 64 bytes; this one is 4\. Nothing was sent/);
    expect(b!.serialWritten.join("")).toBe(typedBefore);
    await sendWifi(page, "home", "correct horse");
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^recovered: Recovered: on the Particle cloud$/);
    expect(d.cloudConnected).toBe(true);
    await page.close();
  });

  it("Wi-Fi: closing the serial port chooser sends nothing and says the reset itself is done", async () => {
    const d = photon(FORUM, {}, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d], undefined, { serialChooserClosed: true }));
    await resetThenSendWifi(page, "home", "correct horse");
    await expect.poll(() => page.locator("#wifi-error").innerText()).toMatch(/^The Wi-Fi network did not reach the Photon\. Its reset is done\./);
    expect(await page.locator("#wifi-error").innerText()).toMatch(/No serial port was chosen, so the credentials were not sent\./);
    expect(d.console.typed.join("")).toBe("");
    expect(d.mode).toBe("listening");
    expect(await page.locator("#password").inputValue()).toBe(""); // not kept for a retry either
    await page.close();
  });

  it("recovers a P1 with the release's P1 firmware", async () => {
    const d = photon(FORUM, { platform: "p1" }, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await expect.poll(() => page.locator("#device").innerText()).toMatch(/Connected: P1 /);
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await allowForDctCheck(page);
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    expect(await verdict(page)).toMatch(/^todo: Reset done: now enter your Wi-Fi network$/);
    expect(await page.locator("#dct-verdict").innerText()).toMatch(/^✓ Confirmed: the Photon's own storage holds/);
    expect(d.flashed).toEqual([release.bins.p1]);
    await page.close();
  });

  it("says the unplug mid-flash is safe and what to do", async () => {
    const d = photon(FORUM, { faults: { unplugAfterBytes: 8000 } }, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.getByLabel(/Save the application on the Photon first/).uncheck(); // the update over control requests, where the cable comes out (issue 21)
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/Problem: The reset did not finish\./);
    expect(await status(page)).toMatch(/disappeared from USB during the flash\. That is safe: Device OS keeps the old firmware until/);
    expect(await status(page)).toMatch(/To try again on this page: plug the Photon back in/);
    expect(await page.locator("#bar-label").innerText()).toMatch(/^Flashing stopped at \d+%$/);
    expect(d.flashed).toEqual([]);
    expect(await page.locator("#result").isHidden()).toBe(true);
    await shot(page, "3-unplugged");
    await page.close();
  });

  it("refuses a .bin for the wrong platform before sending a byte", async () => {
    const d = photon(FORUM, {}, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.locator("#bin").setInputFiles({ name: "photon-netreset-p1-9.9.9.bin", mimeType: "application/octet-stream", buffer: userPart({ platformId: 8 }) });
    expect(await page.locator("#firmware-status").innerText()).toMatch(/Your file photon-netreset-p1-9\.9\.9\.bin/);
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await expect.poll(() => status(page)).toMatch(/Problem: The firmware was refused\. Nothing was sent to the Photon\./);
    expect(await status(page)).toMatch(/Refusing to flash photon-netreset-p1-9\.9\.9\.bin/);
    expect(await status(page)).toMatch(/Choose the right \.bin in step 2/);
    expect(await status(page)).toMatch(/it is built for a p1, but the device is a photon/);
    expect(await status(page)).toMatch(/Nothing was sent to the device/);
    expect(d.flashed).toEqual([]);
    expect(d.app.kind).toBe("other"); // still the owner's application: no update was started
    await shot(page, "4-wrong-platform");
    await page.close();
  });

  it("refuses release firmware whose SHA-256 does not match SHA256SUMS", async () => {
    const tampered = packageRoot();
    writeFileSync(join(tampered.root, PREBUILT_DIR, SUMS_FILE), `${"0".repeat(64)}  photon-netreset-photon-9.9.9-deviceos-2.3.1.bin\n`);
    const site = await serveSite(siteWith(built, join(tampered.root, PREBUILT_DIR)));
    servers.push(site.server);
    const d = photon(FORUM, {}, tampered.bins);
    const { page } = await open(site.url, (p) => bridge(p, [d]));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await expect.poll(() => status(page)).toMatch(/its SHA-256 does not match SHA256SUMS/);
    expect(d.flashed).toEqual([]);
    await page.close();
  });

  it("without a release beside the page, asks for a .bin and flashes nothing", async () => {
    const site = await serveSite(siteWith(built, null));
    servers.push(site.server);
    const d = photon(FORUM, {}, release.bins);
    const { page } = await open(site.url, (p) => bridge(p, [d]));
    expect(await page.locator("#firmware-status").innerText()).toMatch(/No release firmware is published beside this page yet/);
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await expect.poll(() => status(page)).toMatch(/Problem: The firmware was refused\. Nothing was sent to the Photon\.[\s\S]*There is no firmware to flash/);
    expect(d.flashed).toEqual([]);
    await page.close();
  });

  it("says so plainly when the chooser is closed without a device", async () => {
    const d = photon(FORUM, {}, release.bins);
    const { page } = await open(releaseUrl, (p) => bridge(p, [d], () => null));
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await expect.poll(() => status(page)).toMatch(/Note: No device was chosen\./);
    expect(await page.locator("#reset").isDisabled()).toBe(true);
    await shot(page, "5-chooser-cancelled");
    await page.close();
  });

  it("tells a browser without WebUSB what to use instead", async () => {
    const { page } = await open(releaseUrl, (p) => p.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "usb", { get: () => undefined, configurable: true });
      Object.defineProperty(Navigator.prototype, "serial", { get: () => undefined, configurable: true });
    }));
    expect(await page.locator("#no-webusb").isVisible()).toBe(true);
    expect(await page.locator("#no-webusb").innerText()).toMatch(/Firefox and Safari do not have it/);
    expect(await page.locator("#no-webusb").innerText()).toMatch(/npx photon-netreset flash/);
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await expect.poll(() => status(page)).toMatch(/Problem: This browser cannot talk to USB devices/);
    await shot(page, "6-no-webusb");
    await page.close();
  });

  it("runs the demo: a simulated Photon inside the page, the forum case end to end, on a phone-width screen", async () => {
    const { page, logged } = await open(releaseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.locator("#demo-scenario").inputValue()).toBe(FORUM);
    // Keyboard only: each step hands the focus to the next button.
    const focused = () => page.evaluate(() => document.activeElement?.id);
    await page.locator("#demo-start").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#demo-banner").isVisible()).toBe(true);
    await expect.poll(focused).toBe("connect");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#device").innerText()).toMatch(/Connected: Photon e00fce68d3a0000000000001/);
    await expect.poll(focused).toBe("reset");
    await page.keyboard.press("Enter");
    // The read-back: the focus waits on “Allow the Photon again…” for the DFU-mode device.
    await page.waitForSelector("#regrant:not([hidden])", { timeout: 30_000 });
    await expect.poll(focused).toBe("regrant-button");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, "7a-demo-phone-allow-dfu");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#result:not([hidden])", { timeout: 30_000 });
    expect(await page.locator("#dct-readback").innerText()).toMatch(/✓ Confirmed[\s\S]*Internal antenna selected[\s\S]*Dynamic IP \(DHCP\)/);
    const rows = await page.locator("#changes tbody tr").allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, " ").trim())).toEqual([
      "antenna external internal (changed)", "IP source static dynamic (changed)", "stored networks 1 0 (changed)"]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, "7-demo-phone-result");
    await page.fill("#ssid", "home");
    await page.fill("#password", "correct horse");
    await page.getByRole("button", { name: "Send to the Photon" }).click();
    await expect.poll(() => verdict(page), { timeout: 30_000 }).toMatch(/^recovered: Recovered: on the Particle cloud$/);
    expect(logged.filter((l) => l.startsWith("pageerror"))).toEqual([]);
    expect(logged.join("\n")).not.toContain("correct horse");
    await shot(page, "8-demo-phone-cloud");
    await page.close();
  });
});
