// Running npm and npx from Node on every OS: on Windows they are .cmd files,
// which Node (since the CVE-2024-27980 fix) only starts through a shell.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";

export const viaShell = process.platform === "win32";

/** npm or npx with arguments that need no quoting (no spaces or shell characters). */
export function runNpm(command: "npm" | "npx", args: string[], options: SpawnSyncOptions = {}) {
  if (viaShell && args.some((a) => /[\s"&|<>^%]/.test(a))) throw new Error(`cannot pass ${JSON.stringify(args)} through cmd.exe unquoted`);
  return spawnSync(command, args, { encoding: "utf8", shell: viaShell, ...options });
}
