// The one status line, in words first (a screen reader and a colour-blind
// owner get the same), with a symbol and a colour as extras.
export type StatusKind = "working" | "done" | "problem" | "note";

const WORD: Record<StatusKind, string> = { working: "Working", done: "Done", problem: "Problem", note: "Note" };
const SYMBOL: Record<StatusKind, string> = { working: "…", done: "✓", problem: "✗", note: "" };

export function setStatus(root: HTMLElement, kind: StatusKind, headline: string, detail = ""): void {
  root.dataset.kind = kind;
  root.hidden = false;
  root.querySelector(".symbol")!.textContent = SYMBOL[kind];
  root.querySelector(".word")!.textContent = `${WORD[kind]}:`;
  root.querySelector(".headline")!.textContent = headline;
  const d = root.querySelector(".detail") as HTMLElement;
  d.textContent = detail;
  d.hidden = !detail;
  // On a narrow screen the status can be far from the button that was pressed.
  root.scrollIntoView?.({ block: "nearest" });
}
