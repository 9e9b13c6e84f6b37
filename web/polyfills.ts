// What the shared Node-first code expects of its globals, in the browser:
// Buffer (particle-usb, binary-version-reader, the simulator) and
// setImmediate (the simulated USB device). esbuild injects these exports
// wherever a bundled file uses the free name.
import { Buffer } from "buffer";

export { Buffer };
export const setImmediate = (fn: (...args: unknown[]) => void, ...args: unknown[]) => setTimeout(fn, 0, ...args);
