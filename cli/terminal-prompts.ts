// The questions at a real terminal, asked with @clack/prompts on stderr (so
// --json keeps stdout clean). Clack handles line editing, hidden input and
// Ctrl-C; a cancel becomes CancelledError, which exits 130 with a plain message.
import * as clack from "@clack/prompts";
import { emitKeypressEvents } from "node:readline";
import { CancelledError, type Check, type Prompts } from "./context.ts";

const io = { input: process.stdin, output: process.stderr };

function answered<T>(value: T): Exclude<T, symbol> {
  if (clack.isCancel(value)) throw new CancelledError();
  return value as Exclude<T, symbol>;
}

const validate = (check?: Check) => (check ? (v: string | undefined) => check(v ?? "") : undefined);

/**
 * Keys typed (or pasted) in the same burst as the Enter that answered a
 * question reach that question, which has ended and drops them: clack reads
 * them, and the next question starts with nothing. They are kept here and the
 * next text question starts with them typed in.
 */
const keys: { sequence: string; name?: string }[] = [];
let watching = false;
let ahead = "";

async function asked<T>(run: (typedAhead: string | undefined) => Promise<T>, takesText: boolean): Promise<T> {
  if (!watching) {
    watching = true;
    emitKeypressEvents(process.stdin);
    process.stdin.on("keypress", (s: string | undefined, k: { sequence?: string; name?: string } | undefined) => keys.push({ sequence: s ?? k?.sequence ?? "", name: k?.name }));
  }
  const typed = takesText && ahead ? ahead : undefined;
  ahead = "";
  const start = keys.length;
  const value = await run(typed);
  // Runs once the burst that answered it has been read whole: what came after its Enter.
  const after = keys.slice(start);
  const enter = after.findIndex((k) => k.name === "return" || k.name === "enter");
  ahead = enter < 0 ? "" : after.slice(enter + 1).filter((k) => k.sequence.length === 1 && k.sequence >= " " && k.sequence !== "\x7f")
    .map((k) => k.sequence).join("");
  return value;
}

export const terminalPrompts: Prompts = {
  confirm: (message, initial) => asked(async () => answered(await clack.confirm({ ...io, message, initialValue: initial })), false),
  text: (message, check) => asked(async (typed) => answered(await clack.text({ ...io, message, validate: validate(check), initialValue: typed })) ?? "", true),
  password: (message, check) => asked(async () => answered(await clack.password({ ...io, message, validate: validate(check) })) ?? "", false),
  select: (message, options, initial) =>
    asked(async () => answered(await clack.select({ ...io, message, initialValue: initial, options: options as never })) as typeof options[number]["value"], false),
};
