// What the CLI and the page need from USB and serial, as interfaces: real use
// gets particle-usb (Node or WebUSB) and serialport / Web Serial, tests and
// --simulate get the simulated bus (host-shim/usb/). Nothing here is patched:
// the simulated bus yields genuine particle-usb device objects, only asking
// for replies sooner (model/reply-polling.ts).

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
  /** pollingPolicy: when to ask for the reply (ms before the n-th ask); particle-usb's default starts at 50 ms (model/reply-polling.ts). */
  sendControlRequest(type: number, data?: string | Buffer | null, opts?: { timeout?: number; pollingPolicy?: number | ((asked: number) => number) }): Promise<{ result: number; data?: Buffer | string }>;
  reset(opts?: { timeout?: number }): Promise<void>;
  /** Control request 50: restart into the bootloader's DFU mode. */
  enterDfuMode(opts?: { timeout?: number; noReconnectWait?: boolean }): Promise<void>;
  close(): Promise<void>;
  /**
   * The Photon's legacy network requests (particle-usb's WifiDeviceLegacy and
   * NetworkDevice): answered by the system itself on Device OS 0.8.0-rc.2 to 1.5.x only.
   */
  setWifiAntenna?(antenna: "INTERNAL" | "EXTERNAL" | "AUTO"): Promise<unknown>;
  clearWifiCredentials?(): Promise<unknown>;
  setNetworkConfig?(config: { config: { ipconfig: { type: number } } }): Promise<unknown>;
  /** Control request 113 (CTRL_REQUEST_WIFI_SET_CREDENTIALS); the key is never logged. */
  setWifiCredentials?(ap: { ssid: string; security: "NONE" | "WEP"; password?: string }): Promise<unknown>;
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
  /** The same, only where it opens without asking the owner (a browser's chooser); absent: as open. */
  openWithoutAsking?(deviceId: string): Promise<SerialLink>;
}
