// A Photon (or P1) on a simulated USB cable, for testing the flash command
// without hardware. It presents the node-usb device interface that
// particle-usb's openNativeUsbDevice() wraps, so the CLI drives it through
// particle-usb's own request code; it speaks Particle's control-request
// protocol (control-endpoint.ts), decodes protobuf requests with
// @particle/device-os-protobuf, installs a flashed .bin (running the program
// it carries on the simulated Photon), reboots, answers the application
// request from the running program's report, and in listening mode speaks the
// serial console of `particle serial wifi` (listening-console.ts).
import protobufModule from "@particle/device-os-protobuf";
import deviceConstants from "@particle/device-constants";
import { userPartProblems, inspectUserPart, USER_PART_ADDRESS, type Platform } from "../../scripts/lib/user-part.ts";
import type { Program } from "../program.ts";
import { bootUntilSettled, photonFor } from "../run-scenario.ts";
import type { Scenario } from "../scenario.ts";
import type { SimulatedPhoton } from "../simulated-photon.ts";
import { reportToHostJson } from "../host-report-json.ts";
import { ControlEndpoint, type ControlReply } from "./control-endpoint.ts";
import { DfuEndpoint } from "./dfu-endpoint.ts";
import { ListeningConsole } from "./listening-console.ts";

// Default imports of these CommonJS packages (not createRequire): the web page's demo bundles this file.
const protobuf = protobufModule as unknown as {
  decode(name: string, data: Buffer): Record<string, unknown>;
  encode(name: string, data: Record<string, unknown>): Buffer;
  definitions: { cloud: { GetConnectionStatusReply: { encode(m: object): { finish(): Uint8Array } } } };
};
const { platforms } = deviceConstants as {
  platforms: Record<string, { id: number; usb?: { vendorId: string; productId: string }; dfu?: { vendorId: string; productId: string } }>;
};

/** Control request types a Photon on 2.3.1 answers (system/inc/system_control.h). */
const REQUEST = {
  APP_CUSTOM: 10, RESET: 40, DFU_MODE: 50, START_LISTENING: 70, STOP_LISTENING: 71, GET_DEVICE_MODE: 72,
  GET_MODULE_INFO: 90, START_FIRMWARE_UPDATE: 250, FINISH_FIRMWARE_UPDATE: 251, FIRMWARE_UPDATE_DATA: 253, CLOUD_STATUS: 300,
} as const;
/** system_error_t values (services/inc/system_error.h). */
const ERROR = { NONE: 0, NOT_SUPPORTED: -120, NOT_FOUND: -170, INVALID_STATE: -210, INVALID_ARGUMENT: -270, NO_MEMORY: -260 } as const;
const CHUNK_SIZE = 4096;

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
  rebootMs?: number;
  faults?: {
    /** The cable comes out once this many bytes of a firmware update have arrived. */
    unplugAfterBytes?: number;
    /** Opening the device fails as it does without the udev rule. */
    permissionDenied?: boolean;
    /** After a reset it never comes back on USB. */
    neverReboots?: boolean;
  };
}

function usbError(code: string): Error {
  return Object.assign(new Error(code), { errno: code === "LIBUSB_ERROR_ACCESS" ? -3 : -4, code });
}

/** The part of the node-usb Device that particle-usb uses. */
export interface NativeUsbDevice {
  deviceDescriptor: { idVendor: number; idProduct: number; iSerialNumber: number; iProduct: number };
  timeout: number;
  open(): void;
  close(): void;
  getStringDescriptor(index: number, cb: (err: Error | undefined, value?: string) => void): void;
  controlTransfer(bmRequestType: number, bRequest: number, wValue: number, wIndex: number,
    dataOrLength: number | Buffer, cb: (err: Error | undefined, data?: Buffer) => void): void;
  interface(n: number): unknown;
}

