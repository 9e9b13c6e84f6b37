// The cloud's server key on the page: the verdict read from the Photon's own
// storage with the other settings (recovery/server-key.ts), and, when it is
// wrong or blank and not yet written, a button that writes Particle's and reads
// it back (device-steps.ts fixServerKey).
import type { ServerKeyJson } from "../recovery/server-key-json.ts";
import { $ } from "./page.ts";

/** What the page's button is called where a next step names it. */
export const FIX_BUTTON = "Write Particle's server key";

export function renderServerKey(k: ServerKeyJson | undefined): void {
  $("server-key").hidden = !k;
  if (!k) return;
  const now = k.write?.written ? k.write.after : k.verdict;
  $("server-key").dataset.verdict = now;
  const written = !k.write?.written ? ""
    : k.write.after === "right" ? " Particle's key was written and read back: right. The Photon uses it from its next cloud connection."
    : ` Particle's key was written, but it reads back ${k.write.after}: the write did not take. Try again.`;
  // A page shows no terminal's backticks around a command.
  $("server-key-text").textContent = `${k.verdict[0].toUpperCase()}${k.verdict.slice(1)}: ${k.summary}${written}`.replace(/`/g, "");
  $("server-key-fix").hidden = now === "right";
}
