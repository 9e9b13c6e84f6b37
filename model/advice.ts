// What a report and the LED mean for the owner, and what to do next. Used by
// `npm run sim` and by the flash command, so both say the same thing.
import type { ConnectionOutcome } from "./connection.ts";
import type { Report } from "./host-api.ts";

export interface Advice {
  /** The program's diagnosis, or what the host adds when there is none. */
  code: "ok" | "no-access-points" | "eeprom-failure" | "settings-failure" | "radio-off" | "scan-failed" | "no-report" | "boot-loop";
  summary: string;
  nextStep: string;
}

// The wifi command enters credentials without flashing again (a second flash
// of the same build changes nothing).
const ENTER_CREDENTIALS = "Enter your Wi-Fi credentials: `npx photon-netreset wifi` (or `particle serial wifi`; 2.4 GHz networks only).";

export function adviceFor(report: Report | null, outcome: ConnectionOutcome | null, bootLoop = false): Advice {
  if (bootLoop) {
    return { code: "boot-loop", summary: "The device kept resetting and never settled.",
      nextStep: "Power it off and on, then run the flash again; if it repeats, report the printed timeline as a bug." };
  }
  if (!report || report.action === "reset") {
    return { code: "no-report", summary: "The program did not finish its check.",
      nextStep: "Check that the device runs photon-netreset (`npm run doctor`), then power-cycle it." };
  }
  if (report.diagnosis === "eeprom-failure") {
    return { code: "eeprom-failure",
      summary: `The EEPROM did not keep the marker after ${report.resetAttempts} resets, so the program stopped resetting. The Wi-Fi settings were still reset.`,
      nextStep: "Power-cycle and flash again. If it repeats, the EEPROM flash sectors may be worn: a Device OS reinstall (`particle update`) rewrites them; otherwise the device needs replacing." };
  }
  if (report.diagnosis === "settings-failure") {
    return { code: "settings-failure",
      summary: `The antenna or IP setting went back to ${report.after.antenna} antenna, ${report.after.ipSource} IP after ${report.resetAttempts} resets, so the program stopped resetting.`,
      nextStep: "Power-cycle and flash again. If it repeats, the device's configuration flash (DCT) does not keep writes: reinstall Device OS (`particle update`)." };
  }
  if (report.diagnosis === "radio-off") {
    return { code: "radio-off",
      summary: "Settings reset, but the Wi-Fi module did not come on within 10 seconds, so no scan was possible: the radio module is most likely damaged (look for a dented metal can on the module, as in the forum thread).",
      nextStep: "Power-cycle it and run `npx photon-netreset rerun`. If the module still does not start, the Photon needs replacing." };
  }
  if (report.diagnosis === "scan-failed") {
    return { code: "scan-failed",
      summary: "Settings reset; the radio came on but the scan for access points failed, so whether it sees your network is not known.",
      nextStep: "Run `npx photon-netreset rerun` to scan again; if it fails again, power-cycle the Photon first." };
  }
  if (report.diagnosis === "no-access-points") {
    return { code: "no-access-points",
      summary: "Settings reset, but with the radio on and the internal antenna selected the Photon sees no access point. Either only 5 GHz networks are in range (the Photon is 2.4 GHz only) or the radio module is damaged (look for a dented metal can on the module, as in the forum thread).",
      nextStep: "Put a 2.4 GHz hotspot (a phone) next to it and run `npx photon-netreset rerun`. Still none: the radio module is damaged." };
  }
  const ok = (summary: string, nextStep: string): Advice => ({ code: "ok", summary, nextStep });
  switch (outcome?.led) {
    case "breathing-cyan":
      return ok("Recovered: dynamic IP, internal antenna, and connected to the Particle cloud.",
        "Flash your own application. Avoid a static IP, and select the external antenna only when one is fitted.");
    case "blinking-blue":
      if (outcome.rejectedCredentials) {
        return ok(`Settings reset, but the credentials entered did not join: ${outcome.reason}.`,
          "Check the network name, password and security type, and that it is 2.4 GHz; then enter the credentials again.");
      }
      return ok(`Settings reset: dynamic IP, internal antenna, no stored networks; ${report.accessPoints} access point(s) in range. The Photon is in listening mode (blinking blue).`, ENTER_CREDENTIALS);
    case "blinking-green":
      return ok(`Settings reset, but it cannot join the network: ${outcome.reason}.`,
        "Check the network name, password and security type, and that it is 2.4 GHz; then enter the credentials again.");
    case "blinking-cyan":
      return ok(`On Wi-Fi but not reaching the cloud: ${outcome.reason}.`,
        "Check the router's internet connection and that it lets UDP port 5684 out.");
    default:
      return ok(`Settings reset; ${outcome ? outcome.reason : "it has not tried to connect"}.`, ENTER_CREDENTIALS);
  }
}
