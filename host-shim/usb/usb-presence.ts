// How a simulated Photon shows itself on USB: the node-usb Device interface
// that particle-usb's openNativeUsbDevice() wraps, with the descriptors
// Device OS 2.3.1 gives (hal/src/stm32f2xx/usbd_desc_stm32f2xx.c in normal
// and listening mode, bootloader/src/stm32f2xx/usbd_desc.c in DFU mode).
// A default import, not createRequire: the web page's demo bundles this file.
import deviceConstants from "@particle/device-constants";
import type { ControlEndpoint } from "./control-endpoint.ts";
import type { DfuEndpoint } from "./dfu-endpoint.ts";

const { platforms } = deviceConstants as unknown as {
  platforms: Record<string, { id: number; usb?: { vendorId: string; productId: string }; dfu?: { vendorId: string; productId: string } }>;
};
export { platforms };

/** USBD_PRODUCT_STRING (hal/src/photon/usbd_desc_device.h); the bootloader adds " DFU Mode". */
const PRODUCT: Record<string, string> = { photon: "Photon", p1: "P1", argon: "Argon" };
const STRING_INDEX = { product: 2, serial: 3 } as const;

export function usbError(code: string): Error {
  return Object.assign(new Error(code), { errno: code === "LIBUSB_ERROR_ACCESS" ? -3 : -4, code });
}

/** The part of the node-usb Device that particle-usb uses. */
export interface NativeUsbDevice {
  deviceDescriptor: { idVendor: number; idProduct: number; iSerialNumber: number; iProduct: number };
  timeout: number;
  open(): void;
  close(): void;
  getStringDescriptor(index: number, cb: (err: Error | undefined, value?: string) => void): void;
  controlTransfer(bmRequestType: number, bRequest: number, wValue: number, wIndex: number,
    dataOrLength: number | Buffer, cb: (err: Error | undefined, data?: Buffer) => void): void;
  interface(n: number): unknown;
}

export interface UsbPresent {
  id: string;
  platform: string;
  dfuMode: boolean;
  /** False once unplugged or re-enumerated. */
  live(): boolean;
  permissionDenied: boolean;
  endpoint: ControlEndpoint;
  dfu: DfuEndpoint;
}

export function nativeDevice(d: UsbPresent): NativeUsbDevice {
  const ids = platforms[d.platform];
  const usb = d.dfuMode ? ids.dfu! : ids.usb!;
  const product = `${PRODUCT[d.platform] ?? d.platform}${d.dfuMode ? " DFU Mode" : ""}`;
  return {
    deviceDescriptor: { idVendor: Number(usb.vendorId), idProduct: Number(usb.productId), iSerialNumber: STRING_INDEX.serial, iProduct: STRING_INDEX.product },
    timeout: 0,
    open: () => {
      if (!d.live()) throw usbError("LIBUSB_ERROR_NO_DEVICE");
      if (d.permissionDenied) throw usbError("LIBUSB_ERROR_ACCESS");
    },
    close: () => {},
    // The serial number is the device id in lower case (bytes2hexbuf_lower_case in both descriptor files).
    getStringDescriptor: (index, cb) => setImmediate(() => {
      if (!d.live()) return cb(usbError("LIBUSB_ERROR_NO_DEVICE"));
      cb(undefined, index === STRING_INDEX.serial ? d.id.toLowerCase() : product);
    }),
    controlTransfer: (bmRequestType, bRequest, wValue, wIndex, dataOrLength, cb) => setImmediate(() => {
      if (!d.live()) return cb(usbError("LIBUSB_ERROR_NO_DEVICE"));
      try {
        if (bmRequestType & 0x80) {
          const out = d.dfuMode ? d.dfu.transferIn(bmRequestType, bRequest, wValue, wIndex, dataOrLength as number)
            : d.endpoint.transferIn(bRequest, wValue, wIndex, dataOrLength as number);
          cb(undefined, out);
        } else {
          if (d.dfuMode) d.dfu.transferOut(bmRequestType, bRequest, wValue, wIndex, dataOrLength as Buffer);
          else d.endpoint.transferOut(bRequest, wIndex, dataOrLength as Buffer);
          // A raw reset request resets at once: the host sees the device go.
          if (!d.live()) return cb(usbError("LIBUSB_ERROR_NO_DEVICE"));
          cb(undefined);
        }
      } catch (e) {
        const err = e as Error;
        // node-usb names a stall exactly so; particle-usb turns it into UsbStallError.
        cb(err.message.startsWith("LIBUSB_TRANSFER_STALL") ? Object.assign(new Error("LIBUSB_TRANSFER_STALL"), { errno: 4 }) : err);
      }
    }),
    // The DFU interface (DFU mode only): claimed and switched by particle-usb's dfu.js.
    interface: () => (!d.dfuMode ? undefined : {
      claim: () => {},
      release: (cb: (err?: Error) => void) => setImmediate(() => cb()),
      setAltSetting: (alt: number, cb: (err?: Error) => void) => setImmediate(() => {
        try { d.dfu.setAltSetting(alt); cb(); } catch (e) { cb(e as Error); }
      }),
    }),
  };
}
