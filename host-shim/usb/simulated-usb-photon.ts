// A Photon (or P1) on a simulated USB cable, for testing the flash command
// and Particle's own CLI without hardware. Its jobs are split by capability:
// usb-presence.ts (the node-usb device and descriptors particle-usb opens),
// control-endpoint.ts + vendor-requests.ts (Particle's USB request protocol),
// firmware-update.ts (staging an update), module-info.ts, dfu-endpoint.ts +
// dct-image.ts (DFU mode), listening-console.ts (the serial console). This
// file keeps the device's lifecycle and modes (boot, reset, DFU, safe mode,
// listening) and routes control requests.
// Default imports of these CommonJS packages (not createRequire): the web page's demo bundles this file.
import protobufModule from "@particle/device-os-protobuf";
import { FUNCTION, inspectUserPart, USER_PART_ADDRESS, type Platform } from "../../model/user-part.ts";
import { updateAccepted, userModuleRuns } from "../device-os/user-module.ts";
import type { Program } from "../program.ts";
import { bootUntilSettled, deviceFor, photonFor, type ScenarioDevice } from "../run-scenario.ts";
import { BootLoop } from "../device-os/boot-loop.ts";
import { JOIN_MS, type DeviceOs } from "../device-os/system.ts";
import { APP_REQUEST, DEVICE_MODE, REQUEST, RESULT, parseWifiRequest } from "../../model/control-requests.ts";
import type { Scenario } from "../scenario.ts";
import type { SimulatedPhoton } from "../simulated-photon.ts";
import { reportToHostJson } from "../../model/report-json.ts";
import type { Report } from "../../model/host-api.ts";
import { ControlEndpoint, type ControlReply } from "./control-endpoint.ts";
import { buildDctImage } from "./dct-image.ts";
import { DfuEndpoint } from "./dfu-endpoint.ts";
import { FirmwareUpdateStaging, ok } from "./firmware-update.ts";
import { ListeningConsole } from "./listening-console.ts";
import { moduleInfoReplyData, type UserSlot } from "./module-info.ts";
import { nativeDevice, platforms, type NativeUsbDevice } from "./usb-presence.ts";
import { vendorRequests } from "./vendor-requests.ts";
import { ownerAppBin, runOwnerApp, type OwnerApp } from "../owner-app.ts";
import type { WifiSettings } from "../wifi-settings.ts";
import type { LedPattern } from "../../model/connection.ts";
// issue 20 (Device OS versions): module versions, which requests the system answers, the flash map, safe mode.
import { CONTROL_REQUESTS_FROM, systemModuleVersionOf } from "../../model/device-os-versions.ts";
import { DEFAULT_DEVICE_OS } from "../system-version.ts";
import { flashMap } from "./flash-map.ts";
import { legacyNetworkRequest } from "./legacy-network-requests.ts";
import { systemRequest } from "./system-requests.ts";
import { answersSystemRequest } from "../../model/system-requests-by-release.ts";
import { DctServerKey } from "../dct-server-key.ts";
import { systemScanRequest } from "./system-scan-request.ts";
import { encodeScanList } from "../../model/wifi-scan-list.ts";
import { dependencyMet } from "./safe-mode.ts";

export type { NativeUsbDevice } from "./usb-presence.ts";

const protobuf = protobufModule as unknown as {
  definitions: { cloud: { GetConnectionStatusReply: { encode(m: object): { finish(): Uint8Array } } } };
};

const ERROR = { NONE: RESULT.OK, NOT_SUPPORTED: RESULT.NOT_SUPPORTED, NOT_FOUND: RESULT.NOT_FOUND, INVALID_ARGUMENT: RESULT.INVALID_ARGUMENT } as const;
/** The C++ host's wait between the computer collecting the "rerun" reply and the reset (firmware/host/src/usb_requests.cpp RERUN_SETTLE_MS). */
const RERUN_SETTLE_MS = 1000;
/** After a firmware update through Device OS, the reset comes 1 s after the reply (finishFirmwareUpdateRequest). */
const UPDATE_RESET_DELAY_MS = 1000;
/** Real milliseconds per virtual millisecond of the program's run, unless told: a 1 s delay() takes 10 ms. */
export const DEFAULT_TIME_SCALE = 0.01;

