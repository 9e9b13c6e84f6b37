// WebUSB over simulated USB Photons (host-shim/usb/): each enumeration of a
// SimulatedUsbPhoton becomes a USBDevice-like object that particle-usb's
// browser build drives. The page's demo uses it in the browser; the browser
// tests use it in Node, behind a navigator.usb stand-in (test/web/bridge.ts).
// Errors are turned into the DOMExceptions Chrome gives for the same cases.
import type { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import type { UsbControlSetup, UsbDeviceFilter, WebUsb, WebUsbDevice } from "./web-apis.ts";

const REQUEST_TYPE = { standard: 0, class: 1, vendor: 2 } as const;
const RECIPIENT = { device: 0, interface: 1, endpoint: 2, other: 3 } as const;

const domError = (name: string, message: string) => Object.assign(new Error(message), { name });

/** What Chrome reports where node-usb reports a libusb error. */
function asWebUsbError(e: unknown): Error {
  const message = (e as Error).message ?? String(e);
  if (/LIBUSB_ERROR_NO_DEVICE/.test(message)) return domError("NotFoundError", "The device was disconnected.");
  if (/LIBUSB_ERROR_ACCESS/.test(message)) return domError("SecurityError", "Access denied.");
  return domError("NetworkError", `A transfer error has occurred. (${message})`);
}

const bmRequestType = (setup: UsbControlSetup, deviceToHost: boolean) =>
  (deviceToHost ? 0x80 : 0) | (REQUEST_TYPE[setup.requestType as keyof typeof REQUEST_TYPE] << 5) | RECIPIENT[setup.recipient];

/** The USBDevice for the photon's current enumeration. */
export function webUsbDeviceOf(photon: SimulatedUsbPhoton): WebUsbDevice {
  const native = photon.native();
  let opened = false;
  const transfer = (bm: number, setup: UsbControlSetup, dataOrLength: number | Buffer) =>
    new Promise<Buffer | undefined>((resolve, reject) =>
      native.controlTransfer(bm, setup.request, setup.value, setup.index, dataOrLength, (err, data) => (err ? reject(err) : resolve(data))));
  const stallOr = async <T>(run: () => Promise<T>): Promise<T | { status: "stall" }> => {
    try {
      return await run();
    } catch (e) {
      if (/LIBUSB_TRANSFER_STALL/.test((e as Error).message)) return { status: "stall" };
      throw asWebUsbError(e);
    }
  };
  const iface = (n: number) => native.interface(n) as { claim(): void; release(cb: (e?: Error) => void): void; setAltSetting(a: number, cb: (e?: Error) => void): void } | undefined;
  return {
    vendorId: native.deviceDescriptor.idVendor,
    productId: native.deviceDescriptor.idProduct,
    serialNumber: photon.usbSerial.toUpperCase(),
    productName: photon.platform === "p1" ? "P1" : photon.platform === "photon" ? "Photon" : photon.platform,
    get opened() { return opened; },
    async open() {
      try { native.open(); } catch (e) { throw asWebUsbError(e); }
      opened = true;
    },
    async close() { native.close(); opened = false; },
    async claimInterface(n) { iface(n)?.claim(); },
    async releaseInterface(n) { await new Promise<void>((r) => (iface(n) ? iface(n)!.release(() => r()) : r())); },
    async selectAlternateInterface(n, alt) { await new Promise<void>((r) => (iface(n) ? iface(n)!.setAltSetting(alt, () => r()) : r())); },
    async controlTransferIn(setup, length) {
      return stallOr(async () => {
        const data = (await transfer(bmRequestType(setup, true), setup, length)) ?? Buffer.alloc(0);
        // A buffer of exactly the reply, as Chrome gives: particle-usb reads data.buffer whole.
        return { status: "ok", data: new DataView(new Uint8Array(data).buffer) };
      });
    },
    async controlTransferOut(setup, data) {
      return stallOr(async () => {
        const bytes = Buffer.from(data ?? new Uint8Array(0));
        await transfer(bmRequestType(setup, false), setup, bytes);
        return { status: "ok", bytesWritten: bytes.length };
      }) as Promise<{ status: string; bytesWritten: number }>;
    },
  };
}

const matches = (d: WebUsbDevice, filters: UsbDeviceFilter[]) =>
  filters.some((f) => (f.vendorId === undefined || f.vendorId === d.vendorId) && (f.productId === undefined || f.productId === d.productId));

/**
 * navigator.usb over simulated Photons. `choose` plays the owner at the
 * device chooser: the id picked, or null to close it (NotFoundError, as
 * Chrome does). Access is kept, as Chrome keeps it for a device with a serial
 * number, per vendor id, product id and serial number: it survives a reboot,
 * but a Photon leaving DFU mode (another product id) must be allowed again.
 * (WebUSB spec, "check permissions for device": an allowed device is matched
 * on vendor id, product id and serial number; see also whatwg/usb#269.)
 */
export function simulatedWebUsb(photons: SimulatedUsbPhoton[], choose: (offered: string[]) => string | null): WebUsb & { granted: Set<string> } {
  const granted = new Set<string>();
  const key = (_p: SimulatedUsbPhoton, d: WebUsbDevice) => `${d.vendorId}:${d.productId}:${d.serialNumber}`;
  const attached = () => photons.filter((p) => p.attached).map((p) => ({ p, d: webUsbDeviceOf(p) }));
  return {
    granted,
    async requestDevice({ filters }) {
      // Chrome's chooser stays open while devices come and go: one that is
      // restarting is picked once it is listed (here: within 10 s).
      let offered = attached().filter(({ d }) => matches(d, filters));
      for (const until = Date.now() + 10_000; !offered.length && Date.now() < until; offered = attached().filter(({ d }) => matches(d, filters))) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const id = choose(offered.map(({ p }) => p.id));
      const picked = offered.find(({ p }) => p.id === id);
      if (!picked) throw domError("NotFoundError", "No device selected.");
      granted.add(key(picked.p, picked.d));
      return picked.d;
    },
    async getDevices() {
      return attached().filter(({ p, d }) => granted.has(key(p, d))).map(({ d }) => d);
    },
  };
}
