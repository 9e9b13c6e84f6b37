// User parts made wrong on purpose, in the test (no committed binaries): a
// valid part from binary-version-reader's test helper with header fields
// rewritten, cut short or extended, the CRC (the file's last 4 bytes, as
// `particle binary inspect` checks it) recomputed with binary-version-reader or left stale.
import { createRequire } from "node:module";
import fc from "fast-check";
import { userPart } from "./cli-harness.ts";

const { updateModuleCrc32 } = createRequire(import.meta.url)("binary-version-reader") as { updateModuleCrc32(b: Buffer): Buffer };

/** module_info_t offsets (dynalib/inc/module_info.h). */
export const FIELD = {
  startAddress: { offset: 0, size: 4 }, endAddress: { offset: 4, size: 4 }, reserved: { offset: 8, size: 1 }, flags: { offset: 9, size: 1 },
  moduleVersion: { offset: 10, size: 2 }, platformId: { offset: 12, size: 2 }, moduleFunction: { offset: 14, size: 1 }, moduleIndex: { offset: 15, size: 1 },
  depFunction: { offset: 16, size: 1 }, depIndex: { offset: 17, size: 1 }, depVersion: { offset: 18, size: 2 },
  dep2Function: { offset: 20, size: 1 }, dep2Index: { offset: 21, size: 1 }, dep2Version: { offset: 22, size: 2 },
} as const;
export type Field = keyof typeof FIELD;

export const VALID = userPart({ dataSize: 4000 });

export const withCrc = (bin: Buffer) => updateModuleCrc32(Buffer.from(bin));

export function setField(bin: Buffer, field: Field, value: number): Buffer {
  const out = Buffer.from(bin);
  const { offset, size } = FIELD[field];
  out.writeUIntLE(value % 2 ** (8 * size), offset, size);
  return out;
}

/** The five crafted parts from the adversarial test: each with its CRC recomputed. */
export const REPORTED = {
  "start address 0x08020000": withCrc(setField(VALID, "startAddress", 0x08020000)),
  "end address before the start": withCrc(setField(VALID, "endAddress", 0x0809f000)),
  "end 64 KiB past the file": withCrc(setField(VALID, "endAddress", VALID.readUInt32LE(4) + 64 * 1024)),
  "end address 0xFFFFFFFF": withCrc(setField(VALID, "endAddress", 0xffffffff)),
  "4,000 bytes after the module's end": withCrc(Buffer.concat([VALID, Buffer.alloc(4000, 0x5a)])),
} as const;

export type Corruption =
  | { kind: "field"; field: Field; value: number }
  | { kind: "truncate"; keep: number }
  | { kind: "extend"; extra: number }
  | { kind: "flip"; at: number };

export function corrupt(c: Corruption, fixCrc: boolean): Buffer {
  const bin = c.kind === "field" ? setField(VALID, c.field, c.value)
    : c.kind === "truncate" ? Buffer.from(VALID.subarray(0, c.keep))
    : c.kind === "extend" ? Buffer.concat([VALID, Buffer.alloc(c.extra, 0xa5)])
    : Object.assign(Buffer.from(VALID), { [c.at]: VALID[c.at] ^ 0xff });
  return fixCrc && bin.length >= 4 ? withCrc(bin) : bin;
}

/** A value other than the field's own: anything, or one step off either way, or the edges. */
function otherValue(field: Field, min = 0): fc.Arbitrary<number> {
  const { offset, size } = FIELD[field];
  const own = VALID.readUIntLE(offset, size);
  const max = 2 ** (8 * size) - 1;
  return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max, (own + 1) % (max + 1), (own + max) % (max + 1)))
    .filter((v) => v !== own && v >= min);
}

/** Header fields a Photon's user part must have just so (with the CRC recomputed, they alone make it wrong). */
const SHAPE_FIELDS: Field[] = ["startAddress", "endAddress", "platformId", "moduleFunction", "moduleIndex"];
/** The device's Device OS 2.3.1 is system module 2302: a part needing a newer one is refused. */
const DEVICE_SYSTEM_VERSION = 2302;

/**
 * Every header field (all 24 bytes of module_info_t), truncations,
 * extensions and flipped bytes, with the CRC right (recomputed) or wrong:
 * each one a part that must be refused. (A new module version, or code bytes
 * changed with the CRC recomputed, is a different valid part, not a corrupted
 * one, so the fields a valid part may have otherwise are generated only with a stale CRC.)
 */
export const corruptedUserPart: fc.Arbitrary<{ c: Corruption; fixCrc: boolean; bin: Buffer }> = fc.oneof(
  fc.record({
    c: fc.constantFrom(...SHAPE_FIELDS).chain((field) => otherValue(field).map((value) => ({ kind: "field", field, value }) as Corruption)),
    fixCrc: fc.boolean(),
  }),
  fc.record({ c: otherValue("depVersion", DEVICE_SYSTEM_VERSION + 1).map((value) => ({ kind: "field", field: "depVersion", value }) as Corruption), fixCrc: fc.boolean() }),
  fc.record({
    c: fc.constantFrom<Field>("reserved", "flags", "moduleVersion", "depFunction", "depIndex", "depVersion", "dep2Function", "dep2Index", "dep2Version").chain((field) => otherValue(field).map((value) => ({ kind: "field", field, value }) as Corruption)),
    fixCrc: fc.constant(false),
  }),
  fc.record({ c: fc.integer({ min: 0, max: VALID.length - 1 }).map((keep) => ({ kind: "truncate", keep }) as Corruption), fixCrc: fc.boolean() }),
  fc.record({ c: fc.integer({ min: 1, max: 70_000 }).map((extra) => ({ kind: "extend", extra }) as Corruption), fixCrc: fc.boolean() }),
  fc.record({ c: fc.integer({ min: 0, max: VALID.length - 5 }).map((at) => ({ kind: "flip", at }) as Corruption), fixCrc: fc.constant(false) }),
).map(({ c, fixCrc }) => ({ c, fixCrc, bin: corrupt(c, fixCrc) }));
