// Device OS 2.3.1's system layer in the simulated Photon: which mode it is
// in, and the transitions the source has. One instance per device; every
// driver (the scenario runner, the native harness, the simulated USB Photon
// and its listening console, the page's demo) asks and moves this state
// rather than guessing it from the LED. Table: docs/simulator.md.
import type { ConnectionOutcome, LedPattern } from "../../model/connection.ts";
import type { Environment, Hardware } from "../environment.ts";
import type { StoredCredential, WifiSettings } from "../wifi-settings.ts";
import { afterHandshake, type CloudKeys } from "./cloud-handshake.ts";
import { connect } from "./network.ts";
import { accessPointSecurity, credentialCheck, storedKey, toSecurity, WLAN_RESULT } from "./wlan-credentials.ts";
import { reachableAccessPoints } from "../environment.ts";
import { NETWORK_STATUS } from "../../model/diagnostics.ts";
import type { Cipher } from "../../model/setup-console.ts";
import type { Security } from "../../model/wifi.ts";

/** What runs: Device OS and the user part, Device OS alone (safe mode, breathing magenta), or the bootloader (DFU, blinking yellow). */
export type RunMode = "normal" | "safe" | "dfu";
/** The mode a computer asks for (GetDeviceModeRequest) and the owner sees: listening mode is a network state over normal or safe mode. */
export type SystemMode = RunMode | "listening";

/** What the system layer acts on: the radio world, the hardware, the DCT's Wi-Fi settings. */
export interface DeviceOsWorld {
  environment: Environment;
  hardware: Hardware;
  wifi: WifiSettings;
  /** The DCT's server key and the cloud's side of the handshake (cloud-handshake.ts); absent: it always succeeds. */
  cloud?: CloudKeys;
}

/**
 * Virtual time a join takes once listening mode has ended with credentials:
 * wlan_connect_finalize joins and waits for DHCP in one blocking call. The
 * source sets no figure; chosen (docs/conformance.md).
 */
export const JOIN_MS = 8000;

export type SystemEvent = { kind: "led" | "owner" | "mode"; text: string };

export class DeviceOs {
  private run: RunMode = "normal";
  private listeningNow = false;
  /** WLAN_LISTEN_ON_FAILED_CONNECT (system_network_internal.h). */
  listenOnFailedConnect = false;
  /** wifi_creds_changed (wlan_hal.cpp): credentials stored since listening mode began. */
  private credsChanged = false;
  /** SPARK_WLAN_STARTED: connect() has run since power-up. */
  private wlanStarted = false;
  /** Listening mode has ended with credentials; the join runs until finishJoin(). */
  private joining = false;
  /** How the latest connection attempt ended; null: none since power-up. */
  outcome: ConnectionOutcome | null = null;
  /** Device OS's own LED pattern. */
  led: LedPattern = "breathing-white";
  /** The timeline's listener (the simulated Photon's). */
  onEvent: ((e: SystemEvent) => void) | null = null;

  constructor(readonly world: DeviceOsWorld) {}

  get mode(): SystemMode {
    if (this.run === "dfu") return "dfu";
    return this.listeningNow ? "listening" : this.run;
  }

  get listening(): boolean { return this.mode === "listening"; }

  /**
   * NetworkDiagnostics::Status (system_network_diagnostics.h): off until
   * connect() or listening turns Wi-Fi on; connecting while a join runs or a
   * stored network does not join (blinking green); connected once on Wi-Fi.
   */
  get networkStatus(): number {
    if (this.listeningNow) return NETWORK_STATUS.DISCONNECTED;
    if (this.joining) return NETWORK_STATUS.CONNECTING;
    if (this.outcome) return this.outcome.wifi ? NETWORK_STATUS.CONNECTED : NETWORK_STATUS.CONNECTING;
    return this.led === "breathing-white" ? NETWORK_STATUS.TURNED_OFF : NETWORK_STATUS.DISCONNECTED;
  }
  get safeMode(): boolean { return this.run === "safe"; }
  /** SPARK_CLOUD_CONNECT: the system wants the cloud (cleared by spark_cloud_flag_disconnect, set again by connect()). */
  cloudFlag = true;
  get cloudConnected(): boolean { return this.run !== "dfu" && !this.joining && (this.outcome?.cloud ?? false); }

  private setLed(led: LedPattern): void {
    if (led === this.led) return;
    this.led = led;
    this.onEvent?.({ kind: "led", text: led });
  }

  private setMode(change: () => void): void {
    const before = this.mode;
    change();
    if (this.mode !== before) this.onEvent?.({ kind: "mode", text: `${before} → ${this.mode}` });
  }

  /**
   * Power-up or reset (fresh RAM: every network flag is clear). SEMI_AUTOMATIC
   * keeps Wi-Fi off until the program turns it on; SAFE_MODE connects like
   * AUTOMATIC (system_mode.cpp set_system_mode → spark_cloud_flag_connect).
   */
  start(mode: "normal" | "safe" = "normal"): void {
    this.setMode(() => { this.run = mode; this.listeningNow = false; });
    this.listenOnFailedConnect = this.credsChanged = this.wlanStarted = this.joining = false;
    this.cloudFlag = true; // fresh RAM; SEMI_AUTOMATIC's cloud flag is not modelled apart (Wi-Fi stays off until connect())
    this.outcome = null;
    this.setLed("breathing-white");
    if (mode === "safe") this.connect();
  }

  /** HAL_Core_Enter_Bootloader: the bootloader's DFU mode; Device OS is not running. */
  enterDfu(): void {
    this.setMode(() => { this.run = "dfu"; this.listeningNow = false; });
    this.joining = false;
    this.outcome = null;
  }