export type UsbMode = "normal" | "listening" | "dfu";

/** What runs in the user slot: our program, or someone else's application. */
export type Application = { kind: "netreset"; program: Program } | { kind: "other"; name: string }
  /** issue 21: the scenario's own application (owner-app.ts), whose image is in the user slot. */
  | { kind: "owner"; app: OwnerApp };

export interface UsbPhotonOptions {
  id: string;
  platform: Platform | "argon";
  mode?: UsbMode;
  systemVersion?: string;
  systemModuleVersion?: number;
  scenario: Scenario;
  /** The program a flashed .bin carries (null: some other application). */
  programIn: (bin: Buffer) => Program | null;
  app?: Application;
  /** The .bin of the application already in the user slot, when known (module info, DFU reads). */
  userPart?: Buffer;
  rebootMs?: number;
  /** The USB serial number in DFU mode when it is not the device id (device-os issue 1425: a batch all gave 00000000010C). */
  dfuSerial?: string;
  /**
   * Real milliseconds per virtual millisecond of the program's run: setup()
   * takes the virtual time its calls took (the boot, delays, the radio, the
   * scan) times this, and so does the rerun's 1 s wait. Default DEFAULT_TIME_SCALE.
   */
  timeScale?: number;
  faults?: {
    /** The cable comes out once this many bytes of a firmware update have arrived. */
    unplugAfterBytes?: number;
    /** Opening the device fails as it does without the udev rule. */
    permissionDenied?: boolean;
    /** After a reset it never comes back on USB. */
    neverReboots?: boolean;
    /**
     * A program that grades itself: its USB report says what it meant to do
     * while the settings it found stay in the DCT (a test of the CLI's DCT
     * check; no real build of ours does this).
     */
    lyingProgram?: boolean;
  };
}

export class SimulatedUsbPhoton {
  readonly id: string;
  readonly platform: UsbPhotonOptions["platform"];
  /** Device OS's system layer: the modes and their transitions (../device-os/system.ts). */
  readonly os: DeviceOs;
  /** What persists whatever runs: the EEPROM, and Device OS over the DCT and the radio world. */
  private readonly world: ScenarioDevice;
  readonly systemVersion: string;
  readonly systemModuleVersion: number;
  app: Application;
  /** The Photon itself: state that persists, and the program once one is installed. */
  photon: SimulatedPhoton | null = null;
  attached = true;
  /** Bumped at every re-enumeration: handles from before a reset stop working. */
  private generation = 0;
  /** Which enumeration this is (a new one after every reset or replug). */
  get enumeration(): number { return this.generation; }
  /** The program's setup() is running (application requests wait). */
  get runningSetup(): boolean { return this.settingUp; }
  private userSlot: { bin: Buffer | null; slot: UserSlot };
  private readonly staging: FirmwareUpdateStaging;
  private readonly endpoint: ControlEndpoint;
  /** What answers in DFU mode: the bootloader's DfuSe. */
  readonly dfu: DfuEndpoint;
  readonly console: ListeningConsole;
  readonly flashed: Buffer[] = [];
  /** Firmware updates finished and report requests answered, in order, with the USB enumeration each was on. */
  readonly log: { event: "update-finished" | "report"; enumeration: number }[] = [];
  /** The program's setup() is running: application requests wait in the queue (a boot ending in a reset loses them). */
  private settingUp = false;
  /** Application requests waiting for setup() to return. */
  private queued: (() => void)[] = [];
  /** This boot's report: the C++ host keeps it in RAM, so a reset forgets it (null: none yet, -170). */
  private bootReport: Report | null = null;
  /** issue 21: how many times the owner's application has started (after a restore, say). */
  ownerAppRuns = 0;

