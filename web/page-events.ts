// The workflow's events on the page: words go to the "Technical details" log,
// bytes to the progress bar, the Photon's state to the page's state (what the
// status line and the controls follow). Nobody is asked anything through the
// workflow here: the page has its own buttons and form.
import { formatBeforeAfter } from "../model/report-rows.ts";
import { formatDctCheck } from "../recovery/dct-readback.ts";
import { progressLines } from "../recovery/progress.ts";
import { formatServerKey } from "../recovery/server-key-json.ts";
import type { PhotonState, RecoveryEvent } from "../recovery/events.ts";

export interface PageSinks {
  log(text: string): void;
  progress(label: string, sent: number, total: number): void;
  state(state: PhotonState): void;
}

export function pageEvents(sinks: PageSinks): (e: RecoveryEvent) => void {
  const lines = progressLines();
  return (e) => {
    switch (e.kind) {
      case "note": case "warning": sinks.log(e.text); break;
      case "progress": {
        const line = lines(e);
        if (line) sinks.log(`${line}\n`);
        if (!e.done) sinks.progress(e.label, e.sent, e.total);
        break;
      }
      case "state": sinks.state(e.state); break;
      case "report": sinks.log(`${formatBeforeAfter(e.report)}\n`); break;
      case "dct": sinks.log(`${formatDctCheck(e)}\n`); break;
      case "server-key": sinks.log(`${formatServerKey(e.serverKey)}\n`); break;
      case "verdict": sinks.log(`${e.advice.headline}.\n`); break;
      case "result": sinks.log(`${e.text}\n`); break;
      case "backup": case "waiting": break;
    }
  };
}
