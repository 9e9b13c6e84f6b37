// The raw USB vendor requests Device OS 2.3.1 still answers outside the
// control-request protocol (system/src/usb_control_request_channel.cpp,
// UsbControlRequestChannel::processVendorRequest): bRequest 'P', the request
// type in wIndex. Anything else stalls.
import type { VendorRequests } from "./control-endpoint.ts";

const TYPE = { DEVICE_ID: 20, SYSTEM_VERSION: 30, RESET: 40, CLOUD_DISCONNECT: 302 } as const;
/** Requests with a data stage of more than 64 bytes have no buffer (req->data is null): not answered. */
const MAX_DATA = 64;

export function vendorRequests(device: { id: string; systemVersion: string; resetNow(): void; cancelCloud(): void }): VendorRequests {
  return {
    in(wIndex, wLength) {
      if (wLength === 0 || wLength > MAX_DATA) return null;
      if (wIndex === TYPE.DEVICE_ID) {
        // bytes2hexbuf (services/inc/bytes2hexbuf.h): upper case, unlike the serial-number descriptor.
        const hex = device.id.toUpperCase();
        return wLength < hex.length ? null : Buffer.from(hex, "latin1");
      }
      if (wIndex === TYPE.SYSTEM_VERSION) {
        // PP_STR(SYSTEM_VERSION_STRING) without the terminating NUL.
        const v = Buffer.from(device.systemVersion, "latin1");
        return wLength < v.length ? null : v;
      }
      return null;
    },
    out(wIndex) {
      // HAL_Core_System_Reset_Ex(RESET_REASON_USER): at once, no reply ("This will cause an error at the host side").
      if (wIndex === TYPE.RESET) { device.resetNow(); return true; }
      if (wIndex === TYPE.CLOUD_DISCONNECT) { device.cancelCloud(); return true; }
      return false;
    },
  };
}
