// The page under its own Content-Security-Policy, in Chromium: served by npm
// run web (the header, with frame-ancestors) and carrying the same policy as
// a meta tag (what GitHub Pages publishes); the demo run on every built-in
// scenario, from the chooser to the result, raises no CSP violation.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInScenarioNames } from "../host-shim/scenario.ts";
import { serveWeb } from "../scripts/serve-web.ts";
import { PAGE_CSP, SERVED_CSP } from "../web/content-security-policy.ts";
import { builtPage, chromiumMissing, launch, siteWith } from "./web/browser.ts";

let built: string;
beforeAll(async () => {
  built = await builtPage(); // the run's own build in the browser tier
}, 120_000);

describe("the published page carries the CSP as a meta tag", () => {
  it("index.html's first tags: charset, then the policy, before any script or stylesheet", () => {
    const html = readFileSync(join(built, "index.html"), "utf8");
    const meta = `<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`;
    expect(html).toContain(meta);
    expect(html.indexOf(meta)).toBeLessThan(html.indexOf("<script"));
    expect(html.indexOf(meta)).toBeLessThan(html.indexOf("<link"));
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\sstyle="/); // no inline style
    expect(SERVED_CSP).toBe(`${PAGE_CSP}; frame-ancestors 'none'`);
  });
});

// Each scenario's demo in a browser context of its own, the demos at once (they wait more than they compute).
describe.skipIf(chromiumMissing !== null)("the page raises no CSP violation (Chromium)", { concurrent: true }, () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const site = await serveWeb(siteWith(built, null), 0);
    server = site.server;
    url = site.url;
  }, 60_000);
  afterAll(() => {
    server?.close();
  });

  for (const scenario of builtInScenarioNames()) {
    it(`demo on ${scenario}: from start to the result, no violation`, async ({ expect }) => {
      const browser = await launch();
      const page = await browser.newPage();
      const problems: string[] = [];
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      page.on("console", (m) => { if (/CSP violation|Content Security Policy|Refused to/.test(m.text())) problems.push(m.text()); });
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      const response = await page.goto(url);
      expect(response?.headers()["content-security-policy"]).toBe(SERVED_CSP);
      await page.waitForSelector("body[data-ready=true]");
      await page.selectOption("#demo-scenario", scenario);
      await page.click("#demo-start");
      await page.click("#connect");
      await page.waitForSelector("#device:not([hidden])");
      await page.click("#reset");
      const deadline = Date.now() + 45_000;
      while (!(await page.locator("#result").isVisible()) && Date.now() < deadline) {
        // The button may hide between the two calls: a short click timeout, not playwright's 30 s.
        if (await page.locator("#regrant-button").isVisible()) await page.click("#regrant-button", { timeout: 3_000 }).catch(() => {});
        await page.waitForTimeout(100);
      }
      expect(await page.locator("#result").isVisible(), `${scenario}: no result within 45 s`).toBe(true);
      expect(problems).toEqual([]);
      await browser.close();
    }, 60_000);
  }
});
