// Progress of a transfer on a terminal: a live bar at a terminal, a few plain
// lines otherwise (logs and CI stay readable). Drawn from the workflow's
// progress events, on stderr.
import type { RecoveryEvent } from "../recovery/events.ts";
import { progressLines } from "../recovery/progress.ts";
import type { Io } from "./context.ts";

type Progress = Extract<RecoveryEvent, { kind: "progress" }>;

export function progressRenderer(io: Pick<Io, "err" | "tty">): (e: Progress) => void {
  const lines = progressLines();
  const kib = (n: number) => (n / 1024).toFixed(1);
  return (e) => {
    if (!io.tty) {
      const line = lines(e);
      if (line) io.err(`${line}\n`);
      return;
    }
    if (e.done) { io.err("\n"); return; }
    const fraction = e.total ? Math.min(1, e.sent / e.total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    io.err(`\r${e.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${kib(e.sent)}/${kib(e.total)} KiB`);
  };
}
