// Emulated EEPROM of a Photon (Device OS 2.3.1): 2048 bytes (EEPROM.length(), services/inc/eeprom_emulation.h) in their own flash
// sectors, so it survives reset, power loss and flashing a new user part.
export const EEPROM_LENGTH = 2048;
const ERASED = 0xff;

export class Eeprom {
  readonly bytes = new Uint8Array(EEPROM_LENGTH).fill(ERASED);
  /** false: the flash refuses writes (worn or locked); EEPROM.put reports nothing. */
  writable = true;
  /** Writes the flash still takes before it refuses every later one (a wearing sector); null: no limit. */
  writesLeft: number | null = null;

  constructor(initial?: Uint8Array) {
    if (initial) {
      if (initial.length > EEPROM_LENGTH) throw new Error(`EEPROM image is ${initial.length} bytes, the Photon has ${EEPROM_LENGTH}`);
      this.bytes.set(initial);
    }
  }

  /** EEPROM.get(address, uint32_t&): little-endian; bytes past the end read as erased. */
  getU32(address: number): number {
    let value = 0;
    for (let i = 3; i >= 0; i--) value = (value << 8) | (this.bytes[address + i] ?? ERASED);
    return value >>> 0;
  }

  /**
   * EEPROM.put(address, uint32_t): silently ignored when the flash refuses it.
   * Bytes already stored are no flash write at all (writeRangeChanged writes
   * records only for bytes that differ: services/inc/eeprom_emulation.h at
   * v2.3.1), so they count against no limit.
   */
  putU32(address: number, value: number): void {
    if (!this.writable || address < 0 || address + 4 > EEPROM_LENGTH) return;
    if (this.getU32(address) === value >>> 0) return;
    if (this.writesLeft !== null && this.writesLeft-- <= 0) { this.writable = false; return; }
    for (let i = 0; i < 4; i++) this.bytes[address + i] = (value >>> (8 * i)) & 0xff;
  }
}
