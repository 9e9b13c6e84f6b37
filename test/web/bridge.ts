// The browser tests' side of fake-navigator.js: WebUSB and Web Serial calls
// from the page, answered by simulated USB Photons (host-shim/usb/) through
// web/simulated-webusb.ts, the very adapter the page's demo uses. The calls
// come over a WebSocket to the page's own server (bridge-socket.ts).
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import type { SimulatedUsbPhoton } from "../../host-shim/usb/simulated-usb-photon.ts";
import type { SerialLink } from "../../model/device.ts";
import { simulatedWebUsb } from "../../web/simulated-webusb.ts";
import type { UsbControlSetup, WebUsbDevice } from "../../web/web-apis.ts";
import { bridgeEndpoint } from "./bridge-socket.ts";

export const FAKE_NAVIGATOR = fileURLToPath(new URL("./fake-navigator.js", import.meta.url));

const errorOf = (e: unknown) => ({ error: { name: (e as Error).name ?? "Error", message: (e as Error).message ?? String(e) } });

export interface Bridge {
  /** What the page sent to each serial port, decoded (to check what reached the device). */
  serialWritten: string[];
  /** Every USB call the page made, by operation name. */
  usbCalls: string[];
}

/**
 * Bridges the page's navigator.usb/serial to `photons`. The page must come
 * from a server that accepts bridge sockets (serveSite in browser.ts). `choose` plays the
 * owner at the USB chooser (an id, or null to close it); the serial port
 * chooser picks the Photon unless `serialChooserClosed`.
 */
export async function bridge(page: Page, photons: SimulatedUsbPhoton[],
  choose: (offered: string[]) => string | null = (o) => o[0] ?? null,
  opts: { serialChooserClosed?: boolean } = {}): Promise<Bridge> {
  const usb = simulatedWebUsb(photons, choose);
  const devices = new Map<number, WebUsbDevice>();
  let next = 1;
  const ref = (d: WebUsbDevice) => {
    const h = next++;
    devices.set(h, d);
    return { h, vendorId: d.vendorId, productId: d.productId, serialNumber: d.serialNumber, productName: d.productName };
  };
  const result: Bridge = { serialWritten: [], usbCalls: [] };

  const usbCall = async (op: string, h: number, ...args: unknown[]) => {
    result.usbCalls.push(op);
    try {
      if (op === "requestDevice") return ref(await usb.requestDevice({ filters: args[0] as never }));
      if (op === "getDevices") return { list: (await usb.getDevices()).map(ref) };
      const d = devices.get(h)!;
      if (op === "controlTransferIn") {
        const r = await d.controlTransferIn(args[0] as UsbControlSetup, args[1] as number);
        return { status: r.status, data: r.data ? [...new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)] : [] };
      }
      if (op === "controlTransferOut") return await d.controlTransferOut(args[0] as UsbControlSetup, args[1] ? new Uint8Array(args[1] as number[]) : undefined);
      await (d as unknown as Record<string, (...a: unknown[]) => Promise<void>>)[op](...args);
      return {};
    } catch (e) {
      return errorOf(e);
    }
  };

  // Serial: one port per Photon the owner allowed; Web Serial tells no serial number.
  const ports = new Map<number, { photon: SimulatedUsbPhoton; link: SerialLink | null; pending: number[]; closed: boolean }>();
  const decoder = new TextDecoder();
  const serialCall = async (op: string, h: number, ...args: unknown[]) => {
    try {
      if (op === "getPorts") return { list: [...ports.keys()] };
      if (op === "requestPort") {
        const photon = photons.find((p) => p.attached && p.mode !== "dfu");
        if (!photon || opts.serialChooserClosed) return errorOf(Object.assign(new Error("No port selected by the user."), { name: "NotFoundError" }));
        const id = next++;
        ports.set(id, { photon, link: null, pending: [], closed: false });
        return { h: id };
      }
      const port = ports.get(h)!;
      if (op === "open") {
        port.link = port.photon.console.open();
        port.closed = false;
        port.link.onData((text) => port.pending.push(...Buffer.from(text, "latin1")));
        return {};
      }
      if (op === "read") return { bytes: port.pending.splice(0), closed: port.closed };
      if (op === "write") {
        const text = decoder.decode(new Uint8Array(args[0] as number[]));
        result.serialWritten.push(text);
        port.link?.write(text);
        return {};
      }
      if (op === "close") { port.link?.close(); port.link = null; port.closed = true; return {}; }
      return errorOf(new Error(`unknown serial op ${op}`));
    } catch (e) {
      return errorOf(e);
    }
  };
  const token = randomUUID();
  const endpoint = bridgeEndpoint(token, async (request) => {
    const [api, op, h, ...args] = request as [string, string, number, ...unknown[]];
    return api === "usb" ? usbCall(op, h, ...args) : serialCall(op, h, ...args);
  });
  page.once("close", () => endpoint.forget());
  await page.addInitScript((t) => { (window as unknown as { photonNetresetBridge: string }).photonNetresetBridge = t; }, token);
  await page.addInitScript({ path: FAKE_NAVIGATOR });
  return result;
}
