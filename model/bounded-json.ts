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
    throw new BadJsonError(`is not valid JSON: ${(e as Error).message.slice(0, 200)}`);
  }
}

/** A message cut to a length a terminal can show: validators quote the values they refuse. */
export const shortMessage = (message: string, max = 400) =>
  message.length <= max ? message : `${message.slice(0, max)}… (${message.length - max} more characters)`;

/** The scenario format nests four levels (afterReset.credentials[i]); room to spare. */
export const SCENARIO_MAX_DEPTH = 32;
