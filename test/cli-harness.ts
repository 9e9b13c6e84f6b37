// A CLI context over simulated USB Photons (simulated-photons.ts), with
// prompts scripted and output captured.
import { SimulatedUsbBus } from "../host-shim/usb/simulated-bus.ts";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { CancelledError, type Check, type CliContext, type Prompts } from "../cli/context.ts";
import { main } from "../cli/main.ts";
import { scratchDir } from "./simulated-photons.ts";

export * from "./simulated-photons.ts";

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
