// Injected into the page by the browser tests before its own code runs:
// navigator.usb and navigator.serial stand-ins whose every call goes to the
// simulated USB Photons in Node (window.__usb / window.__serial, exposed by
// bridge.ts). The page's code is unchanged; it cannot tell.
(() => {
  // Behind these stand-ins are simulated Photons: the page waits for them as for its demo's (SIMULATED_TIMING).
  window.photonNetresetSimulatedDevices = true;
  const fail = (e) => Object.assign(new Error(e.message), { name: e.name });
  const call = async (fn, ...args) => {
    const r = await fn(...args);
    if (r?.error) throw fail(r.error);
    return r;
  };
  const device = (ref) => {
    let opened = false;
    const u = (op, ...args) => call(window.__usb, op, ref.h, ...args);
    return {
      vendorId: ref.vendorId, productId: ref.productId, serialNumber: ref.serialNumber, productName: ref.productName,
      get opened() { return opened; },
      async open() { await u("open"); opened = true; },
      async close() { await u("close"); opened = false; },
      claimInterface: (n) => u("claimInterface", n),
      releaseInterface: (n) => u("releaseInterface", n),
      selectAlternateInterface: (n, a) => u("selectAlternateInterface", n, a),
      async controlTransferIn(setup, length) {
        const r = await u("controlTransferIn", setup, length);
        return r.status === "ok" ? { status: "ok", data: new DataView(new Uint8Array(r.data).buffer) } : { status: r.status };
      },
      async controlTransferOut(setup, data) {
        const bytes = data ? Array.from(new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength)) : null;
        return u("controlTransferOut", setup, bytes);
      },
    };
  };
  const usb = {
    async requestDevice(options) { return device(await call(window.__usb, "requestDevice", 0, options.filters)); },
    async getDevices() { return (await call(window.__usb, "getDevices", 0)).list.map(device); },
  };
  const port = (h) => {
    const s = (op, ...args) => call(window.__serial, op, h, ...args);
    let readable = null, writable = null;
    return {
      getInfo: () => ({ usbVendorId: 0x2b04, usbProductId: 0xc006 }),
      async open() {
        await s("open");
        let closed = false;
        readable = new ReadableStream({
          async pull(controller) {
            for (;;) {
              const r = await s("read");
              if (r.closed || closed) { controller.close(); return; }
              if (r.bytes.length) { controller.enqueue(new Uint8Array(r.bytes)); return; }
              await new Promise((res) => setTimeout(res, 20));
            }
          },
          cancel() { closed = true; },
        });
        writable = new WritableStream({ write: (chunk) => s("write", Array.from(chunk)) });
      },
      async close() { await s("close"); },
      get readable() { return readable; },
      get writable() { return writable; },
    };
  };
  const serial = {
    async requestPort() { return port((await call(window.__serial, "requestPort", 0)).h); },
    async getPorts() { return (await call(window.__serial, "getPorts", 0)).list.map(port); },
  };
  Object.defineProperty(Navigator.prototype, "usb", { get: () => usb, configurable: true });
  Object.defineProperty(Navigator.prototype, "serial", { get: () => serial, configurable: true });
})();
