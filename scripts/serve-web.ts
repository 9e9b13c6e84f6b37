// npm run web: serves web-dist/ on 127.0.0.1 only (WebUSB needs a secure
// context; http://127.0.0.1 is one). Usage: npm run web [-- --port N] [--dir DIR]
// Any web page the owner has open can send requests to it, so it answers
// only GET and HEAD, only for its own host name (DNS rebinding), only files
// really inside web-dist, and a failing read costs that request, never the server.
import { createReadStream, existsSync, realpathSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, sep } from "node:path";
import type { Readable } from "node:stream";
import { SERVED_CSP } from "../web/content-security-policy.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".map": "application/json", ".wasm": "application/wasm", ".bin": "application/octet-stream",
  ".png": "image/png", ".svg": "image/svg+xml",
};

/** On every answer: no MIME sniffing, the page's CSP (no framing), no referrer to other sites. */
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff", "content-security-policy": SERVED_CSP, "x-frame-options": "DENY", "referrer-policy": "no-referrer",
} as const;

export interface ServeOptions {
  /** How a file is read (a test makes it fail); createReadStream by default. */
  read?: (path: string) => Readable;
  /** Where a failed read is reported; console.error by default. */
  log?: (line: string) => void;
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", ...headers }).end(`${text}\n`);
}

/** The file under `root` (a real path) that `path` names, or null: outside it (.., a symlink out), missing, or not a file. */
function resolveInside(root: string, path: string): string | null {
  const wanted = join(root, path.endsWith("/") ? `${path}index.html` : path);
  try {
    const real = realpathSync(wanted);
    return real.startsWith(root + sep) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Serves `dir` on 127.0.0.1; resolves with the server and its URL (port 0: any free port). */
export function serveWeb(dir: string, port = 8080, opts: ServeOptions = {}): Promise<{ server: Server; url: string }> {
  const root = realpathSync(dir);
  const read = opts.read ?? ((path: string) => createReadStream(path));
  const log = opts.log ?? ((line: string) => console.error(line));
  let hosts: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!hosts.includes((req.headers.host ?? "").toLowerCase())) {
      answer(res, 421, `this server answers only for ${hosts.join(" or ")}`);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      answer(res, 405, "only GET and HEAD", { allow: "GET, HEAD" });
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      // "/%E0%A4%A" throws URIError: any page in the browser can send it to 127.0.0.1; it must not stop the server.
      answer(res, 400, "bad request: the path is not valid percent-encoded UTF-8");
      return;
    }
    const file = path.includes("\0") ? null : resolveInside(root, path);
    if (!file) {
      answer(res, 404, "not found");
      return;
    }
    const stream = read(file);
    stream.once("error", (e: Error) => {
      log(`serve-web: reading ${file} failed: ${e.message}`);
      if (!res.headersSent) answer(res, 500, "the file could not be read");
      else res.destroy();
    });
    stream.once("open", () => {
      res.writeHead(200, { ...SECURITY_HEADERS, "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
      if (req.method === "HEAD") {
        stream.destroy();
        res.end();
      } else stream.pipe(res);
    });
    res.once("close", () => stream.destroy()); // the client went away: stop reading
  };
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      log(`serve-web: ${(e as Error).message}`);
      if (!res.headersSent) answer(res, 500, "internal error");
      else res.destroy();
    }
  });
  // A request that never finishes its headers does not hold a connection for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // A malformed request: a 400 on that connection, nothing else.
  server.on("clientError", (_e, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      server.on("error", (e) => log(`serve-web: ${e.message}`));
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      hosts = [`127.0.0.1:${actual}`, `localhost:${actual}`];
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

/** `--port N`: a whole number from 0 to 65535, or a one-line reason. */
export function parsePort(argv: string[]): number | string {
  const i = argv.indexOf("--port");
  if (i < 0) return 8080;
  const text = argv[i + 1] ?? "";
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) return `--port must be a whole number from 0 to 65535, not ${JSON.stringify(text.slice(0, 20))}`;
  return Number(text);
}

/** npm run web: exit 2 for a bad --port, 1 without a built page, 3 when the port cannot be used; else serves until stopped. */
async function main(argv: string[]): Promise<number | null> {
  const port = parsePort(argv);
  if (typeof port === "string") {
    console.error(port);
    return 2;
  }
  const d = argv.indexOf("--dir");
  const dir = d >= 0 ? (argv[d + 1] ?? "") : join(process.cwd(), "web-dist");
  if (!existsSync(join(dir, "index.html"))) {
    console.error(`${d >= 0 ? dir : "web-dist"}/index.html is missing: run \`npm run build:web\` first.`);
    return 1;
  }
  try {
    const { url } = await serveWeb(dir, port);
    console.log(`Serving web-dist/ at ${url} (Ctrl+C stops it). Open it in Chrome or Edge.`);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Port ${port} on 127.0.0.1 is in use: stop what uses it, or choose another with --port N.`
      : code === "EACCES" ? `Port ${port} needs privileges this user does not have: choose one from 1024 up with --port N.`
      : `Cannot serve on 127.0.0.1:${port}: ${(e as Error).message}`);
    return 3;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await main(process.argv.slice(2));
  if (code !== null) process.exit(code);
}
