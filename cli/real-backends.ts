// The real USB and serial backends: particle-usb and serialport. Every error
// they can be expected to raise becomes a CliError with a plain message.
import { readdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { isPermissionError, type ParticleDevice, type SerialBackend, type SerialLink, type UsbBackend, type UnopenedDevice } from "./backends.ts";
import { CliError, EXIT } from "./context.ts";

interface ParticleUsbModule {
  getDevices(): Promise<(ParticleDevice & { open(): Promise<void> })[]>;
}

export const realUsb: UsbBackend = {
  async openAll() {
    let found: Awaited<ReturnType<ParticleUsbModule["getDevices"]>>;
    try {
      // Loaded only when used: it loads the native usb module.
      const particleUsb = (await import("particle-usb")).default as ParticleUsbModule;
      found = await particleUsb.getDevices();
    } catch (e) {
      throw new CliError(`Cannot list USB devices: ${(e as Error).message}. On Linux, libusb must be usable (is /dev/bus/usb there?).`, EXIT.noDevice);
    }
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

const BY_ID = "/dev/serial/by-id";

/**
 * Without udevadm (a container, a minimal system), serialport's list() cannot
 * run on Linux; udev's /dev/serial/by-id links name the port with the serial
 * number, so that is where to look then.
 */
function portFromById(deviceId: string): string | null {
  let names: string[];
  try { names = readdirSync(BY_ID); } catch { return null; }
  const name = names.find((n) => n.toLowerCase().includes(deviceId.toLowerCase()));
  return name ? realpathSync(join(BY_ID, name)) : null;
}

export async function findSerialPath(deviceId: string): Promise<string> {
  const { SerialPort } = await import("serialport");
  let ports: Awaited<ReturnType<typeof SerialPort.list>>;
  try {
    ports = await SerialPort.list();
  } catch (e) {
    const path = portFromById(deviceId);
    if (path) return path;
    const noUdevadm = (e as NodeJS.ErrnoException).code === "ENOENT" || /udevadm/.test((e as Error).message);
    throw new CliError(`Cannot find ${deviceId}'s USB serial port: ${noUdevadm
      ? "listing serial ports on Linux needs udevadm (Debian/Ubuntu package udev), which is not installed, and"
      : `listing serial ports failed (${(e as Error).message}), and`} ${BY_ID} does not name it.
Install udev, or enter the credentials with \`particle serial wifi\`. Nothing was sent to the device.`, EXIT.noDevice);
  }
  const port = ports.find((p) => p.serialNumber?.toLowerCase() === deviceId.toLowerCase())
    ?? ports.find((p) => p.vendorId?.toLowerCase() === "2b04");
  if (!port) throw new CliError(`No USB serial port for ${deviceId}: is it still plugged in, and in listening mode (blinking blue)?`, EXIT.noDevice);
  return port.path;
}

export const realSerial: SerialBackend = {
  async open(deviceId: string): Promise<SerialLink> {
    const path = await findSerialPath(deviceId);
    const { SerialPort } = await import("serialport");
    const serial = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => serial.open((e) => (e ? reject(e) : resolve()))).catch((e: Error) => {
      throw new CliError(isPermissionError(e)
        ? `No permission to open ${path}: on Linux add yourself to its group (\`sudo usermod -aG dialout $USER\`, then log in again).`
        : `Cannot open ${path}: ${e.message}.`, EXIT.noDevice);
    });
    return {
      write: (data) => { serial.write(data); },
      onData: (listener) => { serial.on("data", (chunk: Buffer) => listener(chunk.toString("latin1"))); },
      close: () => { serial.close(); },
    };
  },
};
