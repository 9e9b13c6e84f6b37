// The browser tests' Chromium and page. In the browser tier, the page is
// built once per run and one Chromium serves every file (test/setup/browser.ts):
// each describe block gets its own browser context (a fresh profile, as a
// launch gave) over that one browser. A browser test run outside the tier
// builds and launches its own, as before.
import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { PREBUILT_DIR } from "../../cli/prebuilt.ts";
import { buildWeb, markRelease } from "../../scripts/build-web.ts";
import { serveWeb } from "../../scripts/serve-web.ts";
import { packageRoot } from "../simulated-photons.ts";
import { CHROMIUM_OPTIONS, CONTEXT_OPTIONS } from "./chromium.ts";
import { acceptBridgeSockets } from "./bridge-socket.ts";

export { CHROMIUM, chromiumMissing } from "./chromium.ts";

// playwright-core is CommonJS: required, not imported. Node's ESM import of it first scans the
// whole bundle for its export names, about 0.4 s more in every browser test file.
const { chromium } = createRequire(import.meta.url)("playwright-core") as typeof import("playwright-core");
export const ARTIFACTS = "test-artifacts/web";

/**
 * This test file's connection to the run's Chromium. It stays open until the
 * file's worker ends (vitest ends it after the file); the browser server then
 * drops the contexts made over it.
 */
let connection: Promise<Browser> | null = null;

/** A browser context of its own: over the run's shared Chromium when there is one, else in a Chromium launched for it. */
export async function launch(): Promise<BrowserContext> {
  const ws = inject("chromiumWs");
  if (!ws) {
    const profile = mkdtempSync(join(tmpdir(), "photon-netreset-chromium-"));
    return chromium.launchPersistentContext(profile, { ...CHROMIUM_OPTIONS, ...CONTEXT_OPTIONS });
  }
  connection ??= chromium.connect(ws);
  return (await connection).newContext(CONTEXT_OPTIONS);
}

/** The page as built for a local run (no release beside it): built once per run in the browser tier. */
export async function builtPage(): Promise<string> {
  return inject("webDist") ?? buildWeb({ outDir: join(mkdtempSync(join(tmpdir(), "photon-netreset-web-")), "web-dist"), prebuiltDir: "/nonexistent" });
}

/** A copy of web-dist/ with `release` (a folder of release files) published beside it as firmware/. */
export function siteWith(webDist: string, release: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), "photon-netreset-site-"));
  cpSync(webDist, dir, { recursive: true });
  if (release) {
    cpSync(release, join(dir, "firmware"), { recursive: true });
    markRelease(dir); // as npm run build:web does when it copies a release in
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return dir;
}

/** Serves `dir` on 127.0.0.1 as npm run web does, and lets its pages reach their simulated Photons (bridge.ts). */
export async function serveSite(dir: string): Promise<{ server: Server; url: string }> {
  const site = await serveWeb(dir, 0);
  acceptBridgeSockets(site.server);
  return site;
}

export interface ServedPage {
  browser: BrowserContext;
  url: string;
  /** The release files served beside the page (stand-in .bin files), or null for a local build without one. */
  release: ReturnType<typeof packageRoot> | null;
}

/**
 * For one describe block: the page served on 127.0.0.1 (with a release beside
 * it, or as a local build without one), and a browser context; both closed
 * after the block. The fields are there once its beforeAll has run.
 */
export function servedPage(withRelease: boolean): ServedPage {
  const served = {} as ServedPage;
  let server: Server | undefined;
  beforeAll(async () => {
    const built = await builtPage();
    served.release = withRelease ? packageRoot() : null;
    const site = await serveSite(siteWith(built, served.release ? join(served.release.root, PREBUILT_DIR) : null));
    server = site.server;
    served.url = site.url;
    served.browser = await launch();
  });
  afterAll(async () => {
    await served.browser?.close();
    server?.close();
  });
  return served;
}
