// The parts of WebUSB and Web Serial the page uses (TypeScript's DOM library
// has neither). Real browsers, the demo and the browser tests provide them.

export interface UsbDeviceFilter { vendorId?: number; productId?: number; serialNumber?: string }

export interface UsbControlSetup {
  requestType: "standard" | "class" | "vendor";
  recipient: "device" | "interface" | "endpoint" | "other";
  request: number;
  value: number;
  index: number;
}

/** A WebUSB USBDevice, as particle-usb's browser build (usb-device-webusb.js) uses it. */
export interface WebUsbDevice {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string;
  readonly productName?: string;
  readonly opened: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  selectAlternateInterface(n: number, alt: number): Promise<void>;
  controlTransferIn(setup: UsbControlSetup, length: number): Promise<{ status: string; data?: DataView }>;
  controlTransferOut(setup: UsbControlSetup, data?: Uint8Array): Promise<{ status: string; bytesWritten: number }>;
}

/** navigator.usb */
export interface WebUsb {
  requestDevice(options: { filters: UsbDeviceFilter[] }): Promise<WebUsbDevice>;
  getDevices(): Promise<WebUsbDevice[]>;
}

export interface WebSerialPort {
  getInfo(): { usbVendorId?: number; usbProductId?: number };
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
}

/** navigator.serial */
export interface WebSerial {
  requestPort(options?: { filters?: { usbVendorId?: number; usbProductId?: number }[] }): Promise<WebSerialPort>;
  getPorts(): Promise<WebSerialPort[]>;
}

/** What the browser offers, read once at start. */
export function browserApis(nav: Navigator = navigator): { usb: WebUsb | null; serial: WebSerial | null } {
  const n = nav as Navigator & { usb?: WebUsb; serial?: WebSerial };
  return { usb: n.usb ?? null, serial: n.serial ?? null };
}
