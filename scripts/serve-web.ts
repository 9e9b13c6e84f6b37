// npm run web: serves web-dist/ on 127.0.0.1 only (WebUSB needs a secure
// context; http://127.0.0.1 is one). Usage: npm run web [-- --port N]
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".map": "application/json", ".wasm": "application/wasm", ".bin": "application/octet-stream",
  ".png": "image/png", ".svg": "image/svg+xml",
};

/** Serves `dir` on 127.0.0.1; resolves with the server and its URL (port 0: any free port). */
export function serveWeb(dir: string, port = 8080): Promise<{ server: Server; url: string }> {
  const root = normalize(dir) + sep;
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      // "/%E0%A4%A" throws URIError: any page in the browser can send it to 127.0.0.1; it must not stop the server.
      res.writeHead(400, { "content-type": "text/plain" }).end("bad request: the path is not valid percent-encoded UTF-8\n");
      return;
    }
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/` });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = join(process.cwd(), "web-dist");
  if (!existsSync(join(dir, "index.html"))) {
    console.error("web-dist/index.html is missing: run `npm run build:web` first.");
    process.exit(1);
  }
  const i = process.argv.indexOf("--port");
  const { url } = await serveWeb(dir, i > 0 ? Number(process.argv[i + 1]) : 8080);
  console.log(`Serving web-dist/ at ${url} (Ctrl+C stops it). Open it in Chrome or Edge.`);
}
