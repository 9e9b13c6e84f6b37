// After the owner's application is put back: an app in SEMI_AUTOMATIC or
// MANUAL mode that never calls Particle.connect() leaves Wi-Fi off
// (set_system_mode sets SPARK_WLAN_SLEEP, system_mode.cpp at v2.3.1): the
// Photon breathes white and never reaches the cloud, as in the forum thread
// ("after rebooting them they pulse white"). From what the device reported
// while we watched, the verdict and what to change.
import { make, type Advice } from "./advice.ts";
import { CLOUD_STATUS, NETWORK_STATUS } from "./diagnostics.ts";

/** What the device reported at each poll while its application ran. */
export interface WatchedStatus { network: number | null; cloud: number | null }

/** The verdict when Wi-Fi stayed off for the whole watch (never on the cloud); null otherwise. */
export function appNeverConnectsAdvice(watched: WatchedStatus[], seconds: number): Advice | null {
  if (watched.length === 0) return null;
  if (watched.some((w) => w.cloud === CLOUD_STATUS.CONNECTED)) return null;
  if (!watched.every((w) => w.network === NETWORK_STATUS.TURNED_OFF)) return null;
  return make("app-never-connects", {
    headline: "Your app runs but never connects to the cloud (breathing white)", tone: "problem", led: "breathing-white",
    summary: `Your application is running, but in the ${seconds} s we watched it kept Wi-Fi off and never asked for the cloud: `
      + "its SYSTEM_MODE is SEMI_AUTOMATIC or MANUAL and it does not call Particle.connect(), so Device OS leaves the network off (breathing white). "
      + "The network settings are not the problem.",
    nextStep: "In your application, call Particle.connect() in setup() (or remove SYSTEM_MODE(SEMI_AUTOMATIC)/SYSTEM_MODE(MANUAL) for the default AUTOMATIC), "
      + "then flash it again. To get the Photon online meanwhile, flash Tinker: `particle flash --usb tinker`.",
  });
}
