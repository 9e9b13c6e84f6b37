// The device side of Particle's USB control-request protocol, the one
// particle-usb speaks from the host (its usb-protocol.js): INIT a request,
// SEND its payload in chunks, CHECK until it is answered, RECV the reply in
// chunks, RESET to forget requests. Each complete request goes to `handle`.

const SERVICE = { INIT: 1, CHECK: 2, SEND: 3, RECV: 4, RESET: 5 } as const;
const FLAG = { STATUS: 0x01, ID: 0x02, SIZE: 0x04, RESULT: 0x08 } as const;
const STATUS = { OK: 0, PENDING: 2, BUSY: 3, NOT_FOUND: 5 } as const;
/** USB_REQUEST_MAX_ACTIVE_COUNT (system/src/usb_control_request_channel.h at v2.3.1): INIT past it answers BUSY. */
export const MAX_ACTIVE_REQUESTS = 4;
/** Particle's raw vendor request: bRequest 'P', the request type in wIndex (vendor-requests.ts). */
const PARTICLE_BREQUEST = 0x50;

/** The raw vendor requests; null/false: not answered (the host sees a stall). */
export interface VendorRequests {
  in(wIndex: number, wLength: number): Buffer | null;
  out(wIndex: number): boolean;
}

/**
 * A request's answer. `afterReply` runs once the host has the whole reply,
 * as Device OS's completion handlers do (a reset must not swallow its reply).
 */
export interface ControlReply { result: number; data?: Buffer; afterReply?: () => void }
/** A reply now, or later (CHECK answers "pending" meanwhile, as a busy device does). */
export type ControlHandler = (type: number, data: Buffer) => ControlReply | Promise<ControlReply>;

interface PendingRequest { type: number; size: number; received: Buffer[]; reply: ControlReply | null; sent: number }

function serviceReply(status: number, fields: { id?: number; size?: number; result?: number } = {}): Buffer {
  let flags: number = FLAG.STATUS;
  const parts: Buffer[] = [];
  const status16 = Buffer.alloc(2);
  status16.writeUInt16LE(status);
  parts.push(status16);
  if (fields.id !== undefined) { flags |= FLAG.ID; const b = Buffer.alloc(2); b.writeUInt16LE(fields.id); parts.push(b); }
  if (fields.size !== undefined) { flags |= FLAG.SIZE; const b = Buffer.alloc(4); b.writeUInt32LE(fields.size); parts.push(b); }
  if (fields.result !== undefined) { flags |= FLAG.RESULT; const b = Buffer.alloc(4); b.writeInt32LE(fields.result); parts.push(b); }
  const head = Buffer.alloc(4);
  head.writeUInt32LE(flags);
  return Buffer.concat([head, ...parts]);
}

export class ControlEndpoint {
  private readonly requests = new Map<number, PendingRequest>();
  private lastId = 0;

  /** `protocol`: false on Device OS before 0.8.0-rc.2, which has only the raw vendor requests (model/device-os-versions.ts). */
  constructor(private readonly handle: ControlHandler, private readonly vendor: VendorRequests, private readonly protocol = true) {}

  /** A device-to-host control transfer. */
  transferIn(bRequest: number, wValue: number, wIndex: number, wLength: number): Buffer {
    if (bRequest === PARTICLE_BREQUEST) {
      const reply = this.vendor.in(wIndex, wLength);
      if (!reply) throw new Error("LIBUSB_TRANSFER_STALL");
      return reply;
    }
    if (!this.protocol) throw new Error("LIBUSB_TRANSFER_STALL");
    switch (bRequest) {
      case SERVICE.INIT: {
        // A request stays active until its reply has been collected (finishActiveRequest).
        if (this.requests.size >= MAX_ACTIVE_REQUESTS) return serviceReply(STATUS.BUSY);
        const id = this.lastId = (this.lastId % 0xffff) + 1;
        const req: PendingRequest = { type: wIndex, size: wValue, received: [], reply: null, sent: 0 };
        this.requests.set(id, req);
        if (wValue === 0) this.complete(req);
        return serviceReply(STATUS.OK, { id });
      }
      case SERVICE.CHECK: {
        const req = this.requests.get(wIndex);
        if (!req) return serviceReply(STATUS.NOT_FOUND);
        if (!req.reply) return serviceReply(STATUS.PENDING);
        const size = req.reply.data?.length ?? 0;
        if (size === 0) this.finish(wIndex, req);
        return serviceReply(STATUS.OK, { size, result: req.reply.result });
      }
      case SERVICE.RECV: {
        const req = this.requests.get(wIndex);
        const data = req?.reply?.data;
        if (!req || !data) return Buffer.alloc(0);
        const chunk = data.subarray(req.sent, req.sent + wLength);
        req.sent += chunk.length;
        if (req.sent >= data.length) this.finish(wIndex, req);
        return chunk;
      }
      case SERVICE.RESET: {
        if (wIndex === 0) this.requests.clear();
        else this.requests.delete(wIndex);
        return serviceReply(STATUS.OK);
      }
      default:
        throw new Error(`unsupported control transfer bRequest ${bRequest}`);
    }
  }

  /** A host-to-device control transfer: SEND, a chunk of a request's payload. */
  transferOut(bRequest: number, wIndex: number, data: Buffer): void {
    if (bRequest === PARTICLE_BREQUEST) {
      if (!this.vendor.out(wIndex)) throw new Error("LIBUSB_TRANSFER_STALL");
      return;
    }
    if (!this.protocol) throw new Error("LIBUSB_TRANSFER_STALL");
    const req = this.requests.get(wIndex);
    if (bRequest !== SERVICE.SEND || !req) throw new Error(`unexpected host-to-device transfer ${bRequest} for request ${wIndex}`);
    req.received.push(Buffer.from(data));
    if (req.received.reduce((n, b) => n + b.length, 0) >= req.size) this.complete(req);
  }

  private finish(id: number, req: PendingRequest): void {
    this.requests.delete(id);
    if (req.reply?.afterReply) setImmediate(req.reply.afterReply);
  }

  private complete(req: PendingRequest): void {
    const reply = this.handle(req.type, Buffer.concat(req.received));
    if (reply instanceof Promise) {
      reply.then((r) => { req.reply = r; }, (e: Error) => { req.reply = { result: -1, data: Buffer.from(e.message) }; });
    } else {
      req.reply = reply;
    }
  }

  /** A reset or unplug drops every request in flight. */
  forgetAll(): void {
    this.requests.clear();
  }
}
