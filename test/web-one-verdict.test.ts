// The page renders one outcome at a time: after every action of every
// built-in scenario (the reset, a wrong then the right Wi-Fi password, putting
// the app back, a second demo without a reload) it shows exactly one verdict,
// the status agrees with it, and nothing on the page contradicts the latest
// outcome. A Wi-Fi error is said once, next to the form and in view (1280x800
// and 390x844), with the network name kept.
import { readdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe } from "vitest";
import { allowUntil } from "./web/allow-until.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";
import { expect, it } from "./web/concurrent.ts";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SCENARIOS = readdirSync("host-shim/scenarios").filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
/** Scenarios whose cloud refuses the Photon after Wi-Fi: the page would wait the whole cloud timeout (90 s) for it, so the right password is not sent there. */
const cloudRefuses = (name: string) => /"serverKey"|"cloudKnowsDeviceKey": false/.test(readFileSync(`host-shim/scenarios/${name}.json`, "utf8"));
const title = chromiumMissing ? `one outcome on the page: SKIPPED, ${chromiumMissing}` : "one outcome on the page (Chromium)";

/** Visible text of the page, one string. */
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

/** Exactly one verdict, agreeing with the status line, and nothing visible that contradicts it. */
async function oneOutcome(page: Page, when: string): Promise<void> {
  const result = await page.locator("#result").isVisible();
  const verdicts = await page.locator("[data-tone]").evaluateAll((es) => es.filter((e) => (e as HTMLElement).offsetParent !== null).length);
  expect(verdicts, `${when}: verdicts shown`).toBe(result ? 1 : 0);
  if (!result) return;
  // Said once: by the verdict, not again by the status line above it (that one tells a step's progress, or a problem with no verdict).
  expect(await page.locator("#status").isVisible(), `${when}: the status line repeats the outcome: ${await page.locator("#status").innerText()}`).toBe(false);
  const said = await page.locator("#verdict-headline").innerText();
  expect((await visibleText(page)).split(said).length - 1, `${when}: “${said}” said more than once`).toBe(1);
  const tone = await page.locator("#verdict").getAttribute("data-tone");
  const kind = await page.locator("#status").getAttribute("data-kind");
  if (kind === "done") expect(tone, `${when}: status Done under a ${tone} verdict`).not.toBe("problem");
  if (kind === "problem") expect(tone, `${when}: status Problem under a ${tone} verdict`).toBe("problem");
  const text = await visibleText(page);
  const headline = await page.locator("#verdict-headline").innerText();
  // The headline is said by the verdict (the status line may say it too, in its own words): never a second, other verdict.
  for (const other of ["Reset done: now enter your Wi-Fi network", "Recovered: on the Particle cloud", "changed the network settings again"]) {
    if (!headline.includes(other) && !(await page.locator("#status").innerText()).includes(other)) expect(text, `${when}: a stale “${other}”`).not.toContain(other);
  }
  if (await page.locator("#restore-result[data-state=settings-changed]").count()) {
    expect(tone, `${when}: the app broke the settings, yet the verdict is ${tone}`).toBe("problem");
    expect(await page.locator("#wifi").isVisible(), `${when}: the Wi-Fi form under broken settings`).toBe(false);
    expect(await page.locator("#changes").isVisible(), `${when}: the reset's before → after under the app's settings`).toBe(false);
    expect(text, `${when}: a confirmation of settings the app changed`).not.toMatch(/Confirmed: .*internal antenna|Internal antenna selected, as it should be/);
  }
  if (/Recovered: on the Particle cloud/.test(headline)) {
    expect(tone).toBe("recovered");
    expect(await page.locator("#wifi").isVisible()).toBe(false);
  }
  if (await page.locator("#wifi").isVisible()) expect(await page.locator("#dct-readback").getAttribute("data-state")).not.toBe("disagrees");
}

/** The Wi-Fi error: visible in the viewport, inside the form, just above its button, said once; the SSID kept. */
async function errorBesideForm(page: Page, ssid: string, said: RegExp): Promise<void> {
  const error = page.locator("#wifi-error");
  await expect.poll(() => error.isVisible(), { timeout: 30_000 }).toBe(true);
  expect(await error.innerText()).toMatch(said);
  const box = (await error.boundingBox())!;
  const form = (await page.locator("#wifi-form").boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y, "in view").toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, "in view").toBeLessThanOrEqual(viewport.height);
  expect(box.y >= form.y && box.y + box.height <= form.y + form.height, "inside the form").toBe(true);
  expect(await page.locator("#ssid").inputValue()).toBe(ssid);
  const status = await page.locator("#status").innerText();
  expect(status.match(new RegExp(said.source, "g"))?.length ?? 0, `said once in the status: ${status}`).toBeLessThanOrEqual(1);
}

