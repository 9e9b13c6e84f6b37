// Runs the pinned particle-cli (a devDependency) in a child process against
// simulated Photons, with no network: its cloud API is a local server that
// answers 404 to everything (and records what was asked), its update check is
// off, and HOME is a fresh directory.
import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SimulatedUsbPhoton } from "../../host-shim/usb/simulated-usb-photon.ts";
import { BusServer } from "./bus-server.ts";

const require = createRequire(import.meta.url);
export const CLI_ENTRY = join(dirname(require.resolve("particle-cli/package.json")), "src", "index.js");
export const CLI_VERSION = (require("particle-cli/package.json") as { version: string }).version;
const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), "simulated-usb-preload.cjs");

export interface CliRun { code: number | null; out: string; err: string; apiRequests: string[] }

/** A local stand-in for api.particle.io: 404 for every device look-up. */
async function localApi(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: "Not found" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

export async function particle(args: string[], devices: SimulatedUsbPhoton[], opts: { timeoutMs?: number; cwd?: string } = {}): Promise<CliRun> {
  const api = await localApi();
  const home = mkdtempSync(join(tmpdir(), "particle-cli-home-"));
  mkdirSync(join(home, ".particle"));
  writeFileSync(join(home, ".particle", "particle.config.json"), JSON.stringify({ apiUrl: api.url }));
  const bus = new BusServer(devices);
  const child = fork(CLI_ENTRY, args, {
    execArgv: ["--import", PRELOAD],
    cwd: opts.cwd ?? home,
    env: { PATH: process.env.PATH, HOME: home, PARTICLE_DISABLE_UPDATE: "1", NO_COLOR: "1", FORCE_COLOR: "0",
      SIMULATED_USB_BUS: JSON.stringify(bus.snapshot()),
      // The run's compile cache (vitest.config.ts), when there is one: particle-cli is large to load.
      ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}) },
    serialization: "advanced",
    stdio: ["pipe", "pipe", "pipe", "ipc"],
  });
  bus.serve(child);
  let out = "", err = "";
  child.stdout!.on("data", (b: Buffer) => { out += b.toString(); });
  child.stderr!.on("data", (b: Buffer) => { err += b.toString(); });
  child.stdin!.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  clearTimeout(timer);
  bus.stop();
  await new Promise((r) => api.server.close(r));
  return { code, out, err, apiRequests: api.requests };
}
