// What a report and the LED mean for the owner, and what to do next. Used by
// `npm run sim`, the flash and rerun commands and the web page, so all say the
// same thing; each names its own actions (a command line, a button) through
// AdviceWords.
import type { ConnectionOutcome, LedPattern } from "./connection.ts";
import type { Report } from "./host-api.ts";
import { DEFAULT_SERVER_PORT } from "./server-key.ts";

/** What the owner can do next, as a command (the CLI) or a button (the page). */
export type AdviceAction = "wifi" | "rerun" | "flash" | "doctor";

/** How a next step names an action where it is shown. */
export interface AdviceWords { action(a: AdviceAction): string }

/** A terminal's words: the command line, in backticks. */
export const commandWords = (suffix = ""): AdviceWords => ({ action: (a) => `\`npx photon-netreset ${a}${suffix}\`` });

export interface Advice {
  /** The program's diagnosis, or what the host adds when there is none. */
  code: "ok" | "no-access-points" | "eeprom-failure" | "settings-failure" | "radio-off" | "scan-failed" | "no-report" | "boot-loop"
    /** The user part's dependency is unmet: Device OS runs alone (model/unmet-dependency.ts). */
    | "safe-mode"
    /** The owner's application runs but never asks for the cloud (model/app-never-connects.ts). */
    | "app-never-connects";
  /** The verdict in a few words, to take in at a glance. */
  headline: string;
  /** recovered: nothing left to do; todo: the reset worked, a step is left; problem: not recovered. */
  tone: "recovered" | "todo" | "problem";
  /** What the LED should be doing now (null: not known). */
  led: LedPattern | null;
  summary: string;
  nextStep: string;
  /** The actions the next step names, in order (the page makes them buttons). */
  actions: AdviceAction[];
  /** Entering Wi-Fi credentials can help now (the reset is done and the Photon sees a 2.4 GHz network). */
  wifiHelps: boolean;
}

