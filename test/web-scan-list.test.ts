// The Photon's own scan list in the page's Wi-Fi form (Chromium, the demo):
// radio buttons, strongest first with signal and security, "a hidden
// network..." last; choosing one fills in the name and the security; a network
// the Photon does not see is warned about beside the form before anything is
// sent, and sending it again goes on.
import { describe, expect, it } from "vitest";
import { resetUntilResult, startDemo } from "./web/demo-steps.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const title = chromiumMissing ? `the page's scan list: SKIPPED, ${chromiumMissing}` : "the page's scan list (Chromium)";

describe.skipIf(chromiumMissing !== null)(title, () => {
  const served = servedPage(false);

  it("five-networks-with-5ghz: the list, a choice fills the form, a 5 GHz name is warned about before sending", async () => {
    const page = await served.browser.newPage();
    await startDemo(page, served.url, "five-networks-with-5ghz");
    await resetUntilResult(page);
    await page.waitForSelector("#networks:not([hidden])", { timeout: 10_000 });
    const labels = (await page.locator("#network-list label").allTextContents()).map((l) => l.trim());
    expect(labels[0]).toMatch(/^home-2g {2}\(-\d+ dBm, [\w ]+; WPA2\)$/);
    expect(labels.at(-1)).toMatch(/^a hidden network, or one not listed/);
    expect(labels.join("\n")).not.toMatch(/5g/);
    await page.getByRole("radio", { name: /home-2g/ }).check();
    expect(await page.locator("#ssid").inputValue()).toBe("home-2g");
    expect(await page.locator("#security").inputValue()).toBe("wpa2");
    // A network it does not see: warned beside the form, nothing sent.
    await page.getByRole("radio", { name: /a hidden network/ }).check();
    await page.locator("#ssid").fill("home-5g");
    await page.locator("#password").fill("home-password-5");
    await page.getByRole("button", { name: "Send to the Photon" }).click();
    await expect.poll(() => page.locator("#wifi-error").isVisible()).toBe(true);
    expect(await page.locator("#wifi-error").textContent()).toMatch(/Your network 'home-5g' is not among the 1 network the Photon sees: it may be 5 GHz only.*radio or antenna fault\. To send it anyway, click “Send to the Photon” again\./);
    expect(await page.locator("#log").textContent()).not.toMatch(/Sending the credentials for "home-5g"/);
    expect(await page.locator("#password").inputValue()).toBe("home-password-5"); // kept for the second click
    // Sent again: it goes on (the Photon cannot join a 5 GHz network).
    await page.getByRole("button", { name: "Send to the Photon" }).click();
    await expect.poll(() => page.locator("#wifi-error").textContent(), { timeout: 60_000 }).toMatch(/could not join “home-5g”|did not reach the cloud/);
    await page.close();
  });
});
