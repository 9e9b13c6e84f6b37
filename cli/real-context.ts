// The command with the real USB, serial port and terminal: the context, and
// running it to an exit code. cli/run.ts (the installed command) and the
// checkout's npm scripts (scripts/checkout-cli.ts) both start here.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT, REAL_TIMING, type CliContext, type Io } from "./context.ts";
import { main } from "./main.ts";
import { realSerial, realUsb } from "./real-backends.ts";
import { terminalPrompts } from "./terminal-prompts.ts";

/** The package's root (firmware/prebuilt/ lives there), from source or from cli-dist/. */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "photon-netreset") return dir;
  }
  throw new Error("photon-netreset's package.json not found");
}

export function realContext(form: CliContext["form"] = "installed"): CliContext {
  const io: Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    tty: Boolean(process.stderr.isTTY),
    prompts: terminalPrompts,
    env: process.env,
    // A question's Ctrl-C is the prompt's (raw mode); anywhere else it is SIGINT.
    onInterrupt: (handler) => { process.once("SIGINT", () => process.exit(handler())); },
  };
  // Under `npm run`, the folder the owner ran it from is INIT_CWD (npm runs scripts in the package's root).
  return { usb: realUsb, serial: realSerial, io, timing: REAL_TIMING, root: packageRoot(), cwd: process.env.INIT_CWD ?? process.cwd(), form };
}

export function start(ctx: CliContext, argv = process.argv.slice(2)): void {
  // Output piped into `head` that closed early: nothing more to say, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok); else throw e; });
  }
  main(argv, ctx).then((code) => {
    process.exitCode = code;
  }, (e: Error) => {
    // Every error the CLI can foresee has its own message and exit code; this is a bug.
    process.stderr.write(`photon-netreset failed unexpectedly; this is a bug, please report it with this text:\n${e.stack ?? e.message}\n`);
    process.exitCode = EXIT.failed;
  });
}
