// Progress of a transfer on a terminal: a live bar at a terminal, a few plain
// lines otherwise (logs and CI stay readable). Drawn from the workflow's
// progress events, on stderr.
import type { RecoveryEvent } from "../recovery/events.ts";
import type { Io } from "./context.ts";

type Progress = Extract<RecoveryEvent, { kind: "progress" }>;

export function progressRenderer(io: Pick<Io, "err" | "tty">): (e: Progress) => void {
  let lastStep = -1;
  let label = "";
  const kib = (n: number) => (n / 1024).toFixed(1);
  return (e) => {
    if (e.label !== label) { label = e.label; lastStep = -1; }
    if (e.done) {
      if (io.tty) io.err("\n");
      label = "";
      return;
    }
    const fraction = e.total ? Math.min(1, e.sent / e.total) : 1;
    if (io.tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      io.err(`\r${e.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${kib(e.sent)}/${kib(e.total)} KiB`);
    } else {
      const step = Math.floor(fraction * 4); // 0, 25, 50, 75, 100 %
      if (step !== lastStep) { lastStep = step; io.err(`${e.label}: ${step * 25}% (${kib(e.sent)}/${kib(e.total)} KiB)\n`); }
    }
  };
}
