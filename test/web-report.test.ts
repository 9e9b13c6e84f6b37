// "Download a report" on the page (Chromium, the demo): after the reset the
// page offers the report the command writes with --report, and the file holds
// what was read and done (the server key's verdict among it) and none of the
// scenario's secrets: its passwords, the key bytes, the claim code, the full device id.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../host-shim/scenario.ts";
import { FAKE_CLAIM_CODE, FAKE_PRIVATE_KEY } from "../host-shim/usb/dct-image.ts";
import { standInWrongKey } from "../host-shim/dct-server-key.ts";
import { PARTICLE_SERVER_KEY } from "../model/server-key.ts";
import { scratchDir } from "./simulated-photons.ts";
import { resetUntilResult, startDemo } from "./web/demo-steps.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const title = chromiumMissing ? `the page's report download: SKIPPED, ${chromiumMissing}` : "the page's report download (Chromium)";

describe.skipIf(chromiumMissing !== null)(title, () => {
  const served = servedPage(false);

  it("wrong-server-key: the report is offered with the verdict, and holds the server key's verdict and no secret", async () => {
    const page = await served.browser.newPage();
    await startDemo(page, served.url, "wrong-server-key");
    const id = (await page.locator("#device").textContent() ?? "").match(/[0-9a-f]{24}/)![0];
    await resetUntilResult(page);
    await page.waitForSelector("#report-download:not([hidden])", { timeout: 5000 });
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download a report" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^photon-netreset-report-[0-9a-f]{6}-[0-9a-f]{4}\.txt$/);
    const saved = join(scratchDir("photon-netreset-report-"), file.suggestedFilename());
    await file.saveAs(saved);
    const text = readFileSync(saved, "utf8");
    expect(text).toMatch(/server key: +wrong: the stored server key is another RSA key/);
    expect(text).toMatch(/\d\d:\d\d:\d\d +flashing photon-netreset/);
    expect(text).toMatch(/result: recovered/);
    const s = loadScenario("wrong-server-key");
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    for (const secret of [...s.device.credentials, ...s.environment.accessPoints].flatMap((c) => (c.password ? [c.password] : []))) expect(text).not.toContain(secret);
    for (const secret of [FAKE_PRIVATE_KEY.toString("latin1").slice(0, 14), hex(FAKE_PRIVATE_KEY.subarray(0, 16)), hex(PARTICLE_SERVER_KEY.subarray(33, 49)),
      hex(standInWrongKey().subarray(33, 49)), "NOT THE PARTICLE CLOUD'S KEY", FAKE_CLAIM_CODE, id]) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    // A new demo: the last one's report goes.
    await page.selectOption("#demo-scenario", "healthy");
    await page.getByRole("button", { name: "Start the demo" }).click();
    await expect.poll(() => page.locator("#report-download").isHidden()).toBe(true);
    await page.close();
  });

  it("five-networks-with-5ghz: the report after the reset holds the networks the Photon sees (the 2.4 GHz one), as the command's does", async () => {
    const page = await served.browser.newPage();
    await startDemo(page, served.url, "five-networks-with-5ghz");
    await resetUntilResult(page);
    await page.waitForSelector("#report-download:not([hidden])", { timeout: 5000 });
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download a report" }).click();
    const saved = join(scratchDir("photon-netreset-report-"), "report.txt");
    await (await download).saveAs(saved);
    const text = readFileSync(saved, "utf8");
    expect(text).toMatch(/Wi-Fi networks the Photon sees \(1\):\n {2}home-2g +-\d+ dBm +wpa2 \(aes\), channel 11\n/);
    expect(text).not.toMatch(/-5g/);
    for (const c of loadScenario("five-networks-with-5ghz").environment.accessPoints) expect(text).not.toContain(c.password!);
    await page.close();
  });
});