  constructor(readonly options: UsbPhotonOptions) {
    this.id = options.id.toLowerCase();
    this.platform = options.platform;
    this.world = deviceFor(options.scenario);
    this.os = this.world.system;
    const startMode = options.mode ?? options.scenario.device.usbMode ?? "normal";
    // issue 20: the scenario's Device OS unless told.
    this.systemVersion = options.systemVersion ?? options.scenario.device.deviceOs ?? DEFAULT_DEVICE_OS;
    this.systemModuleVersion = options.systemModuleVersion ?? systemModuleVersionOf(this.systemVersion) ?? 2302;
    // issue 21: a scenario's device.app is what runs, and its image is in the user slot.
    const owner = options.scenario.device.app;
    const ownerBin = owner && this.platform !== "argon" ? ownerAppBin(owner, this.platform) : undefined;
    this.app = options.app ?? (owner ? { kind: "owner", app: owner } : { kind: "other", name: "the owner's application" });
    const userPart = options.userPart ?? (this.app.kind === "owner" ? ownerBin : undefined);
    this.userSlot = { bin: userPart ?? null, slot: null };
    if (userPart) void this.describeUserPart(userPart);
    // issue 20: an update whose dependency is unmet is accepted; the next boot finds it (safe mode).
    this.staging = new FirmwareUpdateStaging((received) => this.maybeUnplug(received), (bin) => this.moduleFits(bin, "update"));
    this.endpoint = new ControlEndpoint((type, data) => this.request(type, data), vendorRequests({
      id: this.id, systemVersion: this.systemVersion,
      resetNow: () => this.reenumerate(() => this.boot()),
      cancelCloud: () => this.os.cancelConnection(), // processVendorRequest → cancelNetworkConnection(true)
    }), this.systemModuleVersion >= CONTROL_REQUESTS_FROM); // issue 20
    this.dfu = new DfuEndpoint(() => this.leaveDfu(), (offset, bytes) => this.os.world.cloud?.serverKey.write(offset, bytes));
    if (this.os.world.cloud) this.os.world.cloud.systemModuleVersion = this.systemModuleVersion; // the handshake's Device OS is this one
    this.console = new ListeningConsole(this);
    if (this.app.kind === "netreset") {
      this.install(this.app.program);
      if (startMode !== "dfu") this.bootSettled(); // it has been running already
    }
    if (startMode === "dfu") this.enterDfu();
    if (startMode === "listening") this.os.startListening();
  }

  /** The mode a computer sees (GetDeviceModeRequest, DFU enumeration); safe mode is normal to it. */
  get mode(): UsbMode {
    const m = this.os.mode;
    return m === "safe" ? "normal" : m;
  }

  /** Booted in safe mode (breathing magenta): Device OS runs, the user part does not. */
  get safeMode(): boolean {
    return this.os.safeMode;
  }

  // --- USB presence -------------------------------------------------------------

  /** The USB serial number now: the device id, or in DFU mode the bootloader's, when it differs (dfuSerial). */
  get usbSerial(): string { return this.mode === "dfu" ? (this.options.dfuSerial ?? this.id).toLowerCase() : this.id; }

  /** The node-usb device for the current enumeration. */
  native(): NativeUsbDevice {
    const generation = this.generation;
    return nativeDevice({
      id: this.usbSerial, platform: this.platform, dfuMode: this.mode === "dfu",
      live: () => this.attached && this.generation === generation,
      permissionDenied: Boolean(this.options.faults?.permissionDenied),
      endpoint: this.endpoint, dfu: this.dfu,
    });
  }

  /**
   * Drops off the bus (requests in flight and queued are lost), and after
   * rebootMs runs `whileAway` (Device OS starting: the mode, DFU, installing)
   * and comes back (unless it never does). The program's setup() then runs
   * on the bus, in real time (boot()).
   */
  private reenumerate(whileAway: () => void | Promise<void>): void {
    this.goAway();
    setTimeout(async () => {
      await whileAway();
      if (this.options.faults?.neverReboots) return;
      this.attached = true;
    }, this.options.rebootMs ?? 5);
  }

  /** Off the bus: handles from before stop working, and what the application had queued is gone. */
  private goAway(): void {
    this.attached = false;
    this.generation++;
    this.endpoint.forgetAll();
    this.settingUp = false;
    this.queued = [];
  }

