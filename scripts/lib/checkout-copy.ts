// What actions/checkout gives a job, made here: the files git tracks (plus new
// ones not ignored, so uncommitted work is rehearsed too) copied to a fresh
// folder and committed there, so the rehearsal never writes into this
// checkout's firmware/prebuilt.
import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, statSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";

export function copyCheckout(root: string, dest: string, { withNodeModules = false } = {}): string {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
    // Files only: not deleted ones, and not a linked node_modules (git lists a link, not a folder).
    .split("\0").filter((f) => f && existsSync(join(root, f)) && statSync(join(root, f)).isFile() && !f.startsWith("node_modules"));
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(join(root, f), join(dest, f));
  }
  // A git checkout, as actions/checkout leaves: the tests list files with git.
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=rehearsal", "-c", "user.email=rehearsal@localhost", ...args], { cwd: dest, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", `copy of ${describeCheckout(root)}`);
  // `npm ci` is not repeated: the copy shares this checkout's node_modules.
  if (withNodeModules) {
    symlinkSync(join(root, "node_modules"), join(dest, "node_modules"), process.platform === "win32" ? "junction" : "dir");
    appendFileSync(join(dest, ".git/info/exclude"), "\nnode_modules\n");
  }
  return dest;
}

/** The commit being rehearsed, and whether the working tree differs from it. */
export function describeCheckout(root: string): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  const dirty = git("status", "--porcelain").length > 0;
  let head = "no commit yet";
  try { head = git("rev-parse", "--short", "HEAD"); } catch { /* a fresh repository */ }
  return `${head}${dirty ? " with uncommitted changes" : ""}`;
}
