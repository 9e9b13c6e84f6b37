// Bytes of a transfer as events (a terminal draws a bar, the page a <progress>).
import type { RecoveryContext } from "./context.ts";

export function transfer(ctx: Pick<RecoveryContext, "emit">, label: string, total: number): { add(bytes: number): void; done(): void } {
  let sent = 0;
  ctx.emit({ kind: "progress", label, sent, total });
  return {
    add(bytes) { sent += bytes; ctx.emit({ kind: "progress", label, sent, total }); },
    done() { ctx.emit({ kind: "progress", label, sent, total, done: true }); },
  };
}

/** A transfer as a few plain lines (0, 25, 50, 75, 100 %), for a log: each call gives the line to add, or null. */
export function progressLines(): (e: { label: string; sent: number; total: number; done?: boolean }) => string | null {
  let label = "";
  let lastStep = -1;
  const kib = (n: number) => (n / 1024).toFixed(1);
  return (e) => {
    if (e.label !== label) { label = e.label; lastStep = -1; }
    if (e.done) return null;
    const fraction = e.total ? Math.min(1, e.sent / e.total) : 1;
    const step = Math.floor(fraction * 4);
    if (step === lastStep) return null;
    lastStep = step;
    return `${e.label}: ${step * 25}% (${kib(e.sent)}/${kib(e.total)} KiB)`;
  };
}
