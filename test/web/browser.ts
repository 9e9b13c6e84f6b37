// Debian's Chromium driven by playwright-core (which never downloads a
// browser): a fresh profile per launch, and the page served on 127.0.0.1.
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { PREBUILT_DIR } from "../../cli/prebuilt.ts";
import { buildWeb, markRelease } from "../../scripts/build-web.ts";
import { serveWeb } from "../../scripts/serve-web.ts";
import { packageRoot } from "../cli-harness.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const chromiumMissing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run installs it)`;
export const ARTIFACTS = "test-artifacts/web";

export async function launch(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), "photon-netreset-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    viewport: { width: 1000, height: 900 },
  });
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

export interface ServedPage {
  browser: BrowserContext;
  url: string;
  /** The release files served beside the page (stand-in .bin files), or null for a local build without one. */
  release: ReturnType<typeof packageRoot> | null;
}

/**
 * For one describe block: the page built once and served on 127.0.0.1 (with a
 * release beside it, or as a local build without one), and a browser; both
 * closed after the block. The fields are there once its beforeAll has run.
 */
export function servedPage(withRelease: boolean): ServedPage {
  const served = {} as ServedPage;
  let server: Server | undefined;
  beforeAll(async () => {
    const built = await buildWeb({ outDir: join(mkdtempSync(join(tmpdir(), "photon-netreset-web-")), "web-dist"), prebuiltDir: "/nonexistent" });
    served.release = withRelease ? packageRoot() : null;
    const site = await serveWeb(siteWith(built, served.release ? join(served.release.root, PREBUILT_DIR) : null), 0);
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
