// What a Ctrl-C leaves behind, from the Photon's last recorded state (events.ts):
// the state it is really in and the command that is right for it. One
// sentence each, never wrapped: the renderer wraps, if anything.
import type { ActionWords } from "./actions.ts";
import { NOTHING_DONE } from "./errors.ts";
import type { PhotonState } from "./events.ts";

const plain = (words: ActionWords, ...a: Parameters<ActionWords>) => words(...a).replace(/`/g, "");

export function interruptedAt(state: PhotonState | null, words: ActionWords): string {
  if (!state) return NOTHING_DONE;
  const { id } = state;
  switch (state.is) {
    case "untouched":
      return `Cancelled: nothing was sent to ${id}.`;
    case "dfu":
      if (state.appBack) {
        return `Stopped while reading ${id}'s stored settings after your application (${state.appBack}) was put back. It is on the device; ${id} may still be in DFU mode (blinking yellow): tap RESET to start it. To read its settings: ${plain(words, { command: "doctor" })}.`;
      }
      return state.resetDone
        ? `Stopped while reading ${id}'s stored settings. The reset itself is done. It may still be in DFU mode (blinking yellow): tap RESET to start it again. To read its settings: ${plain(words, { command: "doctor" })}.`
        : `Stopped while ${state.for === "backup" ? "saving your application" : `reading ${id}'s stored settings`}: ${id} was restarted into DFU mode (blinking yellow) and nothing was flashed or changed. Tap RESET to start it again as it was${state.for === "backup" ? `, then run ${plain(words, { command: "flash" })}` : ""}.`;
    case "flashing": {
      const again = state.what === "owner-app" ? words({ command: "restore", args: [state.file ?? "FILE"] }) : words({ command: "flash" });
      const incomplete = state.what === "owner-app" ? "your application incomplete" : "the new firmware incomplete";
      return state.over === "dfu"
        ? `Stopped during the transfer over DFU. ${id} stays in DFU mode (blinking yellow) with ${incomplete}; it is safe to run the command again: ${again}. (Unplugged before that, it starts in safe mode, breathing magenta, until flashed.)`
        : `Stopped during the transfer. ${id} keeps its old firmware: Device OS replaces it only once a complete image has been checked. It is safe to run the command again: ${again}.`;
    }
    case "resetting":
      return `Stopped while ${id} ${state.again ? "runs the reset again" : "restarts to run the reset"}. The firmware is on it and finishes by itself; its report: ${plain(words, { command: "doctor" })}.`;
    case "listening":
      return `${state.resetDone ? `${id}'s reset is done: it` : id} is waiting in listening mode (blinking blue) for Wi-Fi credentials. To enter them: ${plain(words, { command: "wifi" })}`;
    case "entering-listening":
      return `Cancelled: no credentials were sent. ${id} may be in listening mode (blinking blue); to enter them: ${plain(words, { command: "wifi" })}`;
    case "joining":
      return `Stopped while ${id} joins "${state.ssid}". Its credentials are stored; to see where it got: ${plain(words, { command: "doctor" })}.`;
    case "system-reset":
      return `Stopped while ${id}'s own system resets its network settings. To see what it stored: ${plain(words, { command: "doctor" })}.`;
    case "owner-app":
      return `Your application (${state.file}) is back on ${id} and running; its stored settings were not read again. To read them: ${plain(words, { command: "doctor" })}.`;
    case "finished":
      return NOTHING_DONE;
  }
}
