// Debian's Chromium driven by playwright-core (which never downloads a
// browser): a fresh profile per launch, and the page served on 127.0.0.1.
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { markRelease } from "../../scripts/build-web.ts";

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
