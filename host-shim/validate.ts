// Small readers for JSON input that name the bad field in every error.
export class InputError extends Error {}

export type Json = Record<string, unknown>;

export function fail(path: string, message: string): never {
  throw new InputError(`${path}: ${message}`);
}

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(JSON.stringify(v) ?? v));

export function object(v: unknown, path: string, allowed: readonly string[]): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, `expected an object, got ${show(v)}`);
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field (allowed: ${allowed.join(", ")})`);
  }
  return v as Json;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") fail(path, `expected true or false, got ${show(v)}`);
  return v;
}

export function string(v: unknown, path: string, minLength = 0, maxLength = Infinity): string {
  if (typeof v !== "string") fail(path, `expected a string, got ${show(v)}`);
  if (v.length < minLength || v.length > maxLength) {
    fail(path, `expected ${minLength} to ${maxLength} characters, got ${v.length}`);
  }
  return v;
}

export function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    fail(path, `expected a whole number from ${min} to ${max}, got ${show(v)}`);
  }
  return v;
}

export function oneOf<T extends string>(v: unknown, path: string, choices: readonly T[]): T {
  if (!choices.includes(v as T)) fail(path, `expected one of ${choices.join(", ")}, got ${show(v)}`);
  return v as T;
}

export function array<T>(v: unknown, path: string, item: (v: unknown, path: string) => T, maxItems = Infinity): T[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${show(v)}`);
  if (v.length > maxItems) fail(path, `at most ${maxItems} entries, got ${v.length}`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/** Reads o[key] with `read`, or returns `fallback` when the key is absent. */
export function optional<T>(o: Json, key: string, path: string, read: (v: unknown, path: string) => T, fallback: T): T {
  return o[key] === undefined ? fallback : read(o[key], `${path}.${key}`);
}
