// The CLI's SerialBackend over Web Serial: the listening-mode console that
// wifi-setup.ts talks to. Web Serial does not tell a port's serial number, so
// the port is the Particle one the owner allowed, else the browser asks.
import type { SerialBackend, SerialLink } from "../model/device.ts";
import { EXIT, RecoveryError as CliError } from "../recovery/errors.ts";
import { PARTICLE_VENDOR_ID } from "./particle-ids.ts";
import type { WebSerial } from "./web-apis.ts";

export function webSerialBackend(serial: WebSerial): SerialBackend {
  const allowedPort = async () => (await serial.getPorts()).find((p) => p.getInfo().usbVendorId === PARTICLE_VENDOR_ID);
  return {
    // A probe (recovery/device-state.ts) never pops up the browser's chooser.
    async openWithoutAsking(): Promise<SerialLink> {
      const port = await allowedPort();
      if (!port) throw new CliError("No serial port is allowed yet.", EXIT.failed);
      return openPort(port);
    },
    async open(): Promise<SerialLink> {
      let port = await allowedPort();
      if (!port) {
        try {
          port = await serial.requestPort({ filters: [{ usbVendorId: PARTICLE_VENDOR_ID }] });
        } catch (e) {
          if ((e as Error).name === "NotFoundError") throw new CliError("No serial port was chosen, so the credentials were not sent.", EXIT.failed);
          throw e;
        }
      }
      return openPort(port);
    },
  };
}

async function openPort(port: Awaited<ReturnType<WebSerial["requestPort"]>>): Promise<SerialLink> {
  await port.open({ baudRate: 9600 });
  const reader = port.readable!.getReader();
  const writer = port.writable!.getWriter();
  const decoder = new TextDecoder("latin1");
  const encoder = new TextEncoder();
  const sink: { listener: ((text: string) => void) | null } = { listener: null };
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        sink.listener?.(decoder.decode(value, { stream: true }));
      }
    } catch { /* the port closed or the device left */ }
  })();
  return {
    write: (data) => { void writer.write(encoder.encode(data)).catch(() => {}); },
    onData: (l) => { sink.listener = l; },
    close: () => {
      sink.listener = null;
      void (async () => {
        await reader.cancel().catch(() => {});
        reader.releaseLock();
        await writer.close().catch(() => {});
        writer.releaseLock();
        await port.close().catch(() => {});
      })();
    },
  };
}
