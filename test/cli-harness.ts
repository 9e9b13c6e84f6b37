// A CLI context over simulated USB Photons, with firmware fixtures made here
// (binary-version-reader's test helper, test/standard-parts.ts) and output captured.
import { afterAll } from "vitest";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { SimulatedUsbBus } from "../host-shim/usb/simulated-bus.ts";
import { SimulatedUsbPhoton, type UsbPhotonOptions } from "../host-shim/usb/simulated-usb-photon.ts";
import { CancelledError, type Check, type CliContext, type Prompts } from "../cli/context.ts";
import { main } from "../cli/main.ts";
import { binName, MANIFEST_FILE, PREBUILT_DIR, SUMS_FILE } from "../cli/prebuilt.ts";
import type { Platform } from "../model/user-part.ts";
import { program } from "./helpers.ts";
import { standardParts, userPart } from "./standard-parts.ts";

export const VERSION = "9.9.9";
export { userPart };

/** Temporary folders this test file made: removed after it, so test runs leave nothing in /tmp. */
const scratch: string[] = [];
afterAll(() => { for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true }); });
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/**
 * A package root holding prebuilt firmware for both platforms and both builds,
 * as a release ships it: `bins` are the 2.3.1 builds, `bins.older` the 1.5.2 ones.
 */
export function packageRoot(): { root: string; bins: Record<Platform, Buffer> & { older: Record<Platform, Buffer> } } {
  const root = scratchDir("photon-netreset-pkg-");
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "photon-netreset", version: VERSION }));
  const dir = join(root, PREBUILT_DIR);
  mkdirSync(dir, { recursive: true });
  const bins = standardParts();
  const { older } = bins;
  const files = (["photon", "p1"] as Platform[]).flatMap((p) => [
    { name: binName(p, VERSION, "2.3.1"), bytes: bins[p] }, { name: binName(p, VERSION, "1.5.2"), bytes: older[p] }]);
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  // Written with Node's own SHA-256, not the package's (model/sha256.ts): the command's check of them meets an independent digest.
  writeFileSync(join(dir, SUMS_FILE), files.map((f) => `${createHash("sha256").update(f.bytes).digest("hex")}  ${f.name}\n`).join(""));
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ version: VERSION, buildId: `0x${program().buildId.toString(16)}`, deviceOs: "2.3.1" }));
  return { root, bins };
}

let serial = 0;
export function photon(scenario: string | Scenario, over: Partial<UsbPhotonOptions> = {}, bins?: Record<Platform, Buffer>): SimulatedUsbPhoton {
  const all = Object.values(bins ?? {}).flatMap((b: Buffer | Record<string, Buffer>) => (Buffer.isBuffer(b) ? [b] : Object.values(b)));
  const ours = new Set(all.map((b) => b.toString("base64")));
  return new SimulatedUsbPhoton({
    id: `e00fce68${String(++serial).padStart(16, "0")}`,
    platform: "photon",
    scenario: typeof scenario === "string" ? loadScenario(scenario) : scenario,
    // A .bin of ours carries the program; anything else is some other application.
    programIn: (bin) => (ours.has(bin.toString("base64")) ? program() : null),
    // Our program already running came from our .bin: the device knows its bytes (module info, DFU reads).
    userPart: over.app?.kind === "netreset" && bins ? bins[over.platform === "p1" ? "p1" : "photon"] : undefined,
    rebootMs: 5,
    ...over,
  });
}

export interface Run { code: number; out: string; err: string; asked: string[]; refused: string[]; interrupted?: Interrupted;
  /** The choices each select question offered, by label, in order. */
  offered: { question: string; labels: string[] }[] }

/** What a Ctrl-C (SIGINT) said at the moment it came: its exit code, and what it wrote to each stream. */
export interface Interrupted { code: number; out: string; err: string }

/** Ctrl-C the first time (or the nth) `pattern` shows on `stream`. */
export interface InterruptAt { stream: "out" | "err"; pattern: RegExp; nth?: number }

/** Answers, in order, as a person would type them: "y"/"n" to a yes/no question, "^C" to cancel. */
export function scriptedPrompts(answers: string[], asked: string[], refused: string[], offered: Run["offered"] = []): Prompts {
  const next = (q: string) => {
    asked.push(q);
    const a = answers.shift();
    if (a === undefined) throw new Error(`unexpected question: ${q}`);
    if (a === "^C") throw new CancelledError();
    return a;
  };
  const typed = async (q: string, check?: Check) => {
    for (;;) {
      const a = next(q);
      const problem = check?.(a);
      if (!problem) return a;
      refused.push(problem);
    }
  };
  return {
    confirm: async (q) => {
      const a = next(q);
      if (a !== "y" && a !== "n") throw new Error(`answer y or n to ${q}, not ${a}`);
      return a === "y";
    },
    text: typed,
    password: typed,
    select: async (q, options) => {
      offered.push({ question: q, labels: options.map((o) => o.label) });
      const a = next(q);
      const match = options.find((o) => o.value === a);
      if (!match) throw new Error(`${a} is not a choice of ${q}`);
      return match.value;
    },
  };
}

export async function runCli(argv: string[], devices: SimulatedUsbPhoton[], root: string,
  opts: { interactive?: boolean; answers?: string[]; env?: NodeJS.ProcessEnv; timing?: Partial<CliContext["timing"]>; cwd?: string;
    form?: CliContext["form"]; interruptAt?: InterruptAt } = {}): Promise<Run> {
  let out = "", err = "";
  let handler: (() => number) | null = null;
  let interrupted: Interrupted | undefined;
  let seen = 0;
  const watch = (stream: "out" | "err", text: string) => {
    const at = opts.interruptAt;
    if (!at || interrupted || !handler || at.stream !== stream || !at.pattern.test(text) || ++seen < (at.nth ?? 1)) return;
    const [o, e] = [out.length, err.length];
    interrupted = { code: -1, out: "", err: "" }; // what the handler writes does not fire it again
    const code = handler();
    interrupted = { code, out: out.slice(o), err: err.slice(e) };
  };
  const asked: string[] = [];
  const refused: string[] = [];
  const offered: Run["offered"] = [];
  const bus = new SimulatedUsbBus(devices);
  const ctx: CliContext = {
    usb: bus, serial: bus, root, cwd: opts.cwd ?? scratchDir("photon-netreset-cwd-"), // backups land there, not in the checkout
    io: { out: (t) => { out += t; watch("out", t); }, err: (t) => { err += t; watch("err", t); }, interactive: opts.interactive ?? false, tty: false,
      prompts: scriptedPrompts([...(opts.answers ?? [])], asked, refused, offered), env: opts.env ?? {},
      onInterrupt: (h) => { handler = h; } },
    form: opts.form,
    timing: { rebootTimeoutMs: 3000, cloudTimeoutMs: 2000, pollMs: 10, ...opts.timing },
  };
  const code = await main(argv, ctx);
  return { code, out, err, asked, refused, interrupted, offered };
}
