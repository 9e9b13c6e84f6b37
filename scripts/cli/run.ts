// The photon-netreset command with the real USB, serial port and terminal.
import { createInterface } from "node:readline/promises";
import { dirname, resolve } from "node:path";
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
  return { usb: realUsb, serial: realSerial, io, timing: REAL_TIMING, root: resolve(dirname(fileURLToPath(import.meta.url)), "..", "..") };
}

main(process.argv.slice(2), realContext()).then((code) => { process.exitCode = code; }, (e: Error) => {
  process.stderr.write(`photon-netreset failed unexpectedly: ${e.stack ?? e.message}\n`);
  process.exitCode = EXIT.failed;
});
