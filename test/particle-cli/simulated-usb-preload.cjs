// Preload for running Particle's own particle-cli, unchanged, against
// simulated Photons that live in the parent (test) process.
//
//   node --import ./test/particle-cli/simulated-usb-preload.cjs node_modules/particle-cli/src/index.js usb list
//
// It puts stand-ins for the `usb` (node-usb) and `serialport` modules into
// Node's require cache, at the paths particle-cli's own particle-usb and
// serialport resolve to, so no file of particle-cli or particle-usb changes.
// The stand-ins forward every USB control transfer and serial byte over the
// IPC channel (child_process.fork, serialization "advanced") to the parent's
// bus server (bus-server.ts), which runs it on the simulated device: the same
// node-usb interface the existing tests hand to particle-usb's openNativeUsbDevice().
// The bus (which devices are attached, their descriptors, their serial ports)
// arrives in SIMULATED_USB_BUS at start and as "bus" messages whenever it changes.
"use strict";
const Module = require("node:module");
const path = require("node:path");
const { Duplex } = require("node:stream");

if (!process.send) throw new Error("simulated-usb-preload: start this process with an IPC channel (child_process.fork)");

let bus = JSON.parse(process.env.SIMULATED_USB_BUS || '{"usb":[],"serial":[]}');
const pending = new Map();
const openPorts = new Map();
let nextId = 1;

// The IPC channel keeps the process alive only while a call or a serial port is open.
const keepAlive = () => (pending.size > 0 || openPorts.size > 0 ? process.channel.ref() : process.channel.unref());
keepAlive();

process.on("message", (m) => {
  if (m.type === "bus") bus = m.bus;
  else if (m.type === "serial-data") openPorts.get(m.path)?.push(Buffer.from(m.bytes));
  else if (m.type === "reply") {
    const p = pending.get(m.id);
    pending.delete(m.id);
    keepAlive();
    if (!p) return;
    if (m.error) p.reject(Object.assign(new Error(m.error.message), { errno: m.error.errno, code: m.error.code }));
    else p.resolve(m.value);
  }
});

function call(op, args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    keepAlive();
    process.send({ type: "call", id, op, args });
  });
}

function usbError(code) {
  return Object.assign(new Error(code), { errno: code === "LIBUSB_ERROR_ACCESS" ? -3 : -4 });
}

// node-usb hands out one Device object per enumerated device (particle-usb keeps state on it).
const devices = new Map();
function device(entry) {
  let d = devices.get(entry.key);
  if (d) return d;
  const key = entry.key;
  const present = () => bus.usb.find((e) => e.key === key);
  d = {
    deviceDescriptor: entry.descriptor,
    busNumber: 1,
    deviceAddress: entry.address,
    timeout: 0,
    open() {
      const e = present();
      if (!e) throw usbError("LIBUSB_ERROR_NO_DEVICE");
      if (e.permissionDenied) throw usbError("LIBUSB_ERROR_ACCESS");
    },
    close() {},
    getStringDescriptor(index, cb) {
      call("string", [key, index]).then((v) => cb(undefined, v), (e) => cb(e));
    },
    controlTransfer(bmRequestType, bRequest, wValue, wIndex, dataOrLength, cb) {
      call("control", [key, bmRequestType, bRequest, wValue, wIndex, dataOrLength])
        .then((v) => cb(undefined, v == null ? undefined : Buffer.from(v)), (e) => cb(e));
    },
    interface() {
      if (!entry.dfuMode) return undefined;
      return {
        claim() {},
        release(cb) { if (cb) setImmediate(cb); },
        setAltSetting(alt, cb) { call("alt", [key, alt]).then(() => cb(), (e) => cb(e)); },
      };
    },
  };
  devices.set(key, d);
  return d;
}

const usb = {
  getDeviceList: () => bus.usb.map(device),
  on() {}, removeListener() {}, useUsbDkBackend() {}, setDebugLevel() {},
};

/** serialport's SerialPort, as far as particle-cli uses it: list, open, write, drain, close, data events. */
class SerialPort extends Duplex {
  static list() { return Promise.resolve(bus.serial.map((p) => ({ ...p }))); }
  constructor(options, openCallback) {
    super();
    this.path = options.path;
    this.baudRate = options.baudRate;
    this.isOpen = false;
    if (options.autoOpen !== false) this.open(openCallback);
  }
  open(cb) {
    call("serial-open", [this.path]).then(() => {
      this.isOpen = true;
      openPorts.set(this.path, this);
      keepAlive();
      this.emit("open");
      if (cb) cb(null);
    }, (e) => (cb ? cb(e) : this.emit("error", e)));
  }
  _write(chunk, _encoding, cb) { call("serial-write", [this.path, chunk]).then(() => cb(), cb); }
  _read() {}
  drain(cb) { if (cb) setImmediate(cb, null); }
  flush(cb) { if (cb) setImmediate(cb, null); }
  set(_options, cb) { if (cb) setImmediate(cb, null); }
  update(_options, cb) { if (cb) setImmediate(cb, null); }
  close(cb) {
    if (!this.isOpen) { if (cb) cb(new Error("Port is not open")); return; }
    this.isOpen = false;
    openPorts.delete(this.path);
    keepAlive();
    call("serial-close", [this.path]).finally(() => {
      this.emit("close");
      if (cb) cb(null);
    });
  }
}

/** Registers `exports` as the module `request` would load from `fromDir`. */
function inject(request, fromDir, exports) {
  const file = require.resolve(request, { paths: [fromDir] });
  const m = new Module(file);
  m.filename = file;
  m.loaded = true;
  m.exports = exports;
  require.cache[file] = m;
}

// The CLI's entry script is argv[1]; its particle-usb and serialport resolve from there.
const cliDir = path.dirname(process.argv[1]);
const particleUsbDir = path.dirname(require.resolve("particle-usb", { paths: [cliDir] }));
inject("usb", particleUsbDir, usb);
inject("serialport", cliDir, { SerialPort });