export class SimulatedUsbPhoton {
  readonly id: string;
  readonly platform: UsbPhotonOptions["platform"];
  mode: UsbMode;
  readonly systemVersion: string;
  readonly systemModuleVersion: number;
  app: Application;
  /** The Photon itself: state that persists, and the program once one is installed. */
  photon: SimulatedPhoton | null = null;
  attached = true;
  /** Bumped at every re-enumeration: handles from before a reset stop working. */
  private generation = 0;
  private update: { size: number; chunks: Buffer[] } | null = null;
  private readonly endpoint: ControlEndpoint;
  /** What answers in DFU mode: the bootloader's DfuSe. */
  readonly dfu: DfuEndpoint;
  readonly console: ListeningConsole;
  readonly flashed: Buffer[] = [];

  constructor(readonly options: UsbPhotonOptions) {
    this.id = options.id.toLowerCase();
    this.platform = options.platform;
    this.mode = options.mode ?? "normal";
    this.systemVersion = options.systemVersion ?? "2.3.1";
    this.systemModuleVersion = options.systemModuleVersion ?? 2302;
    this.app = options.app ?? { kind: "other", name: "the owner's application" };
    this.endpoint = new ControlEndpoint((type, data) => this.request(type, data), () => this.systemVersion);
    this.dfu = new DfuEndpoint(() => this.leaveDfu());
    this.console = new ListeningConsole(this);
    if (this.app.kind === "netreset") {
      this.install(this.app.program);
      this.boot(); // it has been running already
    }
  }

  // --- USB presence -------------------------------------------------------------

  /** The node-usb device for the current enumeration. */
  native(): NativeUsbDevice {
    const generation = this.generation;
    const live = () => this.attached && this.generation === generation;
    const ids = platforms[this.platform];
    const usb = this.mode === "dfu" ? ids.dfu! : ids.usb!;
    return {
      deviceDescriptor: { idVendor: Number(usb.vendorId), idProduct: Number(usb.productId), iSerialNumber: 3, iProduct: 2 },
      timeout: 0,
      open: () => {
        if (!live()) throw usbError("LIBUSB_ERROR_NO_DEVICE");
        if (this.options.faults?.permissionDenied) throw usbError("LIBUSB_ERROR_ACCESS");
      },
      close: () => {},
      getStringDescriptor: (index, cb) => setImmediate(() => cb(undefined, index === 3 ? this.id.toUpperCase() : `${this.platform}`)),
      controlTransfer: (bmRequestType, bRequest, wValue, wIndex, dataOrLength, cb) => setImmediate(() => {
        if (!live()) return cb(usbError("LIBUSB_ERROR_NO_DEVICE"));
        try {
          const dfu = this.mode === "dfu";
          if (bmRequestType & 0x80) {
            cb(undefined, dfu ? this.dfu.transferIn(bmRequestType, bRequest, wValue, wIndex, dataOrLength as number)
              : this.endpoint.transferIn(bRequest, wValue, wIndex, dataOrLength as number));
          } else {
            if (dfu) this.dfu.transferOut(bmRequestType, bRequest, wValue, wIndex, dataOrLength as Buffer);
            else this.endpoint.transferOut(bRequest, wIndex, dataOrLength as Buffer);
            cb(undefined);
          }
        } catch (e) {
          cb(e as Error);
        }
      }),
      // The DFU interface (DFU mode only): claimed and switched by particle-usb's dfu.js.
      interface: () => (this.mode !== "dfu" ? undefined : {
        claim: () => {},
        release: (cb: (err?: Error) => void) => setImmediate(() => cb()),
        setAltSetting: (_alt: number, cb: (err?: Error) => void) => setImmediate(() => cb()),
      }),
    };
  }

  /** Drops off the bus, runs `whileAway` (the boot), and comes back after it and rebootMs (unless it never does). */
  private reenumerate(whileAway: () => void | Promise<void>): void {
    this.attached = false;
    this.generation++;
    this.endpoint.forgetAll();
    setTimeout(async () => {
      await whileAway();
      if (this.options.faults?.neverReboots) return;
      this.attached = true;
    }, this.options.rebootMs ?? 5);
  }

