// Progress of a firmware transfer: a live bar at a terminal, a few plain
// lines otherwise (logs and CI stay readable).
import type { Io } from "./context.ts";

export function progressBar(io: Io, label: string, total: number): { add(bytes: number): void; done(): void } {
  let sent = 0;
  let lastStep = -1;
  const kib = (n: number) => (n / 1024).toFixed(1);
  const draw = () => {
    io.progress?.(label, sent, total);
    const fraction = total ? Math.min(1, sent / total) : 1;
    if (io.tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      io.err(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${kib(sent)}/${kib(total)} KiB`);
    } else {
      const step = Math.floor(fraction * 4); // 0, 25, 50, 75, 100 %
      if (step !== lastStep) { lastStep = step; io.err(`${label}: ${step * 25}% (${kib(sent)}/${kib(total)} KiB)\n`); }
    }
  };
  draw();
  return {
    add(bytes) { sent += bytes; draw(); },
    done() { if (io.tty) io.err("\n"); },
  };
}
