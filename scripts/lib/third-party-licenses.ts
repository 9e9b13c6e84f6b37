// The licences of the packages esbuild put in a bundle, read from the packages
// themselves: their package.json (name, version, licence) and licence file.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface BundledPackage { name: string; version: string; license: string; dir: string; text: string | null }

/** The package folder an input path lies in (the last node_modules/NAME or node_modules/@SCOPE/NAME), or null for our own code. */
export function packageDirOf(input: string): string | null {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, "/"));
  return m ? m[1] : null;
}

const LICENSE_FILE = /^(licen[cs]e|copying)([.-].*)?$/i;

/** Every package the bundle's inputs (esbuild's metafile, relative to `root`) come from, by name and version. */
export function bundledPackages(inputs: string[], root: string): BundledPackage[] {
  const dirs = [...new Set(inputs.map(packageDirOf).filter((d): d is string => d !== null))];
  const found = new Map<string, BundledPackage>();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { name: string; version: string; license?: string | { type: string } };
    const file = readdirSync(join(root, dir)).find((f) => LICENSE_FILE.test(f));
    const license = typeof pkg.license === "string" ? pkg.license : pkg.license?.type ?? "UNKNOWN";
    const text = file && existsSync(join(root, dir, file)) ? readFileSync(join(root, dir, file), "utf8").trim() : null;
    found.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version, license, dir, text });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** THIRD-PARTY-LICENSES: each bundled package with its licence text. */
export function formatLicenses(packages: BundledPackage[]): string {
  const parts = packages.map((p) => [`${p.name} ${p.version} (${p.license})`, "-".repeat(72),
    p.text ?? `(the package ships no licence file; its package.json says ${p.license})`].join("\n"));
  return [
    "photon-netreset's command (cli-dist/cli/run.js) is one file holding, besides photon-netreset's own code",
    "(MIT, see LICENSE), the JavaScript of these packages, each under its own licence below.",
    `${packages.length} packages: ${packages.map((p) => p.name).join(", ")}.`,
    "",
    ...parts.flatMap((p) => [p, "", "=".repeat(72), ""]),
  ].join("\n");
}
