// photon-netreset: recover a USB-connected Photon or P1 (flash), look at one
// (doctor), run the reset again (rerun), or enter Wi-Fi credentials (wifi).
// Commander parses the command line and writes the help; this file runs the
// chosen command and turns every outcome into an exit code and, with --json,
// exactly one JSON object on stdout.
import { Command, CommanderError, Option } from "commander";
import { commandWords } from "../recovery/actions.ts";
import { interruptedAt } from "../recovery/interrupted.ts";
import { CancelledError, CliError, EXIT, EXIT_MEANINGS, NOTHING_DONE, type CliContext, type CommandContext } from "./context.ts";
import { terminalRenderer } from "./render.ts";
import { doctorCommand } from "./doctor-command.ts";
import { packageVersion } from "./firmware.ts";
import { flashCommand } from "./flash-command.ts";
import { nonEmpty, PASSWORD_ENV, type CommandResult } from "./options.ts";
import { rerunCommand } from "./rerun-command.ts";
import { restoreCommand } from "./restore-command.ts";
import { wifiCommand } from "./wifi-command.ts";
import { reportTarget, reportWriter } from "./report-option.ts";
import { CLI_SECURITIES } from "../recovery/wifi-setup.ts";

export { PASSWORD_ENV };

/** How many single-character edits turn `a` into `b` (for "did you mean"). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** `text` in lines of at most `width` characters, broken between words, each line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const room = width - (lines.length ? indent.length : 0);
    if (line && line.length + 1 + word.length > room) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

/** The exit codes for --help, in 80 columns: "  130  meaning", continued under the meaning. */
export const EXIT_CODES_HELP = `Exit codes:\n${EXIT_MEANINGS.map(([c, m]) => `  ${String(c).padStart(3)}  ${wrap(m, 80 - 7, " ".repeat(7))}`).join("\n")}`;

const COMMANDS = {
  flash: flashCommand, doctor: doctorCommand, rerun: rerunCommand, wifi: wifiCommand, restore: restoreCommand,
} as const satisfies Record<string, (ctx: CommandContext, opts: never) => Promise<CommandResult>>;
type CommandName = keyof typeof COMMANDS;

