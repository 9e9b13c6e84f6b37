// What the owner sees after Particle.connect(): Device OS's LED patterns (and
// the program's own), and how a connection attempt ended. Shared by the
// simulator, the advice, the CLI and the page.

/** Device OS's RGB LED patterns for the network and cloud states, and the program's own. */
export const LED_PATTERNS = [
  "breathing-white", // Wi-Fi module off (the thread's "pulsing white")
  "breathing-blue", // Wi-Fi module on, not connected
  "blinking-blue", // listening mode: waiting for credentials
  "blinking-green", // connecting to Wi-Fi
  "breathing-green", // Wi-Fi connected, cloud not
  "blinking-cyan", // connecting to the cloud
  "breathing-cyan", // connected to the cloud
  "breathing-magenta", // safe mode (Device OS alone, the user part not run), connected to the cloud
  "fast-blinking-orange", // the program gave up (eeprom-failure, settings-failure): LED_PRIORITY_IMPORTANT over all the above
] as const;
export type LedPattern = (typeof LED_PATTERNS)[number];

export interface ConnectionOutcome {
  led: LedPattern;
  wifi: boolean;
  cloud: boolean;
  /** Why it stopped there, in the owner's words. */
  reason: string;
  /** Credentials typed in listening mode did not join: Device OS went back to listening mode. */
  rejectedCredentials?: boolean;
  /**
   * Wi-Fi joined, the cloud's handshake failed (blinking cyan, a flash of this
   * colour at every attempt): whose key, and Device OS's error. The simulator's
   * own knowledge: a real device shows only the LED.
   */
  handshakeFailure?: { key: "server" | "device" | "address"; error: string; flash: "red" | "orange" };
}