  unplug(): void {
    this.goAway();
    this.staging.cancel();
  }

  plugIn(): void {
    this.attached = true;
    this.boot();
  }

  /** Real time for `virtualMs` of the program's run. */
  private after(virtualMs: number, then: () => void): void {
    const generation = this.generation;
    setTimeout(() => { if (this.generation === generation) then(); }, virtualMs * (this.options.timeScale ?? DEFAULT_TIME_SCALE));
  }

  private maybeUnplug(received: number): void {
    const unplugAt = this.options.faults?.unplugAfterBytes;
    if (unplugAt !== undefined && received >= unplugAt) {
      delete this.options.faults!.unplugAfterBytes; // the cable comes out once
      this.unplug();
    }
  }

  // --- what runs on it --------------------------------------------------------------

  private install(program: Program): void {
    if (this.photon) this.photon.flash(program);
    else this.photon = photonFor(this.options.scenario, program, false, this.world);
  }

  /** The device as it is found: our program has been running, its boots (resets included) long over. */
  private bootSettled(): void {
    if (this.app.kind !== "netreset" || !this.photon) {
      this.os.start();
      return;
    }
    const found = this.options.faults?.lyingProgram ? { ...this.photon.wifi } : null;
    const boots = bootUntilSettled(this.photon);
    this.bootReport = boots.at(-1)?.report ?? null;
    this.settled(found);
  }

  /**
   * Power-up or reset: Device OS is up (on USB); our program's setup() runs
   * for the virtual time it takes, scaled. Application requests wait for it
   * (system_task.cpp: the application queue is processed between loop()
   * calls; the program's delays are short or Wi-Fi is asleep). A boot that
   * ends in System.reset() re-enumerates, losing them.
   */
  private boot(safeMode = false, found = this.options.faults?.lyingProgram && this.photon ? { ...this.photon.wifi } : null): void {
    // issue 20: a user part this system cannot run (system_part2_loader.c) means safe mode.
    if (!dependencyMet(this.userSlot.slot, this.systemModuleVersion)) safeMode = true;
    // HAL_Core_Validate_User_Module: a user slot whose header or CRC does not hold is not run.
    if (this.userSlot.bin && this.platform !== "argon" && !userModuleRuns(this.userSlot.bin, platforms[this.platform].id)) safeMode = true;
    this.bootReport = null; // fresh RAM
    if (!safeMode && this.app.kind === "owner") { this.ownerAppStarts(this.app.app); return; } // issue 21
    // Safe mode (Device OS alone) connects like AUTOMATIC; another application is not modelled further.
    if (safeMode || this.app.kind !== "netreset" || !this.photon) {
      this.os.start(safeMode ? "safe" : "normal");
      return;
    }
    const photon = this.photon;
    const loop = new BootLoop(() => photon.settle());
    const once = () => {
      const start = photon.clockMs;
      // The run itself is synchronous; what it did shows when its time has passed.
      const record = photon.boot();
      this.settingUp = true;
      this.after(photon.clockMs - start, () => {
        this.settingUp = false;
        if (loop.next(record)) return this.reenumerate(once);
        this.bootReport = record.report;
        this.settled(found);
        const waiting = this.queued;
        this.queued = [];
        for (const serve of waiting) serve();
      });
    };
    once();
  }

  /** setup() has returned: the lying program's settings stay. */
  private settled(found: Pick<SimulatedPhoton["wifi"], "antenna" | "antennaByte" | "ipSource"> | null): void {
    if (this.photon && found) Object.assign(this.photon.wifi, { antenna: found.antenna, antennaByte: found.antennaByte, ipSource: found.ipSource });
  }

