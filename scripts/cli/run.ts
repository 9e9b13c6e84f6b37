#!/usr/bin/env node
// The photon-netreset command with the real USB, serial port and terminal.
// Run from source with tsx (npm run flash), or compiled (the npm package's bin).
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT, REAL_TIMING, type CliContext, type Io } from "./context.ts";
import { main } from "./main.ts";
import { realSerial, realUsb } from "./real-backends.ts";

/** Reads a line from the terminal without echoing it (for the Wi-Fi password). */
function readHidden(question: string): Promise<string> {
  return new Promise((resolvePassword, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let answer = "";
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === "\r" || c === "\n") { done(); process.stderr.write("\n"); resolvePassword(answer); return; }
        if (c === "\u0003") { done(); reject(new Error("cancelled")); return; }
        if (c === "\u007f" || c === "\b") answer = answer.slice(0, -1);
        else answer += c;
      }
    };
    const done = () => { stdin.off("data", onData); stdin.setRawMode?.(false); stdin.pause(); };
    stdin.on("data", onData);
  });
}

/** The package's root (firmware/prebuilt/ lives there), from source or from cli-dist/. */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "photon-netreset") return dir;
  }
  throw new Error("photon-netreset's package.json not found");
}

export function realContext(): CliContext {
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const io: Io = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive,
    tty: Boolean(process.stderr.isTTY),
    ask: async (q) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try { return await rl.question(q); } finally { rl.close(); }
    },
    askHidden: readHidden,
    env: process.env,
  };
  return { usb: realUsb, serial: realSerial, io, timing: REAL_TIMING, root: packageRoot() };
}

main(process.argv.slice(2), realContext()).then((code) => { process.exitCode = code; }, (e: Error) => {
  process.stderr.write(`photon-netreset failed unexpectedly: ${e.stack ?? e.message}\n`);
  process.exitCode = EXIT.failed;
});
