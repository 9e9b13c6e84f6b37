// The one status line, in words first (a screen reader and a colour-blind
// owner get the same), with a symbol, a colour and the LED to expect as extras.
import { renderLed, type PageLed } from "./led.ts";

export type StatusKind = "working" | "done" | "problem" | "note";

const WORD: Record<StatusKind, string> = { working: "Working", done: "Done", problem: "Problem", note: "Note" };
const SYMBOL: Record<StatusKind, string> = { working: "…", done: "✓", problem: "✗", note: "" };

/** Text with `commands` in backticks (the CLI's messages) as <code>, never literal backticks. */
export function prose(target: HTMLElement, text: string): void {
  target.replaceChildren(...text.split(/(`[^`]+`)/).map((part) => {
    if (!part.startsWith("`") || !part.endsWith("`") || part.length < 2) return document.createTextNode(part.replace(/`/g, ""));
    const code = document.createElement("code");
    code.textContent = part.slice(1, -1);
    return code;
  }));
}

export function setStatus(root: HTMLElement, kind: StatusKind, headline: string, detail = "", led: PageLed | null = null, scroll = true): void {
  root.dataset.kind = kind;
  root.hidden = false;
  root.querySelector(".symbol")!.textContent = SYMBOL[kind];
  root.querySelector(".word")!.textContent = `${WORD[kind]}:`;
  prose(root.querySelector(".headline") as HTMLElement, headline);
  const d = root.querySelector(".detail") as HTMLElement;
  prose(d, detail);
  d.hidden = !detail;
  renderLed(root.querySelector(".status-led") as HTMLElement, led);
  // On a narrow screen the status can be far from the button that was pressed.
  if (scroll) root.scrollIntoView?.({ block: "nearest" });
}