// Two tabs at once, each taking half the scenarios one after another (a new demo without a reload in each).
describe.skipIf(chromiumMissing !== null)(title, { concurrent: true }, () => {
  const served = servedPage(false);

  async function demo(page: Page, name: string) {
    await page.selectOption("#demo-scenario", name);
    await page.getByRole("button", { name: "Start the demo" }).click();
    await expect.poll(() => page.locator("#status").innerText()).toMatch(/Demo started/);
    // A new demo starts clean: nothing of the last one's result, bar, form, backup or log.
    for (const id of ["#result", "#progress", "#wifi", "#backup", "#regrant"]) expect(await page.locator(id).isVisible(), `${name}: ${id} from before`).toBe(false);
    expect(await page.locator("#log").textContent()).toBe("");
    expect(await page.locator("#restore-result").textContent()).toBe("");
    expect(await page.locator("[aria-current=step]").getAttribute("id"), `${name}: the step at the start`).toBe("connect-h");
    await page.getByRole("button", { name: "Choose the Photon…" }).click();
    await page.waitForSelector("#device:not([hidden])");
    await expect.poll(() => page.locator("[aria-current=step]").getAttribute("id")).toBe("reset-h");
    await page.getByRole("button", { name: "Reset network settings" }).click();
    await allowUntil(page, async () => !(await page.locator("#result").isHidden()) || /Problem/.test(await page.locator("#status").innerText()));
    await page.waitForSelector("#result:not([hidden])", { timeout: 5000 });
  }

  const half = Math.ceil(SCENARIOS.length / 2);
  for (const [from, to] of [[0, half], [half, SCENARIOS.length]]) {
  it(`every built-in scenario (${from + 1} to ${to} of ${SCENARIOS.length}), one after another in one tab: reset, wrong then right password, restore, each with one verdict`, async () => {
    const page = await served.browser.newPage();
    await page.goto(served.url);
    await page.waitForSelector("body[data-ready=true]");
    for (const [n, name] of SCENARIOS.entries()) {
      if (n < from || n >= to) continue;
      await page.setViewportSize(n % 2 ? PHONE : DESKTOP);
      await demo(page, name);
      await oneOutcome(page, `${name}, after the reset`);
      expect(await page.locator("[aria-current=step]").count()).toBe(await page.locator("#wifi").isVisible() ? 1 : 0);
      const network = await page.locator("#demo-network").innerText();
      if (await page.locator("#wifi").isVisible() && /network is “([^”]+)”/.test(network)) {
        const ssid = /network is “([^”]+)”/.exec(network)![1];
        await page.fill("#ssid", ssid);
        await page.fill("#password", "abcd");
        await page.getByRole("button", { name: "Send to the Photon" }).click();
        await errorBesideForm(page, ssid, /A WPA2 password is 8 to 64 bytes; this one is 4\./);
        await oneOutcome(page, `${name}, after a too-short password`);
        await page.fill("#password", "not the password");
        await page.getByRole("button", { name: "Send to the Photon" }).click();
        await errorBesideForm(page, ssid, /could not join/);
        await oneOutcome(page, `${name}, after a wrong password`);
        if (!cloudRefuses(name)) {
          await page.fill("#password", /password “([^”]*)”/.exec(network)![1]);
          await page.getByRole("button", { name: "Send to the Photon" }).click();
          await expect.poll(() => page.locator("#verdict-headline").innerText(), { timeout: 30_000 }).toMatch(/Recovered: on the Particle cloud/);
          await oneOutcome(page, `${name}, on the cloud`);
        }
      }
      if (await page.locator("#restore").isVisible()) {
        await page.getByRole("button", { name: "Put my application back" }).click();
        await allowUntil(page, async () => /back/.test(await page.locator("#verdict-headline").innerText()) && await page.locator("#result").isVisible());
        await oneOutcome(page, `${name}, after putting the app back`);
      }
    }
    await page.close();
  }, 400_000);
  }
});
