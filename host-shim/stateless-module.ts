// Whether every instance of a WebAssembly module is the same as a fresh one:
// an instance's own state is its memories, tables, mutable globals and
// segments (WebAssembly core spec, "Instances"), and a start function runs at
// each instantiation. A module with none of these behaves identically whether
// it is instantiated once or for every boot, so the simulator can keep one
// instance (npm run bench: instantiating was about 40% of a boot). Read from
// the binary's sections; anything not understood counts as state.

/**
 * Section ids that hold no instance state: custom, type, import, function,
 * global (checked below), export, code. Any other (table, memory, start,
 * element, data, data count, tag, or one added later) counts as state.
 */
const STATELESS_SECTIONS = new Set([0, 1, 2, 3, 6, 7, 10]);
const GLOBAL_SECTION = 6;
/** i32, i64, f32, f64: the only global types read here. */
const NUMBER_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c]);
const END = 0x0b;

/** An unsigned or signed LEB128 at `at`: where it ends (its value is not needed). */
function skipLeb(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && bytes[at] & 0x80) at++;
  if (at >= bytes.length) throw new RangeError("LEB128 past the end");
  return at + 1;
}

function readU32(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length || shift > 28) throw new RangeError("bad LEB128");
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, at];
    shift += 7;
  }
}

/** Every global immutable, of a number type, set by one constant or global.get. */
function globalsImmutable(section: Uint8Array): boolean {
  let [count, at] = readU32(section, 0);
  for (; count > 0; count--) {
    const type = section[at++];
    const mutable = section[at++];
    if (!NUMBER_TYPES.has(type) || mutable !== 0) return false;
    const op = section[at++];
    if (op === 0x41 || op === 0x42 || op === 0x23) at = skipLeb(section, at); // i32.const, i64.const, global.get
    else if (op === 0x43) at += 4; // f32.const
    else if (op === 0x44) at += 8; // f64.const
    else return false;
    if (section[at++] !== END) return false;
  }
  return at === section.length;
}

/** True only when instances of this module can hold no state of their own; false when unsure. */
export function instancesAreStateless(bytes: Uint8Array, module: WebAssembly.Module): boolean {
  // Imported memories, tables or globals would be shared state from outside.
  if (WebAssembly.Module.imports(module).some((i) => i.kind !== "function")) return false;
  try {
    let at = 8; // magic and version
    while (at < bytes.length) {
      const id = bytes[at++];
      const [size, start] = readU32(bytes, at);
      if (!STATELESS_SECTIONS.has(id)) return false;
      if (id === GLOBAL_SECTION && !globalsImmutable(bytes.subarray(start, start + size))) return false;
      at = start + size;
    }
    return at === bytes.length;
  } catch {
    return false;
  }
}
