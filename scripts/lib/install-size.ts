// What `npm install` of the package put on disk: the packages (every folder
// under node_modules with a package.json, nested ones too) and their bytes.
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The goals of issue "fast where people feel it": what an owner's first `npx photon-netreset` downloads and unpacks. */
export const INSTALL_GOALS = { maxBytes: 15_000_000, maxPackages: 20 };

export interface InstalledPackage { name: string; version: string; bytes: number }

/** Bytes of every file under `dir` (apparent size; symbolic links not followed). */
export function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += bytesUnder(p);
    else total += lstatSync(p).size;
  }
  return total;
}

/** Every package in a node_modules folder, nested node_modules included; each package's bytes exclude its nested packages. */
export function installedPackages(nodeModules: string): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  if (!existsSync(nodeModules)) return found;
  for (const e of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    const dirs = e.name.startsWith("@") ? readdirSync(join(nodeModules, e.name)).map((n) => join(nodeModules, e.name, n)) : [join(nodeModules, e.name)];
    for (const dir of dirs) {
      if (!existsSync(join(dir, "package.json"))) continue;
      const { name, version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };
      const nested = join(dir, "node_modules");
      const inner = installedPackages(nested);
      found.push({ name, version, bytes: bytesUnder(dir) - (existsSync(nested) ? bytesUnder(nested) : 0) }, ...inner);
    }
  }
  return found;
}

/** The figures, and whether they meet the goals. */
export function installFigures(nodeModules: string) {
  const packages = installedPackages(nodeModules).sort((a, b) => b.bytes - a.bytes);
  const bytes = existsSync(nodeModules) ? bytesUnder(nodeModules) : 0;
  const problems = [
    ...(bytes > INSTALL_GOALS.maxBytes ? [`${(bytes / 1e6).toFixed(1)} MB is over the goal of ${INSTALL_GOALS.maxBytes / 1e6} MB`] : []),
    ...(packages.length > INSTALL_GOALS.maxPackages ? [`${packages.length} packages is over the goal of ${INSTALL_GOALS.maxPackages}`] : []),
  ];
  return { packages, bytes, problems };
}

/** The package's dependencies and theirs, by name, as installed in `root`/node_modules (top level; a nested copy comes with its parent). */
export function dependencyClosure(root: string): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const { dependencies = {}, optionalDependencies = {} } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, Record<string, string>>;
    for (const name of Object.keys({ ...dependencies, ...optionalDependencies })) {
      if (dir !== root && existsSync(join(dir, "node_modules", name))) { visit(join(dir, "node_modules", name)); continue; }
      if (seen.has(name) || !existsSync(join(root, "node_modules", name))) continue;
      seen.add(name);
      visit(join(root, "node_modules", name));
    }
  };
  visit(root);
  return [...seen].sort();
}
