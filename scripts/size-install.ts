// npm run size:install: what `npx photon-netreset` costs an owner. npm pack
// (prepack bundles the command), then npm install of that tarball in an empty
// folder; prints the packages, the bytes and the time, and exits 1 over the
// goals (15 MB, 20 packages) or when the installed command's demo fails. The tarball comes from here; its native
// dependencies come from npm's cache or the registry.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installVerdict, SIMULATED_FLASH } from "./lib/install-check.ts";
import { INSTALL_GOALS, installFigures } from "./lib/install-size.ts";
import { runNpm } from "./lib/npm-command.ts";
import { ROOT } from "./lib/root.ts";

const work = mkdtempSync(join(tmpdir(), "photon-netreset-size-"));
try {
  const packed = runNpm("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  if (packed.status !== 0) throw new Error(`npm pack exited ${packed.status}`);
  const [{ filename, size }] = JSON.parse(String(packed.stdout)) as { filename: string; size: number }[];
  const dir = join(work, "empty");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true })}\n`);
  const started = performance.now();
  const installed = runNpm("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, filename)], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
  const seconds = (performance.now() - started) / 1000;
  if (installed.status !== 0) throw new Error(`npm install of the tarball exited ${installed.status}`);
  const { packages, bytes, problems } = installFigures(join(dir, "node_modules"));
  console.log(`npm pack: ${filename}, ${(size / 1e6).toFixed(2)} MB packed`);
  console.log(`npm install of it in an empty folder: ${packages.length} packages (photon-netreset included), ${(bytes / 1e6).toFixed(1)} MB in node_modules, ${seconds.toFixed(1)} s`);
  for (const p of packages) console.log(`  ${p.name}@${p.version}  ${(p.bytes / 1e6).toFixed(2)} MB`);
  console.log(`goals: at most ${INSTALL_GOALS.maxBytes / 1e6} MB and ${INSTALL_GOALS.maxPackages} packages: ${problems.length ? `NOT MET (${problems.join("; ")})` : "met"}`);
  // And it works as installed: the demo flashes a simulated Photon.
  const r = runNpm("npx", ["--no", "photon-netreset", ...SIMULATED_FLASH], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  const verdict = installVerdict({ status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) });
  console.log(`npx --no photon-netreset ${SIMULATED_FLASH.join(" ")}: ${verdict.message}`);
  process.exitCode = problems.length || !verdict.ok ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
