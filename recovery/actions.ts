// The next steps as data: a command and its arguments. A terminal shows them
// as a command line in the form that works where it runs (an installed
// package: npx photon-netreset ...; a checkout: npm run ... --), with the
// run's own --simulate and --device carried (and its --bin when the advice is
// to flash again: the same file, not the release's build); the page shows a button.
export const COMMANDS = ["flash", "doctor", "rerun", "wifi", "restore"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** One thing the owner can do next. */
export interface NextAction { command: CommandName; args?: string[] }

/** How this run was started, which every command line shown must repeat. */
export interface Invocation {
  /** installed: `npx photon-netreset`; checkout: the package's npm scripts. */
  form: "installed" | "checkout";
  /** --simulate SCENARIO: the advice stays in the simulation. */
  simulate?: string;
  /** --device ID: the advice stays on that device. */
  device?: string;
  /** --bin FILE: flashing again flashes the same file. */
  bin?: string;
}

/** How an action is named where the owner reads it (a command line, a button's label). */
export type ActionWords = (a: NextAction) => string;

/** A word as a shell takes it: quoted when it holds anything but plain characters (a folder with a space). */
export const shellWord = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** The command line for `a` in this run's form, with its --simulate and --device (and --bin for flash). */
export function commandLine(a: NextAction, run: Invocation): string {
  const bin = a.command === "flash" && run.bin !== undefined && !a.args?.includes("--bin") ? ["--bin", run.bin] : [];
  const args = [...bin, ...(a.args ?? []), ...(run.device ? ["--device", run.device] : []), ...(run.simulate ? ["--simulate", run.simulate] : [])].map(shellWord);
  if (run.form === "checkout") return [`npm run ${a.command}`, ...(args.length ? ["--", ...args] : [])].join(" ");
  return ["npx photon-netreset", a.command, ...args].join(" ");
}

/** A terminal's words: the command line in backticks. */
export const commandWords = (run: Invocation): ActionWords => (a) => `\`${commandLine(a, run)}\``;