  /**
   * The owner's application starts (system/src/main.cpp app_loop, system_mode.cpp
   * set_system_mode at v2.3.1): SEMI_AUTOMATIC and MANUAL keep Wi-Fi off
   * (SPARK_WLAN_SLEEP) and run setup() at once, connecting only if it calls
   * Particle.connect(); AUTOMATIC connects first and, without
   * SYSTEM_THREAD(ENABLED), runs setup() only once the cloud is connected; with
   * it, setup() runs on its own thread while the system joins (its settings are
   * stored before the join ends: a choice, the join takes seconds). What setup()
   * sets is written to the DCT each time (owner-app.ts).
   */
  private ownerAppStarts(app: OwnerApp): void {
    this.ownerAppRuns++;
    this.os.start("normal");
    const wifi = this.os.world.wifi;
    const inSetup = app.settingsCalledIn === "setup";
    if (!inSetup) runOwnerApp(app, wifi); // STARTUP(): before the system does anything with the network
    const setup = () => { if (inSetup) runOwnerApp(app, wifi); };
    if ((app.systemMode ?? "automatic") !== "automatic") {
      setup();
      if (app.connects ?? true) this.os.connect();
      return; // never asked to connect: Wi-Fi off, breathing white
    }
    if (app.systemThread) {
      setup();
      this.os.connect();
      return;
    }
    this.os.connect();
    if (this.os.cloudConnected) setup(); // stored now, used from the next connection
  }

  get cloudConnected(): boolean {
    return this.os.cloudConnected;
  }

  /**
   * CloudDiagnostics' status (control/cloud.cpp getConnectionStatus): 2
   * connected; 1 connecting while Wi-Fi is joined and the cloud is not
   * (Device OS keeps trying: the socket or the handshake fails; chosen:
   * between tries it is 0 for the backoff, 1 s for the first 5, so a read
   * mostly finds it connecting; docs/conformance-usb.md); else 0.
   */
  get cloudStatus(): 0 | 1 | 2 {
    if (this.cloudConnected) return 2;
    const o = this.os.outcome;
    return this.mode !== "dfu" && o?.wifi && !o.cloud && this.os.cloudFlag ? 1 : 0;
  }

  /** The DCT's Wi-Fi settings, whatever runs (tests and the page's demo read them). */
  wifiSettings(): WifiSettings { return this.os.world.wifi; }

  /** What the owner sees (Device OS's pattern, the program's over it); null in DFU mode, which is not modelled as an LED here. */
  get led(): LedPattern | null {
    if (this.mode === "dfu") return null;
    return this.photon && !this.safeMode ? this.photon.led : this.os.led;
  }

  /** Listening mode has ended with credentials stored: the join takes JOIN_MS of the device's time, then ends as Device OS says. */
  joinAfterListening(): void {
    this.after(JOIN_MS, () => this.os.finishJoin());
  }

  /** network_listen(NETWORK_LISTEN_EXIT) (control request 71, the console's 'x'): with credentials, it connects. */
  stopListening(): void {
    this.os.stopListening();
    this.joinAfterListening();
  }

  /** The bootloader's DFU mode: the user part stays in flash; the DCT is readable over alt setting 1. */
  private enterDfu(): void {
    this.os.enterDfu();
    // issue 20: one flash map for alt setting 0 (system part 2's module info, the user part).
    const platformId = platforms[this.platform].id;
    this.dfu.enter(flashMap({ platformId, systemModuleVersion: this.systemModuleVersion, userPart: this.userSlot.bin }), buildDctImage(this.os.world.wifi, this.os.world.cloud?.serverKey));
  }

  /**
   * Leaving DFU mode: the bootloader starts what is in the user slot. Nothing
   * downloaded there: the application it had runs on. A new image runs if the
   * module checks pass; otherwise Device OS comes up in safe mode.
   */
  private leaveDfu(): void {
    this.reenumerate(() => {
      this.dfu.reset();
      if (!this.dfu.downloaded(USER_PART_ADDRESS)) return this.boot();
      return this.startFromFlash(this.dfu.image(USER_PART_ADDRESS));
    });
  }

  private async startFromFlash(bin: Buffer): Promise<void> {
    // issue 20: an unmet dependency is found at boot (boot() → safe mode), like any other.
    const fits = bin.length > 0 && await this.moduleFits(bin, "boot");
    if (!fits) {
      this.app = { kind: "other", name: "nothing (safe mode)" };
      return this.boot(true); // a user part failing its checks: safe mode
    }
    await this.installBin(bin);
    this.boot();
  }

