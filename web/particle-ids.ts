// USB ids of the devices the page works with: Photon and P1, in normal and in
// DFU mode, from Particle's own constants (what particle-usb matches on too).
import deviceConstants from "@particle/device-constants";
import type { UsbDeviceFilter } from "./web-apis.ts";

const { platforms } = deviceConstants as {
  platforms: Record<string, { usb?: { vendorId: string; productId: string }; dfu?: { vendorId: string; productId: string } }>;
};

export const PARTICLE_VENDOR_ID = Number(platforms.photon.usb!.vendorId);

/** The chooser's filters: only Photons and P1s are offered. */
export const PHOTON_FILTERS: UsbDeviceFilter[] = (["photon", "p1"] as const).flatMap((name) =>
  [platforms[name].usb!, platforms[name].dfu!].map((ids) => ({ vendorId: Number(ids.vendorId), productId: Number(ids.productId) })));

export const isPhotonOrP1 = (d: { vendorId: number; productId: number }) =>
  PHOTON_FILTERS.some((f) => f.vendorId === d.vendorId && f.productId === d.productId);

/** A Photon or P1 in DFU mode (blinking yellow): to WebUSB another device than the same one running. */
export const isDfuMode = (d: { vendorId: number; productId: number }) =>
  (["photon", "p1"] as const).some((name) => Number(platforms[name].dfu!.vendorId) === d.vendorId && Number(platforms[name].dfu!.productId) === d.productId);
