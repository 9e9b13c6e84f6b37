// Injected into the page by the browser tests before its own code runs:
// navigator.usb and navigator.serial stand-ins whose every call goes to the
// simulated USB Photons in Node, over a WebSocket to the page's own server
// (bridge.ts and bridge-socket.ts; window.photonNetresetBridge names this
// page's bridge). The page's code is unchanged; it cannot tell.
(() => {
  // Behind these stand-ins are simulated Photons: the page waits for them as for its demo's (SIMULATED_TIMING).
  window.photonNetresetSimulatedDevices = true;
  const fail = (e) => Object.assign(new Error(e.message), { name: e.name });
  let socket = null;
  let nextId = 1;
  const waiting = new Map();
  const connected = () => {
    socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/__bridge/${window.photonNetresetBridge}`);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error("the test's bridge socket did not open"));
      ws.onmessage = (e) => {
        const { id, reply } = JSON.parse(e.data);
        waiting.get(id)(reply);
        waiting.delete(id);
      };
      // Closed under it (the test's server went away): what waits fails, the next call connects again.
      ws.onclose = () => {
        socket = null;
        for (const done of waiting.values()) done({ error: { name: "NetworkError", message: "the test's bridge socket closed" } });
        waiting.clear();
      };
    });
    return socket;
  };
  const send = async (request) => {
    const ws = await connected();
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, request }));
    });
  };
  const call = async (api, ...args) => {
    const r = await send([api, ...args]);
    if (r?.error) throw fail(r.error);
    return r;
  };
  const device = (ref) => {
    let opened = false;
    const u = (op, ...args) => call("usb", op, ref.h, ...args);
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
    async requestDevice(options) { return device(await call("usb", "requestDevice", 0, options.filters)); },
    async getDevices() { return (await call("usb", "getDevices", 0)).list.map(device); },
  };
  const port = (h) => {
    const s = (op, ...args) => call("serial", op, h, ...args);
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
    async requestPort() { return port((await call("serial", "requestPort", 0)).h); },
    async getPorts() { return (await call("serial", "getPorts", 0)).list.map(port); },
  };
  Object.defineProperty(Navigator.prototype, "usb", { get: () => usb, configurable: true });
  Object.defineProperty(Navigator.prototype, "serial", { get: () => serial, configurable: true });
})();
