// Stand-ins, in the browser bundle only, for Node modules that shared files
// import for what the page never calls: reading scenario files and the wasm
// from disk (host-shim/scenario.ts, program.ts; the page fetches them) and
// binary-version-reader's parseFile, the bounded reader scenario files go
// through (model/bounded-file.ts). They throw if ever called.
const unavailable = (name: string) => (): never => { throw new Error(`${name} is not available in the browser`); };

export const readFileSync = unavailable("fs.readFileSync");
export const readdirSync = unavailable("fs.readdirSync");
export const existsSync = (): boolean => false;
export const openSync = unavailable("fs.openSync");
export const fstatSync = unavailable("fs.fstatSync");
export const readSync = unavailable("fs.readSync");
export const closeSync = unavailable("fs.closeSync");
export const constants = { O_RDONLY: 0, O_NONBLOCK: 0 };
export const join = (...parts: string[]) => parts.join("/");
export const dirname = (path: string) => path.replace(/\/[^/]*$/, "");
export const basename = (path: string, ext = "") => { const b = path.split("/").pop() ?? ""; return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b; };
export const fileURLToPath = (url: string | URL) => String(url);
export default {};
