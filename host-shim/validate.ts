// Small readers for JSON input that name the bad field in every error.
export class InputError extends Error {}

export type Json = Record<string, unknown>;

export function fail(path: string, message: string): never {
  throw new InputError(`${path}: ${message}`);
}

/**
 * A field whose value is never quoted back, only its type: a Wi-Fi password,
 * and a field that holds passwords (a credential, an access point, their
 * lists) when a file gives a string there instead.
 */
const isSecret = (path: string) => /(^|\.)password$/.test(path) || /(^|\.)(credentials|accessPoints)(\[\d+\])?$|^afterReset$/.test(path);

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object"
  : typeof v === "number" && !Number.isFinite(v) ? "a number too large to represent" : `a ${typeof v}`);

/** The refused value as the message quotes it: never a secret's; a number JSON.stringify would print as null is named for what it is. */
function show(v: unknown, path: string): string {
  // An object or array is named by its type: quoted whole it could hold a password, and it would not help.
  if (isSecret(path) || (typeof v === "object" && v !== null)) return typeOf(v);
  if (typeof v === "number" && !Number.isFinite(v)) return `${v} (${typeOf(v)})`;
  return typeof v === "string" ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
}

export function object(v: unknown, path: string, allowed: readonly string[]): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, `expected an object, got ${show(v, path)}`);
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field (allowed: ${allowed.join(", ")})`);
  }
  return v as Json;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") fail(path, `expected true or false, got ${show(v, path)}`);
  return v;
}

export function string(v: unknown, path: string, minLength = 0, maxLength = Infinity): string {
  if (typeof v !== "string") fail(path, `expected a string, got ${show(v, path)}`);
  if (v.length < minLength || v.length > maxLength) {
    fail(path, `expected ${minLength} to ${maxLength} characters, got ${v.length}`);
  }
  return v;
}

export function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    fail(path, `expected a whole number from ${min} to ${max}, got ${show(v, path)}`);
  }
  return v;
}

export function oneOf<T extends string>(v: unknown, path: string, choices: readonly T[]): T {
  if (!choices.includes(v as T)) fail(path, `expected one of ${choices.join(", ")}, got ${show(v, path)}`);
  return v as T;
}

export function array<T>(v: unknown, path: string, item: (v: unknown, path: string) => T, maxItems = Infinity): T[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${show(v, path)}`);
  if (v.length > maxItems) fail(path, `at most ${maxItems} entries, got ${v.length}`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** Reads o[key] with `read`, or returns `fallback` when the key is absent. */
export function optional<T>(o: Json, key: string, path: string, read: (v: unknown, path: string) => T, fallback: T): T {
  return o[key] === undefined ? fallback : read(o[key], `${path}.${key}`);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
/** Free text from a file (a scenario's description) as it may reach a terminal: control characters (escape sequences) become a space, and it is cut to `max` characters. */
export function printableText(text: string, max = 500): string {
  const clean = text.replace(CONTROL, " ").trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}
