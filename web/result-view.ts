// The result on the page: before → after, access points, diagnosis and next
// step, from the same report rows and advice the CLI prints.
import type { Advice } from "../model/advice.ts";
import type { Report } from "../model/host-api.ts";
import { beforeAfterRows, value } from "../model/report-rows.ts";

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
};

/** Backticked commands in the shared advice become <code>. */
function prose(target: HTMLElement, text: string): void {
  target.replaceChildren(...text.split(/(`[^`]+`)/).map((part) => (part.startsWith("`") ? el("code", part.slice(1, -1)) : document.createTextNode(part))));
}

export function renderReport(root: HTMLElement, report: Report, advice: Advice): void {
  const body = root.querySelector("#changes tbody")!;
  body.replaceChildren(...beforeAfterRows(report).map(([label, before, after]) => {
    const tr = el("tr");
    const changed = before !== after;
    const head = el("th", label);
    head.scope = "row";
    tr.append(head, el("td", before), el("td", changed ? `${after} (changed)` : after));
    return tr;
  }));
  root.querySelector("#aps")!.textContent = `Wi-Fi networks (access points) it sees on 2.4 GHz: ${value(report.accessPoints)}.`;
  root.querySelector("#diagnosis-code")!.textContent = advice.code;
  prose(root.querySelector("#diagnosis")!, advice.summary);
  prose(root.querySelector("#next")!, advice.nextStep);
  root.hidden = false;
}
