// particle-usb's own openNativeUsbDevice() on a simulated USB Photon, for tests that
// drive the simulator through Particle's library exactly as the CLI does. Each test
// names the methods it uses as T.
import { createRequire } from "node:module";
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";

const particleUsb = createRequire(import.meta.url)("particle-usb") as { openNativeUsbDevice(n: unknown): Promise<unknown> };

export const openWithParticleUsb = <T>(d: SimulatedUsbPhoton) => particleUsb.openNativeUsbDevice(d.native()) as Promise<T>;

/** Waits for the device to drop off the bus and come back (a reset, DFU mode), then opens it again. */
export async function reopenedWithParticleUsb<T>(d: SimulatedUsbPhoton): Promise<T> {
  for (let i = 0; i < 200 && d.attached; i++) await new Promise((r) => setTimeout(r, 2));
  for (let i = 0; i < 200 && !d.attached; i++) await new Promise((r) => setTimeout(r, 5));
  return openWithParticleUsb<T>(d);
}
