// System part 2's module header in a Photon's or P1's internal flash: where
// the system's version can be read while the device is in DFU mode, when it
// cannot be asked. Both platforms link system part 2 the same way
// (modules/photon/system-part2/, the P1 builds from it with PLATFORM=p1).

/**
 * module_system_part2_export.ld (the same from v0.6.4 to v2.3.1):
 * system_part2_start = 0x8060000, system_part2_vtor_table_size = 0x184,
 * system_part2_module_info_start = start + vtor size, 24 bytes
 * (sizeof(module_info_t), dynalib/inc/module_info.h).
 */
export const SYSTEM_PART2 = { start: 0x08060000, moduleInfoOffset: 0x184, moduleInfoSize: 24 } as const;
export const SYSTEM_PART2_MODULE_INFO_ADDRESS = SYSTEM_PART2.start + SYSTEM_PART2.moduleInfoOffset;

/** module_function_t (dynalib/inc/module_info.h): MOD_FUNC_SYSTEM_PART. */
export const MODULE_FUNCTION_SYSTEM_PART = 4;

/** module_info_t's fields (STATIC_ASSERT_MODULE_INFO_OFFSET in module_info.h); little-endian on the Cortex-M3. */
export interface ModuleInfoHeader {
  startAddress: number; endAddress: number; moduleVersion: number; platformId: number;
  moduleFunction: number; moduleIndex: number;
  dependency: { moduleFunction: number; moduleIndex: number; moduleVersion: number };
  dependency2: { moduleFunction: number; moduleIndex: number; moduleVersion: number };
}

const dependencyAt = (b: Uint8Array, at: number) => ({ moduleFunction: b[at], moduleIndex: b[at + 1], moduleVersion: b[at + 2] | (b[at + 3] << 8) });

export function parseModuleInfo(bytes: Uint8Array): ModuleInfoHeader {
  if (bytes.length < SYSTEM_PART2.moduleInfoSize) throw new Error(`a module_info_t is ${SYSTEM_PART2.moduleInfoSize} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    startAddress: view.getUint32(0, true), endAddress: view.getUint32(4, true),
    moduleVersion: view.getUint16(10, true), platformId: view.getUint16(12, true),
    moduleFunction: bytes[14], moduleIndex: bytes[15],
    dependency: dependencyAt(bytes, 16), dependency2: dependencyAt(bytes, 20),
  };
}

export function encodeModuleInfo(h: ModuleInfoHeader): Uint8Array {
  const out = new Uint8Array(SYSTEM_PART2.moduleInfoSize);
  const view = new DataView(out.buffer);
  view.setUint32(0, h.startAddress, true);
  view.setUint32(4, h.endAddress, true);
  view.setUint16(10, h.moduleVersion, true);
  view.setUint16(12, h.platformId, true);
  out[14] = h.moduleFunction;
  out[15] = h.moduleIndex;
  for (const [at, d] of [[16, h.dependency], [20, h.dependency2]] as const) {
    out[at] = d.moduleFunction;
    out[at + 1] = d.moduleIndex;
    view.setUint16(at + 2, d.moduleVersion, true);
  }
  return out;
}

/**
 * The system's module version from the bytes at SYSTEM_PART2_MODULE_INFO_ADDRESS,
 * or null when they are not system part 2 for this platform (erased flash reads 0xFF).
 */
export function systemPart2Version(bytes: Uint8Array, platformId: number): number | null {
  const h = parseModuleInfo(bytes);
  const fits = h.moduleFunction === MODULE_FUNCTION_SYSTEM_PART && h.moduleIndex === 2 && h.platformId === platformId
    && h.startAddress === SYSTEM_PART2.start;
  return fits ? h.moduleVersion : null;
}
