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
