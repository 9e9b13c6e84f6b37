// wabt (5.5 MB) is used by host-shim/program.ts only to describe a module's
// memory in build errors; the page never needs it.
export default function wabtInit(): never {
  throw new Error("wabt is not bundled into the web page");
}
