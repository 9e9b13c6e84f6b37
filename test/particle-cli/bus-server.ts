// The parent side of simulated-usb-preload.cjs: serves a particle-cli child
// process the USB bus and serial ports of simulated Photons, over the child's
// IPC channel. Every call runs on the device's node-usb interface (native())
// or its listening console, exactly as in-process tests use them.
import type { ChildProcess } from "node:child_process";
import type { SimulatedUsbPhoton, NativeUsbDevice } from "../../host-shim/usb/simulated-usb-photon.ts";
import { platforms } from "../../host-shim/usb/usb-presence.ts";

export interface Bus {
  usb: { key: string; address: number; dfuMode: boolean; permissionDenied: boolean; descriptor: NativeUsbDevice["deviceDescriptor"] }[];
  /** As serialport's SerialPort.list() describes a Photon's CDC port on Linux (manufacturer: USBD_MANUFACTURER_STRING). */
  serial: { path: string; manufacturer: string; serialNumber: string; vendorId: string; productId: string; pnpId: string }[];
}

type Call = { type: "call"; id: number; op: string; args: unknown[] };

export class BusServer {
  private handles = new Map<string, NativeUsbDevice>();
  private ports = new Map<string, { write(b: Buffer): void; close(): void }>();
  private last = "";
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly devices: SimulatedUsbPhoton[]) {}

  private key = (d: SimulatedUsbPhoton) => `${d.id}#${d.enumeration}`;
  private portPath = (d: SimulatedUsbPhoton) => `/dev/ttyACM${this.devices.indexOf(d)}`;

  snapshot(): Bus {
    const attached = this.devices.filter((d) => d.attached);
    return {
      usb: attached.map((d) => ({ key: this.key(d), address: this.devices.indexOf(d) + 2, dfuMode: d.mode === "dfu",
        permissionDenied: Boolean(d.options.faults?.permissionDenied), descriptor: this.handle(d).deviceDescriptor })),
      serial: attached.filter((d) => d.mode !== "dfu").map((d) => {
        const ids = platforms[d.platform].usb!;
        const vendorId = ids.vendorId.replace(/^0x/, "").toLowerCase(), productId = ids.productId.replace(/^0x/, "").toLowerCase();
        return { path: this.portPath(d), manufacturer: "Particle", serialNumber: d.id, vendorId, productId,
          pnpId: `usb-Particle_${d.platform === "p1" ? "P1" : "Photon"}_${d.id}-if00` };
      }),
    };
  }

  private handle(d: SimulatedUsbPhoton): NativeUsbDevice {
    const key = this.key(d);
    let h = this.handles.get(key);
    if (!h) this.handles.set(key, (h = d.native()));
    return h;
  }

  private byKey(key: string): NativeUsbDevice {
    const h = this.handles.get(key);
    if (!h) throw Object.assign(new Error("LIBUSB_ERROR_NO_DEVICE"), { errno: -4 });
    return h;
  }

  /** Serves `child` until it exits. */
  serve(child: ChildProcess): void {
    // The child can exit between the `connected` check and the write: the
    // message is then lost on purpose, and the EPIPE must not become an
    // unhandled error of the test run.
    child.on("error", (e: NodeJS.ErrnoException) => { if (e.code !== "EPIPE" && e.code !== "ERR_IPC_CHANNEL_CLOSED") throw e; });
    const push = () => {
      const bus = this.snapshot();
      const json = JSON.stringify(bus);
      if (json !== this.last && child.connected) { this.last = json; child.send({ type: "bus", bus }); }
    };
    this.last = JSON.stringify(this.snapshot());
    this.timer = setInterval(push, 2);
    child.on("message", (m: Call) => {
      if (m?.type !== "call") return;
      this.run(m.op, m.args, child).then(
        (value) => { push(); if (child.connected) child.send({ type: "reply", id: m.id, value }); },
        (e: Error & { errno?: number; code?: string }) => {
          push();
          if (child.connected) child.send({ type: "reply", id: m.id, error: { message: e.message, errno: e.errno, code: e.code } });
        });
    });
    child.on("exit", () => this.stop());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const p of this.ports.values()) p.close();
    this.ports.clear();
  }

  private run(op: string, args: unknown[], child: ChildProcess): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const done = (e: Error | undefined, v?: unknown) => (e ? reject(e) : resolve(v));
      switch (op) {
        case "string": return this.byKey(args[0] as string).getStringDescriptor(args[1] as number, done);
        case "control": {
          const [key, bm, b, wv, wi, data] = args as [string, number, number, number, number, number | Uint8Array];
          return this.byKey(key).controlTransfer(bm, b, wv, wi, typeof data === "number" ? data : Buffer.from(data), done);
        }
        case "alt": {
          const iface = this.byKey(args[0] as string).interface(0) as { setAltSetting(a: number, cb: (e?: Error) => void): void } | undefined;
          if (!iface) return reject(new Error("LIBUSB_ERROR_NOT_FOUND"));
          return iface.setAltSetting(args[1] as number, (e) => done(e));
        }
        case "serial-open": {
          const path = args[0] as string;
          const d = this.devices.find((x) => this.portPath(x) === path);
          if (!d) return reject(new Error(`Error: No such file or directory, cannot open ${path}`));
          const port = d.console.openBytes();
          port.onData((bytes) => { if (child.connected) child.send({ type: "serial-data", path, bytes }); });
          this.ports.set(path, port);
          return resolve(null);
        }
        case "serial-write": {
          const port = this.ports.get(args[0] as string);
          if (!port) return reject(new Error("Port is not open"));
          port.write(Buffer.from(args[1] as Uint8Array));
          return resolve(null);
        }
        case "serial-close":
          this.ports.get(args[0] as string)?.close();
          this.ports.delete(args[0] as string);
          return resolve(null);
        default:
          return reject(new Error(`unknown operation ${op}`));
      }
    });
  }
}
