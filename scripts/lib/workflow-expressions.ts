// The few ${{ }} expressions the release workflow's steps use, evaluated from
// known values. Anything else is an error: a rehearsal must not guess.

/** Replaces each ${{ name }} with its value; throws on a name with none. */
export function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => {
    if (Object.hasOwn(values, name)) return values[name];
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(name);
    if (output) {
      const known = Object.keys(values).filter((k) => k.startsWith(`steps.${output[1]}.outputs.`)).map((k) => k.split(".").pop());
      throw new Error(`\${{ ${name} }}: step "${output[1]}" sets no output "${output[2]}"${known.length ? ` (it sets ${known.join(", ")})` : ""}`);
    }
    throw new Error(`\${{ ${name} }}: the rehearsal has no value for it`);
  });
}

/** A step's env with its expressions expanded. */
export function expandEnv(env: Record<string, unknown> | undefined, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, expand(String(v), values)]));
}