  private async installBin(bin: Buffer): Promise<void> {
    this.flashed.push(bin);
    await this.describeUserPart(bin);
    const program = this.options.programIn(bin);
    const owner = this.options.scenario.device.app; // issue 21: the owner's own image, restored
    this.app = program ? { kind: "netreset", program }
      : owner && this.platform !== "argon" && bin.equals(ownerAppBin(owner, this.platform)) ? { kind: "owner", app: owner }
      : { kind: "other", name: "a flashed application" };
    if (program) this.install(program);
  }

  private async describeUserPart(bin: Buffer): Promise<void> {
    this.userSlot = { bin, slot: null };
    try {
      const info = await inspectUserPart(bin);
      if (this.userSlot.bin === bin) this.userSlot.slot = { bytes: bin.length, info };
    } catch { /* not a module: reported as unknown */ }
  }

  // --- control requests ---------------------------------------------------------------

  private request(type: number, data: Buffer): ControlReply | Promise<ControlReply> {
    // 0.8.0-rc.2..rc.14 and 1.0.x lack device mode and cloud status: processRequest's default
    // hands them to the application's handler, whose default answers NOT_SUPPORTED.
    if ((type === REQUEST.GET_DEVICE_MODE || type === REQUEST.CLOUD_STATUS) && !answersSystemRequest(this.systemModuleVersion, type)) {
      return { result: ERROR.NOT_SUPPORTED };
    }
    switch (type) {
      case REQUEST.GET_DEVICE_MODE:
        return ok("GetDeviceModeRequest", { mode: this.os.listening ? DEVICE_MODE.LISTENING_MODE : DEVICE_MODE.NORMAL_MODE });
      case REQUEST.MODULE_INFO:
        return { result: ERROR.NONE, data: moduleInfoReplyData(this.systemModuleVersion, platforms[this.platform].id, this.userSlot.slot) };
      case REQUEST.CLOUD_STATUS:
        return { result: ERROR.NONE, data: Buffer.from(protobuf.definitions.cloud.GetConnectionStatusReply.encode({ status: this.cloudStatus }).finish()) };
      case REQUEST.START_FIRMWARE_UPDATE: return this.staging.start(data);
      case REQUEST.FIRMWARE_UPDATE_DATA: return this.staging.data(data);
      case REQUEST.CANCEL_FIRMWARE_UPDATE: this.staging.cancel(); return { result: ERROR.NONE };
      case REQUEST.FINISH_FIRMWARE_UPDATE: return this.finishUpdate(data);
      // Reset, DFU and safe mode answer first, then act (system_control_internal.cpp, setResult with a completion handler).
      case REQUEST.RESET:
        return { result: ERROR.NONE, afterReply: () => this.reenumerate(() => this.boot()) };
      case REQUEST.DFU_MODE:
        return { result: ERROR.NONE, afterReply: () => this.reenumerate(() => this.enterDfu()) };
      case REQUEST.SAFE_MODE: // System.enterSafeMode(): restarts with the user part not run
        return { result: ERROR.NONE, afterReply: () => this.reenumerate(() => this.boot(true)) };
      case REQUEST.START_LISTENING: this.os.startListening(); return { result: ERROR.NONE };
      case REQUEST.STOP_LISTENING: this.stopListening(); return { result: ERROR.NONE };
      case REQUEST.APP_CUSTOM: return this.appRequest(data);
      default: // issue 20: 0.8.0-rc.2 to 1.5.x answer the network requests themselves
        return systemRequest({ os: this.os, id: this.id, systemVersion: this.systemVersion, systemModuleVersion: this.systemModuleVersion, claimed: false,
          serverKeyField: (this.os.world.cloud?.serverKey ?? new DctServerKey()).field }, type, data)
          ?? legacyNetworkRequest(this.systemModuleVersion, this.os, type, data)
          ?? systemScanRequest(this.systemModuleVersion, this.os.world, type) ?? { result: ERROR.NOT_SUPPORTED };
    }
  }

