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
import { userPartProblems, inspectUserPart, USER_PART_ADDRESS, type Platform } from "../../model/user-part.ts";
import type { Program } from "../program.ts";
import { connect } from "../environment.ts";
import { bootUntilSettled, MAX_BOOTS, photonFor } from "../run-scenario.ts";
import type { Scenario } from "../scenario.ts";
import type { SimulatedPhoton } from "../simulated-photon.ts";
import { reportToHostJson } from "../../model/report-json.ts";
import type { Report } from "../../model/host-api.ts";
import { ControlEndpoint, type ControlReply } from "./control-endpoint.ts";
import { buildDctImage } from "./dct-image.ts";
import { DfuEndpoint } from "./dfu-endpoint.ts";
import { FirmwareUpdateStaging, ok } from "./firmware-update.ts";
import { ListeningConsole } from "./listening-console.ts";
import { moduleInfo, type UserSlot } from "./module-info.ts";
import { nativeDevice, platforms, type NativeUsbDevice } from "./usb-presence.ts";
import { vendorRequests } from "./vendor-requests.ts";
// issue 20 hooks (Device OS versions): marked "issue 20" below.
import { CONTROL_REQUESTS_FROM, systemModuleVersionOf } from "../../model/device-os-versions.ts";
import { deviceParts } from "../scenario.ts";
import { DEFAULT_DEVICE_OS } from "../system-version.ts";
import type { WifiSettings } from "../wifi-settings.ts";
import { flashMap } from "./flash-map.ts";
import { legacyNetworkRequest } from "./legacy-network-requests.ts";
import { dependencyMet, safeModeLed, type SafeModeLed } from "./safe-mode.ts";

export type { NativeUsbDevice } from "./usb-presence.ts";

const protobuf = protobufModule as unknown as {
  definitions: { cloud: { GetConnectionStatusReply: { encode(m: object): { finish(): Uint8Array } } } };
};

/** Control request types a Photon on 2.3.1 answers (system/inc/system_control.h). */
const REQUEST = {
  APP_CUSTOM: 10, RESET: 40, DFU_MODE: 50, SAFE_MODE: 60, START_LISTENING: 70, STOP_LISTENING: 71, GET_DEVICE_MODE: 72,
  GET_MODULE_INFO: 90, START_FIRMWARE_UPDATE: 250, FINISH_FIRMWARE_UPDATE: 251, CANCEL_FIRMWARE_UPDATE: 252,
  FIRMWARE_UPDATE_DATA: 253, CLOUD_STATUS: 300,
} as const;
/** system_error_t values (services/inc/system_error.h). */
const ERROR = { NONE: 0, NOT_SUPPORTED: -120, NOT_FOUND: -170, INVALID_ARGUMENT: -270 } as const;
/** The C++ host's wait between the computer collecting the "rerun" reply and the reset (firmware/host/src/usb_requests.cpp RERUN_SETTLE_MS). */
const RERUN_SETTLE_MS = 1000;
/** After a firmware update through Device OS, the reset comes 1 s after the reply (finishFirmwareUpdateRequest). */
const UPDATE_RESET_DELAY_MS = 1000;
/** Real milliseconds per virtual millisecond of the program's run, unless told: a 1 s delay() takes 10 ms. */
export const DEFAULT_TIME_SCALE = 0.01;

export type UsbMode = "normal" | "listening" | "dfu";

