// npm run build:web, npm run web, and the release workflow's Pages job.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { browserOnly, buildWeb, pageSizes } from "../scripts/build-web.ts";
import { serveWeb } from "../scripts/serve-web.ts";
import { PREBUILT_DIR } from "../cli/prebuilt.ts";
import { packageRoot, VERSION } from "./simulated-photons.ts";

const tmp = (name: string) => join(mkdtempSync(join(tmpdir(), "photon-netreset-")), name);

describe("npm run build:web", () => {
  it("writes index.html, the bundles, the demo's files, and the release's firmware beside the page", async () => {
    const { root } = packageRoot();
    const out = await buildWeb({ outDir: tmp("web-dist"), prebuiltDir: join(root, PREBUILT_DIR) });
    expect(readFileSync(join(out, "index.html"), "utf8")).toMatch(/<script type="module" src="main\.js">/);
    expect(existsSync(join(out, "main.js"))).toBe(true);
    expect(readdirSync(join(out, "firmware")).sort()).toEqual(
      ["SHA256SUMS", "manifest.json", ...["p1", "photon"].flatMap((p) => ["1.5.2", "2.3.1"].map((d) => `photon-netreset-${p}-${VERSION}-deviceos-${d}.bin`))]);
    expect(readdirSync(join(out, "demo")).sort()).toEqual(
      ["netreset.wasm", "photon-netreset-p1-demo.bin", "photon-netreset-photon-demo.bin", "scenarios"]);
    expect(JSON.parse(readFileSync(join(out, "demo/scenarios/index.json"), "utf8"))).toContain("forum-static-ip-external-antenna");
    // The simulator is in its own chunk, loaded only for the demo.
    const main = readFileSync(join(out, "main.js"), "utf8");
    expect(main).not.toMatch(/netreset\.wasm/);
    expect(readdirSync(out).some((f) => /^demo-.*\.js$/.test(f))).toBe(true);
  });

  it("has no firmware/ folder without a release (the page then asks for a .bin), and index.html says there is none", async () => {
    const out = await buildWeb({ outDir: tmp("web-dist"), prebuiltDir: tmp("empty") });
    expect(existsSync(join(out, "firmware"))).toBe(false);
    expect(readFileSync(join(out, "index.html"), "utf8")).not.toMatch(/data-release/); // so the page asks for no manifest (no 404)
  });

  it("publishes no source maps, keeps the device code out of what loads up front, and prints the page's size (gzip)", async () => {
    const { root } = packageRoot();
    const out = await buildWeb({ outDir: tmp("web-dist"), prebuiltDir: join(root, PREBUILT_DIR) });
    const all = readdirSync(out, { recursive: true }).map(String);
    expect(all.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(readFileSync(join(out, "index.html"), "utf8")).toMatch(/<html lang="en" data-release="firmware\/">/);
    const sizes = pageSizes(out);
    // particle-usb and the CLI's flow are in the device steps' chunk, imported only when needed.
    const device = all.find((f) => /^device-steps-.*\.js$/.test(f))!;
    expect(device).toBeDefined();
    expect(sizes.upFront).toBeLessThan(40 * 1024);
    expect(sizes.upFront).toBeLessThan(sizes.files[device]);
    const { execFileSync } = await import("node:child_process");
    const printed = execFileSync(process.execPath, ["--import", "tsx", "scripts/build-web.ts"], { encoding: "utf8" });
    expect(printed).toMatch(/The page's size, gzip: \d+\.\d KB up front \(index\.html, style\.css, main\.js/);
    expect(printed).toMatch(/device-steps-\w+\.js +\d+\.\d KB\n/);
  });

  it("fails when page code imports a Node-only module (no silent stubs outside the demo's file loaders)", async () => {
    const entry = tmp("entry.ts");
    writeFileSync(entry, 'import { spawn } from "node:child_process";\nimport { readFileSync } from "node:fs";\nconsole.log(spawn, readFileSync);\n');
    await expect(build({ entryPoints: [entry], bundle: true, write: false, platform: "browser", logLevel: "silent", plugins: [browserOnly] }))
      .rejects.toThrow(/node:child_process \(imported by .*entry\.ts\) is Node-only[\s\S]*node:fs \(imported by .*entry\.ts\) is Node-only/);
  });
});

describe("npm run web", () => {
  const get = (url: string) => new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    request(url, (res) => {
      let body = "";
      res.on("data", (c) => { body += c; });
      res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body }));
    }).on("error", reject).end();
  });

  it("serves the folder on 127.0.0.1 only, with the right types, and nothing outside it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "photon-netreset-serve-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html>hi");
    writeFileSync(join(dir, "a.wasm"), "x");
    const { server, url } = await serveWeb(dir, 0);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(server.address()).toMatchObject({ address: "127.0.0.1" });
      expect(await get(url)).toMatchObject({ status: 200, type: "text/html; charset=utf-8", body: "<!doctype html>hi" });
      expect((await get(`${url}a.wasm`)).type).toBe("application/wasm");
      expect((await get(`${url}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
      expect((await get(`${url}missing.js`)).status).toBe(404);
      // A malformed percent-encoding (any page open in the browser can send it): 400, and the server keeps serving.
      expect(await get(`${url}%E0%A4%A`)).toMatchObject({ status: 400, body: expect.stringMatching(/bad request/) });
      expect((await get(url)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});

describe("release workflow: the page on GitHub Pages", () => {
  const release = readFileSync(".github/workflows/release.yml", "utf8");
  const pages = release.slice(release.indexOf("\n  pages:"));

  it("is its own job at the end, after the release, with only the permissions Pages needs", () => {
    expect(release.indexOf("\n  pages:")).toBeGreaterThan(release.indexOf("\n  release:"));
    expect(pages).toMatch(/needs: release/);
    expect(pages).toMatch(/permissions:\n {6}contents: read\n {6}pages: write\n {6}id-token: write/);
    expect(pages).toMatch(/environment:\n {6}name: github-pages/);
  });

  it("builds the page with the release's checked .bin files and SHA256SUMS beside it, then uploads and deploys it", () => {
    const order = ["pattern: firmware-*", "npm run release:prepare", "npm run release:check", "npm run build:web",
      "web-dist/firmware/SHA256SUMS", "actions/upload-pages-artifact@v5.0.0", "actions/deploy-pages@v5.0.0"].map((s) => pages.indexOf(s));
    expect(order.every((i) => i > 0), String(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(pages).toMatch(/upload-pages-artifact@v5\.0\.0\n {8}with:\n {10}path: web-dist/);
  });
});
