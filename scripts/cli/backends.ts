// What the CLI needs from USB and serial, as interfaces, so that tests can
// hand it a simulated bus (host-shim/usb/) and real use gets particle-usb and
// serialport. Nothing here is patched: the simulated bus yields genuine
// particle-usb device objects (openNativeUsbDevice over a simulated cable).

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
  close(): Promise<void>;
  /** DFU mode only (particle-usb adds it to devices in DFU mode). */
  writeOverDfu?(data: Buffer, opts: { altSetting: number; startAddr: number; leave?: boolean; noErase?: boolean;
    progress?: (e: { event: string; bytes: number }) => void }): Promise<void>;
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

/** An error's name and message, and those of its causes (particle-usb wraps libusb's). */
function errorText(e: unknown): string {
  const parts: string[] = [];
  for (let x = e as { name?: string; message?: string; cause?: unknown } | undefined; x && parts.length < 5; x = x.cause as typeof x) {
    parts.push(`${x.name ?? ""}: ${x.message ?? String(x)}`);
  }
  return parts.join(" <- ");
}

export function isPermissionError(e: unknown): boolean {
  // SecurityError "Access denied.": WebUSB's answer where libusb says LIBUSB_ERROR_ACCESS (the web page).
  return /NotAllowedError|SecurityError|LIBUSB_ERROR_ACCESS|EACCES|permission denied|Access denied/i.test(errorText(e));
}

export function isGoneError(e: unknown): boolean {
  return /LIBUSB_ERROR_NO_DEVICE|LIBUSB_ERROR_PIPE|LIBUSB_ERROR_IO|not open|being closed|disconnected|No such device/i.test(errorText(e));
}
