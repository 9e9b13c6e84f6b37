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
