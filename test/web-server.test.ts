// npm run web (scripts/serve-web.ts) with any web page able to send it
// requests: GET and HEAD only, its own Host only, files really inside
// web-dist, security headers on every answer, a failing read answered 500
// and the server still up, a bounded burst of concurrent and malformed
// requests on 127.0.0.1 survived; bad --port and a port in use in one line.
import { createReadStream, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer as createNetServer, connect, type AddressInfo } from "node:net";
import { request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveWeb } from "../scripts/serve-web.ts";
import { SERVED_CSP } from "../web/content-security-policy.ts";
import { runScript } from "./helpers.ts";

const outside = mkdtempSync(join(tmpdir(), "serve-web-outside-"));
writeFileSync(join(outside, "secret.txt"), "not for the web");
const site = mkdtempSync(join(tmpdir(), "serve-web-site-"));
writeFileSync(join(site, "index.html"), "<!doctype html><title>page</title>");
writeFileSync(join(site, "main.js"), "export {};\n");
writeFileSync(join(site, "broken.js"), "x".repeat(10_000));
mkdirSync(join(site, "demo"));
symlinkSync(join(outside, "secret.txt"), join(site, "leak.txt"));
symlinkSync(outside, join(site, "demo", "out"));
symlinkSync(join(site, "main.js"), join(site, "alias.js"));