/** The command line: commands, their own options (an option another command takes is an error here), help. */
function program(version: string, chosen: (name: CommandName, opts: Record<string, unknown>) => void, write: { out(t: string): void; err(t: string): void }): Command {
  const root = new Command("photon-netreset")
    .description("Recover a Particle Photon or P1 over USB: reset its network settings with a tiny firmware, and show what changed.\nIn a checkout: npm run flash / npm run doctor.")
    .version(version, "-V, --version", "print the version")
    .helpOption("-h, --help", "this text (photon-netreset help COMMAND: a command's options)")
    .addHelpText("after", `\n${EXIT_CODES_HELP}\n\nDemo without a device:\n  photon-netreset flash --simulate forum-static-ip-external-antenna`)
    .exitOverride()
    .configureOutput({ writeOut: write.out, writeErr: write.err })
    .showHelpAfterError("(photon-netreset --help lists the commands; photon-netreset help COMMAND its options)")
    .showSuggestionAfterError(true);
  const device = () => new Option("--device <id>", "the device to use when several are connected (id or a unique prefix)").argParser(nonEmpty);
  const json = () => new Option("--json", "one JSON object on stdout (progress stays on stderr)");
  const simulate = () => new Option("--simulate <scenario>", "no device: run against a simulated USB Photon made from this built-in scenario or scenario file").argParser(nonEmpty);
  const ssid = () => new Option("--ssid <name>", `Wi-Fi network to enter, for scripts; the password is read from ${PASSWORD_ENV}`).argParser(nonEmpty);
  const report = () => new Option("--report <file>", "also write a report to share (a forum post, a support ticket) to this new file: no password, key or claim code, the device id shortened").argParser(nonEmpty);
  const fullId = () => new Option("--full-id", "with --report: the whole device id in the report");
  const security = () => new Option("--security <type>", "security of the --ssid network").choices(CLI_SECURITIES).default(undefined, "wpa2");
  const command = (name: CommandName, description: string, ...options: Option[]) => {
    const c = root.command(name).description(description).exitOverride().configureOutput({ writeOut: write.out, writeErr: write.err })
      .showHelpAfterError(`(photon-netreset help ${name} lists its options)`).addHelpText("after", `\n${EXIT_CODES_HELP}`);
    for (const o of [...options, device(), json(), simulate()]) c.addOption(o);
    // A command's arguments come first, then its options (restore FILE: `file`).
    return c.action((...args: unknown[]) => chosen(name, { ...(args.at(-2) as Record<string, unknown>), ...(args.length > 2 ? { file: args[0] } : {}) }));
  };
  command("flash", "put the network-reset firmware on a USB-connected Photon or P1, wait for it to reset dynamic IP, internal antenna and stored networks, show what changed, and offer to enter Wi-Fi credentials",
    new Option("--all", "flash every connected Photon/P1, one after another"),
    new Option("--bin <file>", "flash this .bin instead of the bundled firmware (checked before any device is touched)").argParser(nonEmpty),
    new Option("--force", "flash even when the device already runs this build"),
    ssid(), security(), new Option("--no-wifi", "do not offer to enter Wi-Fi credentials (enter them later with: photon-netreset wifi)"),
    new Option("--no-dct-check", "do not read the device's own stored settings over DFU to confirm the report"),
    new Option("--no-backup", "do not save the application on the device first (the backup: photon-netreset-backup-ID-DATE.bin in this folder)"),
    new Option("--restore", "after the recovery, put the saved application back without asking"),
    new Option("--fix-server-key", "when the cloud's server key stored on it is wrong or blank, write Particle's without asking (what `particle keys server` does), and read it back"),
    report(), fullId());
  command("doctor", "read-only: mode, Device OS, modules, cloud status, the report when photon-netreset runs on it, and the IP and antenna settings stored on the device, read over DFU (every device unless --device)",
    new Option("--all", "every device (the default)"),
    new Option("--no-dfu", "do not restart a running device into DFU mode to read its stored settings"), report(), fullId());
  command("rerun", "ask photon-netreset on the device to run the reset once more");
  command("wifi", "enter Wi-Fi credentials on a device (listening mode) without flashing it again, and wait for the cloud", ssid(), security());
  command("restore", "put your own application back on a Photon or P1: a backup flash saved, or any .bin of yours (checked before a byte is sent), then read its stored network settings again",
    new Option("--no-dct-check", "do not read the stored settings over DFU after it has started")).argument("<file>", "the .bin to put back, e.g. photon-netreset-backup-ID-DATE.bin", nonEmpty);
  return root;
}

