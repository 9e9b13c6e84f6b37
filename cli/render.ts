// The workflow's events on a terminal: the outcome (before → after, the
// stored settings, the verdict, the next step) on stdout, everything else
// (progress, the bar, warnings) on stderr; with --json the outcome goes to
// stderr too and stdout keeps the one JSON object. It also keeps what Ctrl-C
// needs: the Photon's last state, and what was done so far.
import { formatBeforeAfter } from "../model/report-rows.ts";
import { formatDctCheck } from "../recovery/dct-readback.ts";
import { formatServerKey } from "../recovery/server-key-json.ts";
import type { BackupJson, PhotonState, RecoveryEvent } from "../recovery/events.ts";
import type { Io } from "./context.ts";
import { progressRenderer } from "./progress.ts";

export interface Record {
  /** The Photon's last recorded state (null: none touched yet). */
  state: PhotonState | null;
  /** Backups kept so far, by device id. */
  backups: Map<string, BackupJson>;
}

export function terminalRenderer(io: Io, json: boolean): { emit: (e: RecoveryEvent) => void; record: Record } {
  const record: Record = { state: null, backups: new Map() };
  const outcome = json ? io.err : io.out;
  const bar = progressRenderer(io);
  const emit = (e: RecoveryEvent) => {
    switch (e.kind) {
      case "note": case "warning": io.err(e.text); break;
      case "progress": bar(e); break;
      case "waiting": break; // the notes say what it waits for
      case "state": record.state = e.state; break;
      case "backup": record.backups.set(e.id, e.backup); break;
      case "report": outcome(`${formatBeforeAfter(e.report)}\n`); break;
      case "dct":
        outcome(`${formatDctCheck(e)}\n`);
        break;
      case "server-key": outcome(`${formatServerKey(e.serverKey)}\n`); break;
      case "verdict":
        outcome(`${e.advice.headline}.\nDiagnosis: ${e.advice.code}. ${e.advice.summary}\nNext step: ${e.nextStep}\n`);
        break;
      case "result": outcome(`${e.text}\n`); break;
    }
  };
  return { emit, record };
}
