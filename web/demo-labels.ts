// The demo's scenarios in the owner's words (host-shim/scenarios/; a test
// checks every built-in one has a label). Loaded with the page, unlike the demo.
export const DEFAULT_SCENARIO = "forum-static-ip-external-antenna";

export const SCENARIO_LABELS: Record<string, string> = {
  "forum-static-ip-external-antenna": "The forum's Photon: static IP from another network, external antenna with none fitted",
  "owner-app-static-ip": "The forum's Photon, with its own app that set them (saved first, put back after)",
  "forum-marker": "The forum's own fix already ran once, then a network was stored again",
  "five-networks-with-5ghz": "All five network slots full, two of them 5 GHz",
  "wrong-password": "A healthy Photon, then a mistyped Wi-Fi password",
  healthy: "A healthy Photon (nothing wrong)",
  "only-5ghz": "Only 5 GHz networks nearby (the Photon sees none)",
  "damaged-radio": "A damaged radio module",
  "eeprom-stuck": "A worn EEPROM that does not keep the reset's marker",
  "wrong-server-key": "A server key that is not the Particle cloud's (joins Wi-Fi, never the cloud)",
  "unknown-device-key": "A device key the Particle cloud does not know (joins Wi-Fi, never the cloud)",
};

/** A scenario's label, or its name made readable (a scenario added later). */
export const scenarioLabel = (name: string) => SCENARIO_LABELS[name] ?? name.replace(/-/g, " ");