  /** on() has returned: the NETWORK_ON background signal (breathing blue) over the module-off white. */
  wifiOn(): void {
    if (this.led === "breathing-white") this.setLed("breathing-blue");
  }

  /**
   * ManagedNetworkInterface::connect(): no credentials → listen(); otherwise
   * join (connect_finalize) and end as network.ts says, back in listening
   * mode when WLAN_LISTEN_ON_FAILED_CONNECT is set. Ignored while listening.
   */
  connect(): ConnectionOutcome | null {
    if (this.run === "dfu" || this.listeningNow) return this.outcome;
    this.wlanStarted = true;
    this.cloudFlag = true;
    const w = this.world;
    const outcome = afterHandshake(connect(w.environment, w.hardware, w.wifi, this.listenOnFailedConnect), w.cloud);
    this.outcome = outcome;
    if (outcome.led === "blinking-blue") this.startListening();
    // Safe mode: breathing magenta only once the cloud is connected (system_task.cpp); until then the network's pattern.
    else this.setLed(this.run === "safe" && outcome.cloud ? "breathing-magenta" : outcome.led);
    return outcome;
  }

  /**
   * spark_cloud_flag_disconnect (control request 302, the raw vendor request
   * 302's cancelNetworkConnection): the cloud session ends, Wi-Fi stays
   * (breathing green) until the next connect().
   */
  disconnectCloud(): void {
    this.cloudFlag = false;
    if (!this.outcome?.cloud || this.run === "dfu") return;
    this.outcome = { ...this.outcome, cloud: false, led: "breathing-green", reason: "the cloud connection was closed on request" };
    this.setLed("breathing-green");
  }

  /**
   * cancelNetworkConnection(true) (usb_control_request_channel.cpp, the raw
   * vendor request 302): no reconnecting (spark_cloud_flag_disconnect,
   * SPARK_WLAN_SLEEP = 1), the attempt cancelled and the cloud aborted: Wi-Fi
   * goes off (breathing white).
   */
  cancelConnection(): void {
    if (this.run === "dfu" || this.listeningNow) return;
    this.cloudFlag = false;
    this.joining = false;
    this.outcome = null;
    this.setLed("breathing-white");
  }

  /** listen(): listening mode (blinking blue); wlan_smart_config_init clears wifi_creds_changed. */
  startListening(): void {
    if (this.run === "dfu") return;
    this.setMode(() => { this.listeningNow = true; });
    this.joining = false;
    this.credsChanged = false;
    this.setLed("blinking-blue");
  }

  /**
   * Listening mode ends: STOP_LISTENING (listen(true)), the console's 'x', or
   * the console having saved credentials (WLAN_SERIAL_CONFIG_DONE). Then
   * WLAN_LISTEN_ON_FAILED_CONNECT = wifi_creds_changed && wlanStarted, and
   * with credentials it connects; finishJoin() says how that ended.
   */
  stopListening(): void {
    if (!this.listeningNow) return;
    this.setMode(() => { this.listeningNow = false; });
    this.listenOnFailedConnect = this.credsChanged && this.wlanStarted;
    if (this.world.wifi.credentials().length === 0) {
      this.setLed("breathing-blue");
      return;
    }
    this.wlanStarted = true;
    this.joining = true;
    this.outcome = null;
    this.setLed("blinking-green"); // LED_SIGNAL_START(NETWORK_CONNECTING) before connect_finalize
  }

  /** The join started by stopListening() has ended (after JOIN_MS): its outcome, or null if none was running. */
  finishJoin(): ConnectionOutcome | null {
    if (!this.joining) return null;
    this.joining = false;
    return this.connect();
  }

  /** add_wiced_wifi_credentials has written an entry (wifi_creds_changed = true). */
  stored(entry: StoredCredential, by: string): void {
    this.world.wifi.setCredentials(entry);
    this.credsChanged = true;
    this.onEvent?.({ kind: "owner", text: `${by} stored credentials for "${entry.ssid}" (${entry.security})` });
  }

  /**
   * WiFi.setCredentials(ssid, key, UNSEC or WEP) from the application, with
   * no cipher: network_set_credentials → wlan_set_credentials_internal, where
   * toSecurity gives WICED_SECURITY_OPEN (0) or WICED_SECURITY_WEP_PSK (1),
   * both valid for wlan_join; add_wiced_wifi_credentials hex-decodes a WEP
   * key. The WLAN result (0: stored).
   */
  setCredentialsFromApp(security: "open" | "wep", ssid: Uint8Array, key: Uint8Array): number {
    return this.setCredentials(security, undefined, ssid, key, "the program (USB request \"wifi\")");
  }

  /**
   * wlan_set_credentials (hal/src/photon/wlan_hal.cpp): toSecurity with the
   * given cipher (WPA without one sniffs the network, which must be in range),
   * wlan_set_credentials_internal's checks, then add_wiced_wifi_credentials.
   */
  setCredentials(security: Security, cipher: Cipher | undefined, ssid: Uint8Array, key: Uint8Array, by: string): number {
    const name = new TextDecoder().decode(ssid);
    const seen = reachableAccessPoints(this.world.environment, this.world.hardware, this.world.wifi).find((ap) => ap.ssid === name);
    const wiced = toSecurity(security, cipher, seen ? accessPointSecurity(seen.security) : undefined);
    const result = credentialCheck(ssid, wiced, key);
    if (result !== WLAN_RESULT.OK) return result;
    const password = security === "open" ? undefined : String.fromCharCode(...storedKey(wiced!, key));
    this.stored({ ssid: name, security, password, wiced: wiced! }, by);
    return result;
  }
}