  unplug(): void {
    this.attached = false;
    this.generation++;
    this.endpoint.forgetAll();
    this.update = null;
  }

  plugIn(): void {
    this.attached = true;
    this.boot();
  }

  // --- what runs on it --------------------------------------------------------------

  private install(program: Program): void {
    if (this.photon) this.photon.flash(program);
    else this.photon = photonFor(this.options.scenario, program, false);
  }

  /** Power-up or reset: our program runs until it settles (resets included); then the LED tells the mode. */
  private boot(): void {
    this.mode = "normal";
    if (this.app.kind !== "netreset" || !this.photon) return;
    bootUntilSettled(this.photon);
    if (this.photon.outcome?.led === "blinking-blue") this.mode = "listening";
  }

  get cloudConnected(): boolean {
    return this.photon?.outcome?.cloud ?? false;
  }

  /** Listening mode ended with new credentials: the device tries to connect. */
  credentialsEntered(): void {
    this.photon?.settle();
    this.mode = this.photon?.outcome?.led === "blinking-blue" ? "listening" : "normal";
  }

  // --- control requests ---------------------------------------------------------------

  private request(type: number, data: Buffer): ControlReply | Promise<ControlReply> {
    if (this.mode === "dfu") return { result: ERROR.NOT_SUPPORTED };
    switch (type) {
      case REQUEST.GET_DEVICE_MODE:
        return this.reply("GetDeviceModeRequest", { mode: this.mode === "listening" ? 1 : 0 });
      case REQUEST.GET_MODULE_INFO:
        return this.reply("GetModuleInfoRequest", { modulesDeprecated: this.modules() });
      case REQUEST.CLOUD_STATUS:
        return { result: ERROR.NONE, data: Buffer.from(protobuf.definitions.cloud.GetConnectionStatusReply.encode({ status: this.cloudConnected ? 2 : 0 }).finish()) };
      case REQUEST.START_FIRMWARE_UPDATE: return this.startUpdate(data);
      case REQUEST.FIRMWARE_UPDATE_DATA: return this.updateData(data);
      case REQUEST.FINISH_FIRMWARE_UPDATE: return this.finishUpdate(data);
      case REQUEST.RESET:
        return { result: ERROR.NONE, afterReply: () => this.reenumerate(() => this.boot()) };
      case REQUEST.DFU_MODE:
        return { result: ERROR.NONE, afterReply: () => this.reenumerate(() => { this.mode = "dfu"; }) };
      case REQUEST.START_LISTENING: this.mode = "listening"; return { result: ERROR.NONE };
      case REQUEST.STOP_LISTENING: this.mode = "normal"; return { result: ERROR.NONE };
      case REQUEST.APP_CUSTOM: return this.appRequest(data.toString());
      default:
        return { result: ERROR.NOT_SUPPORTED };
    }
  }

  /** Encodes the reply of a protobuf request with Device OS's own definitions. */
  private reply(requestName: string, message: Record<string, unknown>): ControlReply {
    const replyName = requestName.replace(/Request$/, "Reply");
    return { result: ERROR.NONE, data: protobuf.encode(replyName, message) };
  }

  private modules() {
    const SYSTEM_PART = 2, USER_PART = 3, BOOTLOADER = 1;
    return [
      { type: BOOTLOADER, index: 0, version: 1200, size: 16384, validity: 0, dependencies: [] },
      { type: SYSTEM_PART, index: 1, version: this.systemModuleVersion, size: 262144, validity: 0, dependencies: [] },
      { type: SYSTEM_PART, index: 2, version: this.systemModuleVersion, size: 262144, validity: 0,
        dependencies: [{ type: SYSTEM_PART, index: 1, version: this.systemModuleVersion }] },
      { type: USER_PART, index: 1, version: 6, size: 8192, validity: 0,
        dependencies: [{ type: SYSTEM_PART, index: 2, version: this.systemModuleVersion }] },
    ];
  }

