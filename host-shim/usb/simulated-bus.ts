// Simulated Photons on a simulated USB bus, as the CLI's USB and serial
// backends: particle-usb opens each through openNativeUsbDevice(), and asks
// for replies as soon as a simulated Photon has them (model/reply-polling.ts).
import particleUsbModule from "particle-usb";
import type { ParticleDevice, SerialBackend, SerialLink, UsbBackend, UnopenedDevice } from "../../model/device.ts";
import { pollingRepliesWith } from "../../model/reply-polling.ts";
import type { SimulatedUsbPhoton } from "./simulated-usb-photon.ts";

const particleUsb = particleUsbModule as {
  openNativeUsbDevice(native: unknown): Promise<ParticleDevice>;
};

export class SimulatedUsbBus implements UsbBackend, SerialBackend {
  constructor(readonly devices: SimulatedUsbPhoton[]) {}

  async openAll(): Promise<{ devices: ParticleDevice[]; unopened: UnopenedDevice[] }> {
    const devices: ParticleDevice[] = [];
    const unopened: UnopenedDevice[] = [];
    for (const d of this.devices.filter((x) => x.attached)) {
      try {
        devices.push(pollingRepliesWith(await particleUsb.openNativeUsbDevice(d.native())));
      } catch (error) {
        unopened.push({ description: `a ${d.platform}`, error: error as Error });
      }
    }
    return { devices, unopened };
  }

  async open(deviceId: string): Promise<SerialLink> {
    const d = this.devices.find((x) => x.id === deviceId.toLowerCase());
    if (!d) throw new Error(`no USB serial port for ${deviceId}`);
    return d.console.open();
  }
}