  /** Device OS checks the module before it replaces the user part; the old one stays on failure. */
  private async finishUpdate(data: Buffer): Promise<ControlReply> {
    const staged = await this.staging.finish(data);
    if ("result" in staged) return staged;
    if (staged.validateOnly) return ok("FinishFirmwareUpdateRequest");
    await this.installBin(staged.bin);
    this.log.push({ event: "update-finished", enumeration: this.generation });
    // The completion handler waits 1 s, then resets (system/src/control/storage.cpp
    // finishFirmwareUpdateRequest → system_pending_shutdown(RESET_REASON_UPDATE)):
    // meanwhile the old program still runs and answers.
    return { ...ok("FinishFirmwareUpdateRequest"), afterReply: () => this.after(UPDATE_RESET_DELAY_MS, () => this.reenumerate(() => this.boot())) };
  }

  /**
   * Device OS's checks of a user part arriving as an update (HAL_FLASH_End) or
   * found in the slot at boot (HAL_Core_Validate_User_Module), both in
   * device-os/user-module.ts, and its module type. An unmet dependency is
   * found at the boot after (boot() → safe mode). The Argon's Gen 3 flash
   * layout is not modelled: the CRC of the whole file stands in.
   */
  private async moduleFits(bin: Buffer, arrival: "update" | "boot"): Promise<boolean> {
    const platformId = platforms[this.platform].id;
    if (this.platform !== "argon" && !(arrival === "update" ? updateAccepted(bin, platformId) : userModuleRuns(bin, platformId))) return false;
    try {
      const info = await inspectUserPart(bin);
      return info.moduleFunction === FUNCTION.USER_PART && info.platformId === platformId && (this.platform !== "argon" || info.crcOk);
    } catch {
      return false;
    }
  }

  /** CTRL_REQUEST_APP_CUSTOM: served on the application thread, so it waits while setup() runs (CHECK answers "pending"). */
  private appRequest(payload: Buffer): ControlReply | Promise<ControlReply> {
    if (!this.settingUp) return this.customRequest(payload);
    return new Promise((resolve) => this.queued.push(() => resolve(this.customRequest(payload))));
  }

  /** firmware/host/src/usb_requests.cpp ctrl_request_custom_handler. */
  private customRequest(bytes: Buffer): ControlReply {
    // No user part running (another application, or safe mode): Device OS's default handler answers NOT_SUPPORTED.
    if (this.safeMode || this.app.kind !== "netreset" || !this.photon) return { result: ERROR.NOT_SUPPORTED };
    const payload = bytes.toString();
    const wifi = parseWifiRequest(bytes);
    if (wifi) {
      // WiFi.setCredentials(ssid, key, UNSEC or WEP) on the application thread;
      // with SYSTEM_THREAD(ENABLED) that runs in listening mode too (docs/conformance-usb.md).
      const result = this.os.setCredentialsFromApp(wifi.security, wifi.ssid, wifi.key);
      return { result: result === 0 ? ERROR.NONE : ERROR.INVALID_ARGUMENT };
    }
    if (payload === APP_REQUEST.report) {
      // This boot's report only: before the program has reported, SYSTEM_ERROR_NOT_FOUND.
      const report = this.bootReport;
      this.log.push({ event: "report", enumeration: this.generation });
      return report ? { result: ERROR.NONE, data: Buffer.from(reportToHostJson(report)) } : { result: ERROR.NOT_FOUND };
    }
    if (payload === APP_REQUEST.scan) {
      // What this boot's scan saw (scan_list.cpp), in RAM: none before the scan, SYSTEM_ERROR_NOT_FOUND.
      const list = this.photon.scanList;
      return list ? { result: ERROR.NONE, data: encodeScanList(list) } : { result: ERROR.NOT_FOUND };
    }
    if (payload === APP_REQUEST.rerun) {
      // Once the computer has collected the reply, loop() waits 1 s, then runs the program's rerun (a reset).
      return { result: ERROR.NONE, afterReply: () => this.after(RERUN_SETTLE_MS, () => {
        if (this.photon!.rerun() !== "returned") this.reenumerate(() => this.boot());
      }) };
    }
    return { result: ERROR.INVALID_ARGUMENT };
  }
}
