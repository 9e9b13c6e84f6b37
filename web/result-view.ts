// The result on the page: the verdict and the LED to expect, before → after,
// the next step and its buttons, from the same report rows and advice the CLI
// prints; the settings read back from the Photon's own storage, explained as
// the CLI explains them.
import type { Advice, AdviceAction } from "../model/advice.ts";
import { explainDct, type DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";
import { accessPointsSeen, beforeAfterRows, value } from "../model/report-rows.ts";
import { renderLed } from "./led.ts";
import { prose } from "./status.ts";

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
};

/** What the page's buttons for the advice's actions say (doctor has none: it is a command). */
const ACTION_LABEL: Partial<Record<AdviceAction, string>> = { wifi: "Enter your Wi-Fi network", rerun: "Run the reset again", flash: "Reset network settings" };

/**
 * The result at a glance: the verdict with the LED to expect, before → after,
 * the next step with a button for each action it names; what the program
 * found, below, for whoever wants it. Without a report (a reset by the
 * Photon's own Device OS, docs/device-os.md) only the verdict and the next step.
 */
export function renderReport(root: HTMLElement, report: Report | null, advice: Advice, headline = advice.headline): void {
  const verdict = root.querySelector("#verdict") as HTMLElement;
  verdict.dataset.tone = advice.tone;
  root.querySelector("#verdict-headline")!.textContent = headline;
  renderLed(root.querySelector("#verdict-led") as HTMLElement, advice.led, "Its LED should now show");
  const body = root.querySelector("#changes tbody")!;
  (root.querySelector(".table-wrap") as HTMLElement).hidden = !report;
  (root.querySelector("#aps") as HTMLElement).hidden = !report;
  body.replaceChildren(...(report ? beforeAfterRows(report) : []).map(([label, before, after]) => {
    const tr = el("tr");
    const changed = before !== after;
    const head = el("th", label);
    head.scope = "row";
    tr.append(head, el("td", before), el("td", changed ? `${after} (changed)` : after));
    if (changed) tr.className = "changed";
    return tr;
  }));
  root.querySelector("#aps")!.textContent = !report ? "" : report.accessPoints !== null
    ? `Wi-Fi networks (access points) it sees on 2.4 GHz: ${value(report.accessPoints)}.` : `Wi-Fi networks (access points): ${accessPointsSeen(report)}.`;
  root.querySelector("#diagnosis-code")!.textContent = advice.code;
  prose(root.querySelector("#diagnosis")!, advice.summary);
  prose(root.querySelector("#next")!, advice.nextStep);
  const actions = root.querySelector("#actions") as HTMLElement;
  actions.replaceChildren(...advice.actions.filter((a) => ACTION_LABEL[a]).map((a) => {
    const b = el("button", ACTION_LABEL[a]);
    b.type = "button";
    b.dataset.action = a;
    b.dataset.step = a;
    return b;
  }));
  actions.hidden = actions.childElementCount === 0;
  root.hidden = false;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The DCT read-back: the stored antenna and IP settings, what they mean
 * (explainDct), and whether they confirm the report (`disagreements` from the
 * CLI's dctDisagreements; empty: they agree). dct null: not read. `expected`:
 * what they are compared with.
 */
export function renderDct(root: HTMLElement, dct: DctSettings | null, disagreements: string[], notRead = "", recovered = true,
  expected = "the settings the report above shows", changedByApp: string[] = []): void {
  const verdict = root.querySelector("#dct-verdict")!;
  const values = root.querySelector("#dct-values") as HTMLElement;
  const note = root.querySelector("#dct-note")!;
  root.querySelector("ul.disagreements")?.remove();
  if (!dct) {
    root.dataset.state = "not-read";
    verdict.textContent = notRead;
    values.hidden = true;
    note.textContent = "";
    return;
  }
  const meaning = explainDct(dct);
  root.dataset.state = disagreements.length ? "disagrees" : "confirms";
  if (changedByApp.length) {
    // After an application was put back: what it wrote, not a check of our reset.
    root.dataset.state = "changed-by-app";
    verdict.replaceChildren(el("strong", "✗ Changed again:"), document.createTextNode(" your application wrote these settings after it started."));
  } else if (disagreements.length) {
    verdict.replaceChildren(el("strong", "✗ Problem: the Photon's own storage does not confirm the report above."),
      document.createTextNode(" What the firmware reported is not what the Photon has stored:"));
    const list = el("ul");
    list.className = "disagreements";
    list.append(...disagreements.map((d) => el("li", `${sentence(d)}.`)));
    verdict.after(list);
  } else if (recovered) {
    verdict.replaceChildren(el("strong", "✓ Confirmed:"), document.createTextNode(` the Photon's own storage holds ${expected}.`));
  } else {
    // The storage agrees, but the Photon is not recovered: no tick under a problem.
    root.dataset.state = "stored";
    verdict.replaceChildren(el("strong", "Stored as reported:"),
      document.createTextNode(` the Photon's own storage holds ${expected}; the problem above is not in these settings.`));
  }
  values.replaceChildren(el("dt", "Antenna"), el("dd", sentence(meaning.antenna)), el("dt", "IP address"), el("dd", sentence(meaning.ip)));
  values.hidden = false;
  note.textContent = "Read from the Photon's own storage (its configuration flash, over DFU mode), not from the firmware's report: "
    + "only these two settings are read; the same storage holds its keys, which the page never reads.";
}
