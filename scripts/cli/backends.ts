// What the CLI needs from USB and serial, as interfaces, so that tests can
// hand it a simulated bus (host-shim/usb/) and real use gets particle-usb and
// serialport. Nothing here is patched: the simulated bus yields genuine
// particle-usb device objects (openNativeUsbDevice over a simulated cable).
// A default import (not createRequire): the web page bundles this file with particle-usb's browser build.
import particleUsbModule from "particle-usb";

/** The part of particle-usb's Device the CLI uses. */
export interface ParticleDevice {
  readonly id: string;
  readonly platformId: number;
  readonly type: string;
  readonly isInDfuMode: boolean;
  readonly firmwareVersion: string | null;
  getDeviceMode(opts?: { timeout?: number }): Promise<string>;
  getFirmwareModuleInfo(opts?: { timeout?: number }): Promise<{ type: string; index: number; version: number }[]>;
  getCloudConnectionStatus(opts?: { timeout?: number }): Promise<string>;
  updateFirmware(data: Buffer, opts: { timeout?: number; progress?: (e: { event: string; bytes: number }) => void }): Promise<void>;
  sendControlRequest(type: number, data?: string | Buffer | null, opts?: { timeout?: number }): Promise<{ result: number; data?: Buffer | string }>;
  reset(opts?: { timeout?: number }): Promise<void>;
  /** Control request 50: restart into the bootloader's DFU mode. */
  enterDfuMode(opts?: { timeout?: number; noReconnectWait?: boolean }): Promise<void>;
  close(): Promise<void>;
  /** DFU mode only (particle-usb adds it to devices in DFU mode). */
  writeOverDfu?(data: Buffer, opts: { altSetting: number; startAddr: number; leave?: boolean; noErase?: boolean;
    progress?: (e: { event: string; bytes: number }) => void }): Promise<void>;
  /** DFU mode only: DfuSe UPLOAD (alt setting 1 is the DCT). */
  readOverDfu?(opts: { altSetting: number; startAddr: number; size: number }): Promise<Uint8Array>;
}

/** A device that is on USB but could not be opened. */
export interface UnopenedDevice { description: string; error: Error }

export interface UsbBackend {
  /** Every Particle device on USB, opened; and those that could not be. */
  openAll(): Promise<{ devices: ParticleDevice[]; unopened: UnopenedDevice[] }>;
}

/** A serial port as the CLI uses it: text in, text out. */
export interface SerialLink {
  write(data: string): void;
  onData(listener: (text: string) => void): void;
  close(): void;
}

export interface SerialBackend {
  /** The USB serial port of this device. */
  open(deviceId: string): Promise<SerialLink>;
}

// particle-usb's error classes, from its error module alone: loading the
// package's main would load the native usb module, which only USB work needs.
const { NotAllowedError } = particleUsbModule as { NotAllowedError: new () => Error };

/** The error and its causes (particle-usb wraps libusb's). */
function* chain(e: unknown): Generator<unknown> {
  for (let x = e, n = 0; x && n < 5; x = (x as { cause?: unknown }).cause, n++) yield x;
}

/** No permission to open the device: particle-usb's NotAllowedError (libusb's ACCESS), or EACCES on a serial port. */
export function isPermissionError(e: unknown): boolean {
  // SecurityError: WebUSB's answer where libusb says LIBUSB_ERROR_ACCESS (the web page).
  return [...chain(e)].some((x) => x instanceof NotAllowedError || (x as NodeJS.ErrnoException).code === "EACCES"
    || (x as Error).name === "SecurityError");
}

/** The device went away (unplugged, reset). */
export function isGoneError(e: unknown): boolean {
  return [...chain(e)].some((x) => /LIBUSB_ERROR_NO_DEVICE|LIBUSB_ERROR_PIPE|LIBUSB_ERROR_IO|not open|being closed|disconnected|No such device/i
    .test(`${(x as Error).message} ${(x as NodeJS.ErrnoException).code ?? ""}`));
}
