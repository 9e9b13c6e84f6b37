// The CLI's UsbBackend over WebUSB: particle-usb's browser build opens each
// device the owner allowed (navigator.usb.getDevices(), no chooser), so the
// CLI's own flow (find, flash, wait for the reboot, read the report) runs
// unchanged. The chooser itself needs a click: chooseDevice().
import particleUsbModule from "particle-usb";
import type { ParticleDevice, UnopenedDevice, UsbBackend } from "../model/device.ts";
import { pollingRepliesWith } from "../model/reply-polling.ts";
import { isPhotonOrP1, PHOTON_FILTERS } from "./particle-ids.ts";
import type { WebUsb, WebUsbDevice } from "./web-apis.ts";

const particleUsb = particleUsbModule as { openNativeUsbDevice(native: WebUsbDevice): Promise<ParticleDevice> };

/** `simulated`: the Photons behind `usb` are simulated ones (the demo, a test), asked for replies as soon as they have them. */
export function webUsbBackend(usb: WebUsb, simulated = false): UsbBackend {
  return {
    async openAll() {
      const devices: ParticleDevice[] = [];
      const unopened: UnopenedDevice[] = [];
      for (const native of await usb.getDevices()) {
        if (!isPhotonOrP1(native)) continue;
        try {
          const dev = await particleUsb.openNativeUsbDevice(native);
          devices.push(simulated ? pollingRepliesWith(dev) : dev);
        } catch (error) {
          unopened.push({ description: `a ${native.productName ?? "Particle device"}`, error: error as Error });
        }
      }
      return { devices, unopened };
    },
  };
}

/** The browser's device chooser, Photons and P1s only. null: the owner closed it without choosing. */
export async function chooseDevice(usb: WebUsb): Promise<WebUsbDevice | null> {
  try {
    return await usb.requestDevice({ filters: PHOTON_FILTERS });
  } catch (e) {
    if ((e as Error).name === "NotFoundError") return null;
    throw e;
  }
}