/** "1 access point", "2 access points". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export type Parts = Omit<Advice, "code" | "actions" | "wifiHelps"> & { actions?: AdviceAction[]; wifiHelps?: boolean };
export const make = (code: Advice["code"], p: Parts): Advice => ({ code, ...p, actions: p.actions ?? [], wifiHelps: p.wifiHelps ?? false });

const DENTED = "look for a dented metal can on the module, as in the forum thread";

export function adviceFor(report: Report | null, outcome: ConnectionOutcome | null, bootLoop = false, words: AdviceWords = commandWords()): Advice {
  const w = words.action;
  if (bootLoop) {
    return make("boot-loop", { headline: "Not recovered: it keeps restarting", tone: "problem", led: null,
      summary: "The device kept resetting and never settled.",
      nextStep: `Power it off and on, then ${w("flash")} again; if it repeats, report the printed timeline as a bug.`, actions: ["flash"] });
  }
  if (!report || report.action === "reset") {
    return make("no-report", { headline: "No result: the program did not finish its check", tone: "problem", led: null,
      summary: "The program did not finish its check.",
      nextStep: `Power-cycle it, then check that it runs photon-netreset: ${w("doctor")}.`, actions: ["doctor"] });
  }
  const orange = "fast-blinking-orange" as const;
  if (report.diagnosis === "eeprom-failure") {
    return make("eeprom-failure", { headline: "Settings reset, but the EEPROM does not keep the reset's marker", tone: "problem", led: orange,
      summary: `The EEPROM did not keep the marker after ${plural(report.resetAttempts, "reset")}, so the program stopped resetting. The Wi-Fi settings were still reset.`,
      nextStep: `Power-cycle it and ${w("rerun")}. If it repeats, the EEPROM flash sectors may be worn: a Device OS reinstall (\`particle update\`) rewrites them; otherwise the device needs replacing.`,
      actions: ["rerun"] });
  }
  if (report.diagnosis === "settings-failure") {
    return make("settings-failure", { headline: "The reset did not stick: the settings went back", tone: "problem", led: orange,
      summary: `The antenna or IP setting went back to ${report.after.antenna} antenna, ${report.after.ipSource} IP after ${plural(report.resetAttempts, "reset")}, so the program stopped resetting.`,
      nextStep: `Power-cycle it and ${w("rerun")}. If it repeats, the device's configuration flash (DCT) does not keep writes: reinstall Device OS (\`particle update\`).`,
      actions: ["rerun"] });
  }
  if (report.diagnosis === "radio-off") {
    // Not "run it again": the program already waited 10 s for the module; settings and credentials cannot start it.
    return make("radio-off", { headline: "Not recovered: its Wi-Fi radio does not come on", tone: "problem", led: "breathing-white",
      summary: `Settings reset, but the Wi-Fi module did not come on within 10 seconds, so no scan was possible: the radio module is most likely damaged (${DENTED}).`,
      nextStep: "No setting and no Wi-Fi password can fix a radio that does not start: this Photon needs replacing (or a repair of its P0/P1 module)." });
  }
  if (report.diagnosis === "scan-failed") {
    return make("scan-failed", { headline: "Not known yet: the scan for networks failed", tone: "problem", led: null,
      summary: "Settings reset; the radio came on but the scan for access points failed, so whether it sees your network is not known.",
      nextStep: `Scan again: ${w("rerun")}; if it fails again, power-cycle the Photon first.`, actions: ["rerun"] });
  }
  if (report.diagnosis === "no-access-points") {
    return make("no-access-points", { headline: "Not recovered: it sees no 2.4 GHz network", tone: "problem", led: "blinking-blue",
      summary: `Settings reset, but with the radio on and the internal antenna selected the Photon sees no access point. Either only 5 GHz networks are in range (the Photon is 2.4 GHz only) or the radio module is damaged (${DENTED}).`,
      nextStep: `Put a 2.4 GHz hotspot (a phone) next to it, then ${w("rerun")} to scan again. Still none: the radio module is damaged.`,
      actions: ["rerun"] });
  }
  const enterCredentials = `Enter your Wi-Fi credentials: ${w("wifi")} (or \`particle serial wifi\`; 2.4 GHz networks only).`;
  const retype = `Check the network name, password and security type, and that it is 2.4 GHz; then ${w("wifi")} to enter them again.`;
  const led = outcome?.led ?? null;
  const ok = (p: Parts) => make("ok", p);
  switch (outcome?.led) {
    case "breathing-cyan":
      return ok({ headline: "Recovered: on the Particle cloud", tone: "recovered", led,
        summary: "Recovered: dynamic IP, internal antenna, and connected to the Particle cloud.",
        nextStep: "Flash your own application. Avoid a static IP, and select the external antenna only when one is fitted." });
    case "blinking-blue":
      if (outcome.rejectedCredentials) {
        return ok({ headline: "Reset done, but the Wi-Fi network refused the credentials", tone: "problem", led,
          summary: `Settings reset, but the credentials entered did not join: ${outcome.reason}.`, nextStep: retype, actions: ["wifi"], wifiHelps: true });
      }
      return ok({ headline: "Reset done: now enter your Wi-Fi network", tone: "todo", led,
        summary: `Settings reset: dynamic IP, internal antenna, no stored networks; ${report.accessPoints === null ? "an unknown number of access points" : plural(report.accessPoints, "access point")} in range. The Photon is in listening mode (blinking blue).`,
        nextStep: enterCredentials, actions: ["wifi"], wifiHelps: true });
    case "blinking-green":
      return ok({ headline: "Reset done, but it cannot join the Wi-Fi network", tone: "problem", led,
        summary: `Settings reset, but it cannot join the network: ${outcome.reason}.`, nextStep: retype, actions: ["wifi"], wifiHelps: true });
    case "blinking-cyan":
      return ok({ headline: "On Wi-Fi, but not reaching the Particle cloud", tone: "problem", led,
        summary: `On Wi-Fi but not reaching the cloud: ${outcome.reason}.`,
        // A Photon reaches the cloud over TCP only (hal_platform_compat.h: HAL_PLATFORM_CLOUD_TCP), port SPARK_SERVER_PORT.
        nextStep: `Check the router's internet connection and that it lets TCP port ${DEFAULT_SERVER_PORT} out.` });
    default:
      return ok({ headline: "Reset done: now enter your Wi-Fi network", tone: "todo", led,
        summary: `Settings reset; ${outcome ? outcome.reason : "it has not tried to connect"}.`, nextStep: enterCredentials, actions: ["wifi"], wifiHelps: true });
  }
}
