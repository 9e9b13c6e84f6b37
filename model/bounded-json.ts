// JSON from a file someone handed us: nesting checked before parsing, so a
// file of brackets gets a message, not a stack overflow in whatever walks it.
export class BadJsonError extends Error {}

/** Parses `text`, refusing nesting deeper than `maxDepth` (found by a scan that skips strings). */
export function parseBoundedJson(text: string, maxDepth: number): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new BadJsonError(`is nested more than ${maxDepth} levels deep (at character ${i + 1})`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadJsonError(`is not valid JSON: ${syntaxErrorWithoutText(text, (e as Error).message)}`);
  }
}

/**
 * JSON.parse's complaint without the file's own text: its messages quote the
 * text around the error ("Unexpected token 'a', "{"password": abc}" is not
 * valid JSON"), which may be inside a password. What went wrong and where, only.
 */
function syntaxErrorWithoutText(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message);
  // The grammar's own words only: anything quoted with " is the file's text.
  const what = message.startsWith("Unexpected token") ? "unexpected character" : message.split(/ in JSON| at position| is not valid JSON|, "|"/)[0].trim() || "syntax error";
  if (!at) return what;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  return `${what} at line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
}

/** A message cut to a length a terminal can show: validators quote the values they refuse. */
export const shortMessage = (message: string, max = 400) =>
  message.length <= max ? message : `${message.slice(0, max)}… (${message.length - max} more characters)`;

/** The scenario format nests four levels (afterReset.credentials[i]); room to spare. */
export const SCENARIO_MAX_DEPTH = 32;
