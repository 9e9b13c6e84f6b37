// The browser tier's global setup: the page built once and one Chromium
// started once for the whole run; every browser test file connects to it and
// opens its own contexts and pages (test/web/browser.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { buildWeb } from "../../scripts/build-web.ts";
import { CHROMIUM_OPTIONS, chromiumMissing } from "../web/chromium.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "photon-netreset-web-"));
  let server: BrowserServer | undefined;
  const teardown = async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    project.provide("webDist", await buildWeb({ outDir: join(dir, "web-dist"), prebuiltDir: "/nonexistent" }));
    if (!chromiumMissing) server = await chromium.launchServer(CHROMIUM_OPTIONS);
    project.provide("chromiumWs", server?.wsEndpoint() ?? "");
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
