// How soon particle-usb asks a device for a control request's reply.
// particle-usb sends a request, then asks for the reply after 50, 50, 100,
// 100, 250, 250, 500, 500, then every 1000 ms (device-base.js,
// DEFAULT_CHECK_INTERVALS): a real Photon's time to act. A simulated Photon
// has its answer by the first ask, so each request would only wait 50 ms of
// nothing. Its handles ask after 1, 2, 4, … ms instead (at most 50): the same
// requests, the same replies, the same "pending" while its application is busy.
import type { ParticleDevice } from "./device.ts";

/** The quick asking: doubles from 1 ms up to particle-usb's own first interval. */
export const QUICK_REPLY_POLLING = (asked: number): number => Math.min(50, 2 ** asked);

/** `dev`, its every control request (particle-usb's own high-level ones too) asking with `policy` unless the caller names one. */
export function pollingRepliesWith<T extends ParticleDevice>(dev: T, policy: (asked: number) => number = QUICK_REPLY_POLLING): T {
  const send = dev.sendControlRequest.bind(dev);
  dev.sendControlRequest = (type, data, opts) => send(type, data, { pollingPolicy: policy, ...opts });
  return dev;
}
