// The page under its own Content-Security-Policy: served by npm run web (the
// header, with frame-ancestors) and carrying the same policy as a meta tag
// (what GitHub Pages publishes). That the demo on every built-in scenario,
// from the chooser to the result, raises no violation under the served policy
// is checked in Chromium on the demos test/web-endings.test.ts runs (one demo
// per scenario, looked at by both).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PAGE_CSP, SERVED_CSP } from "../web/content-security-policy.ts";
import { builtPage } from "./web/browser.ts";

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