/** One HTTP request with any method, path and Host; the answer's status, headers and body. */
function send(port: number, opts: { method?: string; path?: string; host?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path ?? "/", headers: { host: opts.host ?? `127.0.0.1:${port}` }, timeout: 5000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => { body += c; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}

/** Raw bytes on a socket (malformed HTTP); resolves with whatever came back when the server closed or after 3 s. */
function raw(port: number, bytes: string) {
  return new Promise<string>((resolve) => {
    let got = "";
    const s = connect(port, "127.0.0.1", () => s.write(bytes));
    s.setEncoding("utf8");
    s.on("data", (c) => { got += c; });
    s.on("error", () => resolve(got));
    s.on("close", () => resolve(got));
    setTimeout(() => { s.destroy(); resolve(got); }, 3000);
  });
}

let server: Server;
let port: number;
const logged: string[] = [];
let failNext: "open" | "midway" | null = null;

beforeAll(async () => {
  const started = await serveWeb(site, 0, {
    log: (l) => logged.push(l),
    read: (path) => {
      const how = failNext;
      failNext = null;
      if (how === "open") {
        const r = new Readable({ read() {} });
        setImmediate(() => r.destroy(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" })));
        return r;
      }
      if (how === "midway") {
        let sent = false;
        const r = new Readable({ read() { if (!sent) { sent = true; this.push("partial"); } else this.destroy(new Error("EIO: i/o error")); } });
        setImmediate(() => r.emit("open"));
        return r;
      }
      return createReadStream(path);
    },
  });
  server = started.server;
  port = (server.address() as AddressInfo).port;
});
afterAll(() => { server?.close(); });

describe("what it answers", () => {
  it("GET and HEAD of the page, with nosniff and the CSP (frame-ancestors 'none')", async () => {
    const get = await send(port);
    expect(get.status).toBe(200);
    expect(get.body).toContain("<title>page</title>");
    expect(get.headers["x-content-type-options"]).toBe("nosniff");
    expect(get.headers["content-security-policy"]).toBe(SERVED_CSP);
    expect(SERVED_CSP).toContain("frame-ancestors 'none'");
    const head = await send(port, { method: "HEAD", path: "/main.js" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-type"]).toBe("text/javascript; charset=utf-8");
  });

  for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"]) {
    it(`${method}: 405 with Allow: GET, HEAD, never the page`, async () => {
      const r = await send(port, { method });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe("GET, HEAD");
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.body).not.toContain("<title>");
    });
  }

  it("only its own Host: 127.0.0.1 or localhost with its port (no DNS rebinding)", async () => {
    expect((await send(port, { host: `localhost:${port}` })).status).toBe(200);
    for (const host of ["evil.example", `evil.example:${port}`, "127.0.0.1", `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const r = await send(port, { host });
      expect(r.status, host).toBe(421);
      expect(r.body).not.toContain("<title>");
    }
    expect(await raw(port, "GET / HTTP/1.0\r\n\r\n")).toMatch(/^HTTP\/1\.1 421/); // no Host at all
  });

  it("files really inside web-dist only: a symlink out of it is not followed; one within is", async () => {
    expect((await send(port, { path: "/leak.txt" })).status).toBe(404);
    expect((await send(port, { path: "/demo/out/secret.txt" })).status).toBe(404);
    expect((await send(port, { path: "/../../etc/passwd" })).status).toBe(404);
    expect((await send(port, { path: "/%2e%2e/%2e%2e/etc/passwd" })).status).toBe(404);
    expect((await send(port, { path: "/main.js%00.html" })).status).toBe(404);
    const alias = await send(port, { path: "/alias.js" });
    expect(alias.status).toBe(200);
    expect(alias.body).toBe("export {};\n");
  });

  it("a file that cannot be read: 500, logged, and the server answers the next request", async () => {
    failNext = "open";
    const r = await send(port, { path: "/broken.js" });
    expect(r.status).toBe(500);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(logged.some((l) => /broken\.js failed: EACCES/.test(l))).toBe(true);
    failNext = "midway";
    await send(port, { path: "/broken.js" }).catch(() => null); // cut short: the connection is dropped
    expect(logged.some((l) => /broken\.js failed: EIO/.test(l))).toBe(true);
    expect((await send(port)).status).toBe(200);
  });
});

describe("a bounded burst of concurrent and malformed requests on 127.0.0.1", () => {
  it("200 requests at once (good, wrong method, wrong host, bad paths, broken HTTP) within 20 s; it still answers", async () => {
    const started = Date.now();
    const malformed = [
      "GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n", `GET /${"a".repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      `GET / HTTP/1.1\r\n${"X-Big: y\r\n".repeat(2000)}\r\n`, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "\u0000\u0001\u0002\r\n\r\n",
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, // never finished: the socket is dropped after 3 s
    ];
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      const kind = i % 6;
      if (kind === 0) jobs.push(send(port).then((r) => expect(r.status).toBe(200)));
      else if (kind === 1) jobs.push(send(port, { method: "POST" }).then((r) => expect(r.status).toBe(405)));
      else if (kind === 2) jobs.push(send(port, { host: "rebind.example" }).then((r) => expect(r.status).toBe(421)));
      else if (kind === 3) jobs.push(send(port, { path: "/%E0%A4%A" }).then((r) => expect(r.status).toBe(400)));
      else if (kind === 4) jobs.push(send(port, { path: "/nothing-here.js" }).then((r) => expect(r.status).toBe(404)));
      else jobs.push(raw(port, malformed[i % malformed.length]));
    }
    await Promise.all(jobs);
    expect(Date.now() - started).toBeLessThan(20_000);
    const after = await send(port);
    expect(after.status).toBe(200);
    expect(after.body).toContain("<title>page</title>");
  }, 30_000);
});

describe("npm run web's command line", () => {
  for (const port of ["abc", "99999", "-1", "80.5", ""]) {
    it(`--port ${JSON.stringify(port)}: one line, exit 2`, () => {
      const r = runScript("scripts/serve-web.ts", ["--port", port, "--dir", site]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/--port must be a whole number from 0 to 65535/);
    });
  }

  it("a port in use: one line, exit 3", async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const used = (blocker.address() as AddressInfo).port;
    try {
      const r = runScript("scripts/serve-web.ts", ["--port", String(used), "--dir", site]);
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split("\n")).toEqual([`Port ${used} on 127.0.0.1 is in use: stop what uses it, or choose another with --port N.`]);
    } finally {
      blocker.close();
    }
  });
});