/** What runs in the user slot: our program, or someone else's application. */
export type Application = { kind: "netreset"; program: Program } | { kind: "other"; name: string };

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
  mode: UsbMode;
  /** Booted in safe mode (breathing magenta): Device OS runs, the user part does not. */
  safeMode = false;
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

  constructor(readonly options: UsbPhotonOptions) {
    this.id = options.id.toLowerCase();
    this.platform = options.platform;
    this.mode = options.mode ?? options.scenario.device.usbMode ?? "normal";
    // issue 20: the scenario's Device OS unless told.
    this.systemVersion = options.systemVersion ?? options.scenario.device.deviceOs ?? DEFAULT_DEVICE_OS;
    this.systemModuleVersion = options.systemModuleVersion ?? systemModuleVersionOf(this.systemVersion) ?? 2302;
    this.app = options.app ?? { kind: "other", name: "the owner's application" };
    this.userSlot = { bin: options.userPart ?? null, slot: null };
    if (options.userPart) void this.describeUserPart(options.userPart);
    // issue 20: an update whose dependency is unmet is accepted; the next boot finds it (safe mode).
    this.staging = new FirmwareUpdateStaging((received) => this.maybeUnplug(received), (bin) => this.moduleFits(bin, false));
    this.endpoint = new ControlEndpoint((type, data) => this.request(type, data), vendorRequests({
      id: this.id, systemVersion: this.systemVersion,
      resetNow: () => this.reenumerate(() => this.boot()),
      cancelCloud: () => {},
    }), this.systemModuleVersion >= CONTROL_REQUESTS_FROM); // issue 20
    this.dfu = new DfuEndpoint(() => this.leaveDfu());
    this.console = new ListeningConsole(this);
    if (this.app.kind === "netreset") {
      this.install(this.app.program);
      if (this.mode !== "dfu") this.bootSettled(); // it has been running already
    }
    if (this.mode === "dfu") this.enterDfu();
  }

  // --- USB presence -------------------------------------------------------------

  /** The node-usb device for the current enumeration. */
  native(): NativeUsbDevice {
    const generation = this.generation;
    return nativeDevice({
      id: this.id, platform: this.platform, dfuMode: this.mode === "dfu",
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
    else this.photon = photonFor(this.options.scenario, program, false);
  }

  /** The device as it is found: our program has been running, its boots (resets included) long over. */
  private bootSettled(): void {
    this.mode = "normal";
    this.safeMode = false;
    if (this.app.kind !== "netreset" || !this.photon) return;
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
  private boot(safeMode = false, found = this.options.faults?.lyingProgram && this.photon ? { ...this.photon.wifi } : null, boots = 0): void {
    // issue 20: a user part this system cannot run (system_part2_loader.c).
    if (!dependencyMet(this.userSlot.slot, this.systemModuleVersion)) safeMode = true;
    this.mode = "normal";
    this.safeMode = safeMode;
    this.bootReport = null; // fresh RAM
    if (safeMode) { // SAFE_MODE connects like AUTOMATIC: no stored network means listening mode
      if (this.safeModeOutcome()?.led === "blinking-blue") this.mode = "listening";
      return;
    }
    if (this.app.kind !== "netreset" || !this.photon) return;
    const photon = this.photon;
    const start = photon.clockMs;
    // The run itself is synchronous; what it did shows when its time has passed.
    const record = photon.boot();
    this.settingUp = true;
    this.after(photon.clockMs - start, () => {
      this.settingUp = false;
      if (record.end !== "returned" && boots + 1 < MAX_BOOTS) return this.reenumerate(() => this.boot(false, found, boots + 1));
      this.bootReport = record.report;
      photon.settle();
      this.settled(found);
      const waiting = this.queued;
      this.queued = [];
      for (const serve of waiting) serve();
    });
  }

  /** setup() has returned: the lying program's settings stay; the LED tells the mode. */
  private settled(found: { antenna: SimulatedPhoton["wifi"]["antenna"]; ipSource: SimulatedPhoton["wifi"]["ipSource"] } | null): void {
    if (!this.photon) return;
    if (found) Object.assign(this.photon.wifi, { antenna: found.antenna, ipSource: found.ipSource });
    if (this.photon.outcome?.led === "blinking-blue") this.mode = "listening";
  }

  get cloudConnected(): boolean {
    // Safe mode: the system connects on its own with the stored networks
    // (system/src/system_mode.cpp set_system_mode: SAFE_MODE → spark_cloud_flag_connect).
    if (this.safeMode) return this.safeModeOutcome()?.cloud ?? false;
    return this.photon?.outcome?.cloud ?? false;
  }

  /** issue 20: safe mode connects with the stored settings, whatever runs in the user slot. */
  private safeModeOutcome() {
    const environment = this.photon?.environment ?? this.options.scenario.environment;
    const hardware = this.photon?.hardware ?? deviceParts(this.options.scenario).hardware;
    return connect(environment, hardware, this.wifiSettings());
  }

  /** issue 20: the LED in safe mode (safe-mode.ts), else what the program's connection shows; null: not modelled. */
  get led(): SafeModeLed | null {
    if (this.mode === "dfu") return null;
    if (this.safeMode) return safeModeLed(this.safeModeOutcome());
    return this.photon?.outcome?.led ?? null;
  }

  /** issue 20: the stored Wi-Fi settings: the program's photon's, or the system's own when no program of ours has run. */
  private ownWifi: WifiSettings | null = null;
  wifiSettings(): WifiSettings {
    return this.photon?.wifi ?? (this.ownWifi ??= deviceParts(this.options.scenario).wifi);
  }

  /** Listening mode ended with new credentials: the device tries to connect. */
  credentialsEntered(): void {
    this.photon?.settle();
    this.mode = this.photon?.outcome?.led === "blinking-blue" ? "listening" : "normal";
  }

  /** network_listen(NETWORK_LISTEN_EXIT): back to what it was doing. */
  stopListening(): void {
    if (this.mode === "listening") this.mode = "normal";
  }

  /** The bootloader's DFU mode: the user part stays in flash; the DCT is readable over alt setting 1. */
  private enterDfu(): void {
    this.mode = "dfu";
    this.safeMode = false;
    const wifi = this.wifiSettings(); // issue 20: one flash map for alt setting 0
    const platformId = platforms[this.platform].id;
    this.dfu.enter(flashMap({ platformId, systemModuleVersion: this.systemModuleVersion, userPart: this.userSlot.bin }), buildDctImage(wifi));
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
    const fits = bin.length > 0 && await this.moduleFits(bin, false);
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
    this.app = program ? { kind: "netreset", program } : { kind: "other", name: "a flashed application" };
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
    switch (type) {
      case REQUEST.GET_DEVICE_MODE: // DeviceMode (control/config.proto): NORMAL_MODE 0, LISTENING_MODE 1
        return ok("GetDeviceModeRequest", { mode: this.mode === "listening" ? 1 : 0 });
      case REQUEST.GET_MODULE_INFO:
        return ok("GetModuleInfoRequest", { modulesDeprecated: moduleInfo(this.systemModuleVersion, this.userSlot.slot) });
      case REQUEST.CLOUD_STATUS:
        return { result: ERROR.NONE, data: Buffer.from(protobuf.definitions.cloud.GetConnectionStatusReply.encode({ status: this.cloudConnected ? 2 : 0 }).finish()) };
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
      case REQUEST.START_LISTENING: this.mode = "listening"; return { result: ERROR.NONE };
      case REQUEST.STOP_LISTENING: this.stopListening(); return { result: ERROR.NONE };
      case REQUEST.APP_CUSTOM: return this.appRequest(data.toString());
      default: // issue 20: 0.8.0-rc.2 to 1.5.x answer the network requests themselves
        return legacyNetworkRequest(this.systemModuleVersion, this.wifiSettings(), type, data) ?? { result: ERROR.NOT_SUPPORTED };
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

  /** Platform, module type, CRC and dependencies, as Device OS checks them. */
  private async moduleFits(bin: Buffer, checkDependency = true): Promise<boolean> {
    try {
      const info = await inspectUserPart(bin);
      const platform = this.platform === "argon" ? undefined : this.platform;
      return userPartProblems(info, { platform, maxSystemVersion: checkDependency ? this.systemModuleVersion : 0xffff }).length === 0
        && (platform !== undefined || info.platformId === platforms[this.platform].id);
    } catch {
      return false;
    }
  }

  /** CTRL_REQUEST_APP_CUSTOM: served on the application thread, so it waits while setup() runs (CHECK answers "pending"). */
  private appRequest(payload: string): ControlReply | Promise<ControlReply> {
    if (!this.settingUp) return this.customRequest(payload);
    return new Promise((resolve) => this.queued.push(() => resolve(this.customRequest(payload))));
  }

  /** firmware/host/src/usb_requests.cpp ctrl_request_custom_handler. */
  private customRequest(payload: string): ControlReply {
    // No user part running (another application, or safe mode): Device OS's default handler answers NOT_SUPPORTED.
    if (this.safeMode || this.app.kind !== "netreset" || !this.photon) return { result: ERROR.NOT_SUPPORTED };
    if (payload === "report") {
      // This boot's report only: before the program has reported, SYSTEM_ERROR_NOT_FOUND.
      const report = this.bootReport;
      this.log.push({ event: "report", enumeration: this.generation });
      return report ? { result: ERROR.NONE, data: Buffer.from(reportToHostJson(report)) } : { result: ERROR.NOT_FOUND };
    }
    if (payload === "rerun") {
      // Once the computer has collected the reply, loop() waits 1 s, then runs the program's rerun (a reset).
      return { result: ERROR.NONE, afterReply: () => this.after(RERUN_SETTLE_MS, () => {
        if (this.photon!.rerun() !== "returned") this.reenumerate(() => this.boot());
      }) };
    }
    return { result: ERROR.INVALID_ARGUMENT };
  }
}
