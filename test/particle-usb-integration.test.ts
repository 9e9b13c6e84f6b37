// particle-usb's own integration tests (node_modules/particle-usb/test/integration,
// written for real devices), run unchanged with mocha against two simulated
// Photons on Device OS 2.3.1: their node-usb is pointed at the simulated bus
// by the preload particle-cli's interop test uses. The cellular suite is not
// run: a Photon is not a cellular device.
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../host-shim/scenario.ts";
import { BusServer } from "./particle-cli/bus-server.ts";
import { photon } from "./cli-harness.ts";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const MOCHA = join(dirname(require.resolve("mocha/package.json")), "bin", "mocha");
const SUITES = ["device-base.js", "device-quirks.js"].map((f) => join(dirname(require.resolve("particle-usb/package.json")), "test", "integration", f));

async function mocha(files: string[]): Promise<{ code: number | null; out: string }> {
  const devices = [0, 1].map(() => {
    const d = photon(loadScenario("healthy"), { app: { kind: "other", name: "Tinker" } });
    d.os.start();
    d.os.connect();
    return d;
  });
  const bus = new BusServer(devices);
  const child = fork(MOCHA, ["--timeout", "60000", "--reporter", "spec", ...files], {
    execArgv: ["--import", join(here, "particle-cli", "simulated-usb-preload.cjs"), "--import", join(here, "particle-usb", "integration-stubs.cjs")],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, RUN_INTEGRATION_TESTS: "1", NO_COLOR: "1", SIMULATED_USB_BUS: JSON.stringify(bus.snapshot()) },
    serialization: "advanced", stdio: ["pipe", "pipe", "pipe", "ipc"],
  });
  bus.serve(child);
  let out = "";
  child.stdout!.on("data", (b: Buffer) => { out += b.toString(); });
  child.stderr!.on("data", (b: Buffer) => { out += b.toString(); });
  child.stdin!.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  clearTimeout(timer);
  bus.stop();
  return { code, out };
}

describe("particle-usb's own integration tests against the simulated Photon (2.3.1)", () => {
  it("device-base and device-quirks pass, unchanged", async () => {
    const { code, out } = await mocha(SUITES);
    expect(out, out).toMatch(/\b5 passing\b/);
    expect(out).not.toMatch(/failing|pending/);
    expect(code, out).toBe(0);
  }, 150_000);
});