  private startUpdate(data: Buffer): ControlReply {
    const { size } = protobuf.decode("StartFirmwareUpdateRequest", data) as { size: number };
    if (!size || size > 128 * 1024 + 1024) return { result: ERROR.INVALID_ARGUMENT };
    this.update = { size, chunks: [] };
    return this.reply("StartFirmwareUpdateRequest", { chunkSize: CHUNK_SIZE });
  }

  private updateData(data: Buffer): ControlReply {
    if (!this.update) return { result: ERROR.INVALID_STATE };
    const { data: chunk } = protobuf.decode("FirmwareUpdateDataRequest", data) as { data: Uint8Array };
    this.update.chunks.push(Buffer.from(chunk));
    const received = this.update.chunks.reduce((n, c) => n + c.length, 0);
    const unplugAt = this.options.faults?.unplugAfterBytes;
    if (unplugAt !== undefined && received >= unplugAt) {
      delete this.options.faults!.unplugAfterBytes; // the cable comes out once
      this.unplug();
    }
    return this.reply("FirmwareUpdateDataRequest", {});
  }

  /**
   * Leaving DFU mode: the bootloader starts what is in the user slot, if the
   * module checks pass; otherwise Device OS comes up in safe mode (no application).
   */
  private leaveDfu(): void {
    this.reenumerate(() => {
      this.dfu.reset();
      return this.startFromFlash(this.dfu.image(USER_PART_ADDRESS));
    });
  }

  private async startFromFlash(bin: Buffer): Promise<void> {
    const fits = bin.length > 0 && await this.moduleFits(bin);
    const program = fits ? this.options.programIn(bin) : null;
    if (fits) this.flashed.push(bin);
    this.app = program ? { kind: "netreset", program } : { kind: "other", name: fits ? "a flashed application" : "nothing (safe mode)" };
    if (program) this.install(program);
    this.boot();
  }

  /** Device OS checks the module before it replaces the user part; the old one stays on failure. */
  private async finishUpdate(data: Buffer): Promise<ControlReply> {
    const { validateOnly } = protobuf.decode("FinishFirmwareUpdateRequest", data) as { validateOnly: boolean };
    const update = this.update;
    this.update = null;
    if (!update) return { result: ERROR.INVALID_STATE };
    const bin = Buffer.concat(update.chunks);
    if (bin.length !== update.size || !(await this.moduleFits(bin))) return { result: ERROR.INVALID_ARGUMENT };
    if (validateOnly) return this.reply("FinishFirmwareUpdateRequest", {});
    this.flashed.push(bin);
    const program = this.options.programIn(bin);
    this.app = program ? { kind: "netreset", program } : { kind: "other", name: "a flashed application" };
    if (program) this.install(program);
    return { ...this.reply("FinishFirmwareUpdateRequest", {}), afterReply: () => this.reenumerate(() => this.boot()) };
  }

  /** Platform, module type, CRC and dependencies, as Device OS checks them. */
  private async moduleFits(bin: Buffer): Promise<boolean> {
    try {
      const info = await inspectUserPart(bin);
      const platform = this.platform === "argon" ? undefined : this.platform;
      return userPartProblems(info, { platform, maxSystemVersion: this.systemModuleVersion }).length === 0
        && (platform !== undefined || info.platformId === platforms[this.platform].id);
    } catch {
      return false;
    }
  }

  private appRequest(payload: string): ControlReply {
    // Device OS's default handler answers NOT_SUPPORTED for any other application.
    if (this.app.kind !== "netreset" || !this.photon) return { result: ERROR.NOT_SUPPORTED };
    if (payload === "report") {
      const report = this.photon.lastReport;
      return report ? { result: ERROR.NONE, data: Buffer.from(reportToHostJson(report)) } : { result: ERROR.NOT_FOUND };
    }
    if (payload === "rerun") {
      // The host replies first, then loop() runs the program's rerun (a reset).
      return { result: ERROR.NONE, afterReply: () => { this.photon!.rerun(); this.reenumerate(() => this.boot()); } };
    }
    return { result: ERROR.INVALID_ARGUMENT };
  }
}
