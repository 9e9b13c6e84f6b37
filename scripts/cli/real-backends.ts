// The real USB and serial backends: particle-usb and serialport.
import { createRequire } from "node:module";
import type { ParticleDevice, SerialBackend, SerialLink, UsbBackend, UnopenedDevice } from "./backends.ts";

interface ParticleUsbModule {
  getDevices(): Promise<(ParticleDevice & { open(): Promise<void> })[]>;
}

export const realUsb: UsbBackend = {
  async openAll() {
    // Loaded only when used: it loads the native usb module.
    const particleUsb = createRequire(import.meta.url)("particle-usb") as ParticleUsbModule;
    const found = await particleUsb.getDevices();
    const devices: ParticleDevice[] = [];
    const unopened: UnopenedDevice[] = [];
    for (const d of found) {
      try {
        await d.open();
        devices.push(d);
      } catch (error) {
        unopened.push({ description: `a ${d.type ?? "Particle device"}`, error: error as Error });
      }
    }
    return { devices, unopened };
  },
};

export const realSerial: SerialBackend = {
  async open(deviceId: string): Promise<SerialLink> {
    const { SerialPort } = await import("serialport");
    const ports = await SerialPort.list();
    const port = ports.find((p) => p.serialNumber?.toLowerCase() === deviceId.toLowerCase())
      ?? ports.find((p) => p.vendorId?.toLowerCase() === "2b04");
    if (!port) throw new Error(`no USB serial port for ${deviceId}`);
    const serial = new SerialPort({ path: port.path, baudRate: 9600 });
    await new Promise<void>((resolve, reject) => serial.once("open", resolve).once("error", reject));
    return {
      write: (data) => { serial.write(data); },
      onData: (listener) => { serial.on("data", (chunk: Buffer) => listener(chunk.toString("latin1"))); },
      close: () => { serial.close(); },
    };
  },
};
