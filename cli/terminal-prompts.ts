// The questions at a real terminal, asked with @clack/prompts on stderr (so
// --json keeps stdout clean). Clack handles line editing, hidden input and
// Ctrl-C; a cancel becomes CancelledError, which exits 130 with a plain message.
import * as clack from "@clack/prompts";
import { CancelledError, type Check, type Prompts } from "./context.ts";

const io = { input: process.stdin, output: process.stderr };

function answered<T>(value: T): Exclude<T, symbol> {
  if (clack.isCancel(value)) throw new CancelledError();
  return value as Exclude<T, symbol>;
}

const validate = (check?: Check) => (check ? (v: string | undefined) => check(v ?? "") : undefined);

export const terminalPrompts: Prompts = {
  confirm: async (message, initial) => answered(await clack.confirm({ ...io, message, initialValue: initial })),
  text: async (message, check) => answered(await clack.text({ ...io, message, validate: validate(check) })) ?? "",
  password: async (message, check) => answered(await clack.password({ ...io, message, validate: validate(check) })) ?? "",
  select: async (message, options, initial) =>
    answered(await clack.select({ ...io, message, initialValue: initial, options: options as never })) as typeof options[number]["value"],
};
