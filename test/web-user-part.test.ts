// The page's file button, in Chromium, with corrupted user parts chosen by
// the owner: every one refused before a byte is sent ("Nothing was sent"),
// the Photon's own application untouched. The five crafted parts from the
// adversarial run, then a fast-check sample of corruptions (fixed seed: the
// browser is slow, so the sample is small; the wide property runs in Node,
// user-part-header.test.ts).
import fc from "fast-check";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { photon } from "./simulated-photons.ts";
import { corruptedUserPart, REPORTED } from "./crafted-user-parts.ts";
import { bridge } from "./web/bridge.ts";
import { chromiumMissing, servedPage } from "./web/browser.ts";

const title = chromiumMissing ? `the page's file button in Chromium: SKIPPED, ${chromiumMissing}` : "the page's file button in Chromium";

describe.skipIf(chromiumMissing !== null)(title, () => {
  const served = servedPage(true);
  const status = (page: Page) => page.locator("#status").textContent();

  const parts: [string, Buffer][] = [
    ...Object.entries(REPORTED),
    ...fc.sample(corruptedUserPart, { numRuns: 12, seed: 28 }).map(({ c, fixCrc, bin }) => [`${JSON.stringify(c)}, CRC ${fixCrc ? "recomputed" : "stale"}`, bin] as [string, Buffer]),
  ];

  it(`refuses ${parts.length} corrupted user parts before sending a byte, one after another on the same page`, async () => {
    // Three tabs at once, each with its own simulated Photon, offered one part after another as an owner
    // would try file after file: each refusal leaves the page ready for the next choice, and nothing is sent.
    const lanes = [0, 1, 2].map((lane) => parts.map((p, i) => [i, ...p] as const).filter(([i]) => i % 3 === lane));
    await Promise.all(lanes.map(async (lane) => {
      const d = photon("forum-static-ip-external-antenna", {}, served.release!.bins);
      const page = await served.browser.newPage();
      await bridge(page, [d]);
      await page.goto(served.url);
      await page.waitForSelector("body[data-ready=true]");
      await page.getByRole("button", { name: "Choose the Photon…" }).click();
      await page.waitForSelector("#device:not([hidden])");
      for (const [i, name, bin] of lane) {
        // Each part under its own file name, so its refusal is told from the one before.
        const file = `app-${i}.bin`;
        await page.locator("#bin").setInputFiles({ name: file, mimeType: "application/octet-stream", buffer: bin });
        await page.getByRole("button", { name: "Reset network settings" }).click();
        await expect.poll(() => status(page), { message: name }).toMatch(new RegExp(`Refusing to flash ${file.replace(".", "\\.")}`));
        expect(await status(page), name).toMatch(/The firmware was refused\. Nothing was sent to the Photon\./);
        expect(d.flashed, name).toEqual([]);
        expect(d.app.kind, name).toBe("other"); // still the owner's application: no update was started
      }
      await page.close();
    }));
  }, 240_000);
});