/** Runs the command line; returns the exit code. Only a bug throws. */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const json = argv.includes("--json");
  // Under --json, commander's help and version text goes into the JSON object instead of stdout.
  let text = "";
  const write = { out: (t: string) => { if (json) text += t; else ctx.io.out(t); }, err: (t: string) => ctx.io.err(t) };
  const finish = (code: number, result: Record<string, unknown>, error?: string) => {
    if (json) ctx.io.out(`${JSON.stringify({ ok: code === EXIT.ok, ...result, ...(code === EXIT.ok ? {} : { error: error ?? "failed", exitCode: code }) }, null, 2)}\n`);
    return code;
  };
  let chosen: { name: CommandName; opts: Record<string, unknown> } | null = null;
  const cli = program(packageVersion(ctx.root), (name, opts) => { chosen = { name, opts }; }, write);
  try {
    if (argv.length === 0) { write.out(cli.helpInformation()); return finish(EXIT.ok, { help: text }); }
    // `help NAME` for a name that is no command: commander would print the general help and exit 0.
    if (argv[0] === "help" && argv[1] && !argv[1].startsWith("-") && !(argv[1] in COMMANDS)) {
      const near = Object.keys(COMMANDS).find((c) => editDistance(c, argv[1]) <= 2);
      const message = `unknown command '${argv[1]}'${near ? ` (did you mean ${near}?)` : ""}; photon-netreset --help lists the commands`;
      ctx.io.err(`error: ${message}\n`);
      return finish(EXIT.usage, {}, message);
    }
    await cli.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") {
      return finish(EXIT.ok, e.code === "commander.version" ? { version: text.trim() } : { help: text });
    }
    return finish(EXIT.usage, {}, e.message.replace(/^error: /, ""));
  }
  const run = chosen as { name: CommandName; opts: Record<string, unknown> } | null;
  if (!run) return finish(EXIT.ok, { help: text }); // `help` with no command
  const { emit, record } = terminalRenderer(ctx.io, json);
  const invocation = { form: ctx.form ?? "installed" as const,
    simulate: typeof run.opts.simulate === "string" ? run.opts.simulate : undefined, device: typeof run.opts.device === "string" ? run.opts.device : undefined,
    bin: typeof run.opts.bin === "string" ? run.opts.bin : undefined };
  const words = commandWords(invocation);
  // Ctrl-C: the state the workflow last recorded, and what was done so far (the backups kept).
  const cancelled = (message: string) => {
    const devices = [...record.backups].map(([id, backup]) => ({ id, result: "cancelled", backup, restored: null, state: record.state?.id === id ? record.state : undefined }));
    return finish(EXIT.cancelled, { ...(devices.length ? { devices } : {}), ...(record.state ? { state: record.state } : {}) }, message);
  };
  ctx.io.onInterrupt?.(() => {
    const message = interruptedAt(record.state, words);
    ctx.io.err(`\n${message}\n`);
    return cancelled(message);
  });
  try {
    let base: CliContext = ctx;
    if (invocation.simulate !== undefined) {
      // Loaded only for --simulate: the real-device path never loads the simulator.
      const { simulatedContext } = await import("./simulate.ts");
      base = await simulatedContext(ctx, invocation.simulate, run.name);
    }
    if (run.opts.fullId && !run.opts.report) throw new CliError("--full-id goes with --report FILE", EXIT.usage);
    // The report's file is checked before anything is sent: an existing one is refused.
    const reporter = typeof run.opts.report === "string"
      ? reportWriter(ctx, reportTarget(base, run.opts.report), { fullId: run.opts.fullId === true, version: packageVersion(ctx.root) }) : null;
    const observed = reporter ? (e: Parameters<typeof emit>[0]) => { emit(e); reporter.observe(e); } : emit;
    const context: CommandContext = { ...base, emit: observed, words, invocation, ask: ctx.io.interactive ? ctx.io.prompts : null };
    const result = await (COMMANDS[run.name] as (c: CommandContext, o: unknown) => Promise<CommandResult>)(context, run.opts);
    if (reporter) {
      try {
        const path = reporter.write(run.name, (result.json.devices as unknown[] | undefined) ?? []);
        ctx.io.err(`Report written to ${path} (no password, key or claim code in it${run.opts.fullId ? "" : "; the device id shortened"}).\n`);
        result.json.report = path;
      } catch (e) {
        ctx.io.err(`The report could not be written: ${(e as Error).message}\n`);
        result.json.report = null;
      }
    }
    return finish(result.code, result.json, result.error);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    // A question cancelled with nothing to add: where the Photon was left, as for a SIGINT.
    const message = e instanceof CancelledError && e.message === NOTHING_DONE ? interruptedAt(record.state, words) : e.message;
    ctx.io.err(`${message}\n`);
    return e instanceof CancelledError ? cancelled(message) : finish(e.code, {}, message);
  }
}
