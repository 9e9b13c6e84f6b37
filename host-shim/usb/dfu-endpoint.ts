// The device side of DFU 1.1 with ST's DfuSe extensions, as a Photon's
// bootloader answers it in DFU mode (blinking yellow) and as particle-usb's
// dfu.js drives it: standard descriptors (the flash map in the alternate
// setting's name), DNLOAD (block 0: SET_ADDRESS / ERASE commands; block 2:
// data at the address pointer; empty: leave), GETSTATUS, CLRSTATUS, ABORT.

const REQUEST = { DNLOAD: 1, UPLOAD: 2, GETSTATUS: 3, CLRSTATUS: 4, GETSTATE: 5, ABORT: 6 } as const;
const STATE = { dfuIDLE: 2, dfuDNLOAD_SYNC: 3, dfuDNLOAD_IDLE: 5, dfuMANIFEST: 7, dfuERROR: 10 } as const;
const STATUS = { OK: 0, errADDRESS: 0x08, errSTALLEDPKT: 0x0f } as const;
const DFUSE = { SET_ADDRESS: 0x21, ERASE: 0x41, GET_COMMANDS: 0x00 } as const;
const GET_DESCRIPTOR = 6;
export const TRANSFER_SIZE = 4096;

/** The Photon's internal flash as its bootloader names it (alt 0); 'a' read-only, 'g' read/erase/write. */
const FLASH_MAP = "@Internal Flash   /0x08000000/03*016Ka,01*016Kg,01*064Kg,07*128Kg";
const DCT_MAP = "@DCT Flash   /0x00000000/01*016Kg";
const FLASH_BASE = 0x08000000;
const FLASH_SIZE = 1024 * 1024;

function stringDescriptor(text: string): Buffer {
  const b = Buffer.alloc(2 + text.length * 2);
  b[0] = b.length;
  b[1] = 0x03;
  for (let i = 0; i < text.length; i++) b.writeUInt16LE(text.charCodeAt(i), 2 + i * 2);
  return b;
}

function configDescriptor(): Buffer {
  const iface = (alt: number, iInterface: number) => Buffer.from([9, 0x04, 0, alt, 0, 0xfe, 0x01, 0x02, iInterface]);
  const functional = Buffer.from([9, 0x21, 0x0b, 0xff, 0x00, TRANSFER_SIZE & 0xff, TRANSFER_SIZE >> 8, 0x1a, 0x01]);
  const body = Buffer.concat([iface(0, 4), iface(1, 5), functional]);
  const head = Buffer.from([9, 0x02, 0, 0, 1, 1, 0, 0x80, 50]);
  head.writeUInt16LE(head.length + body.length, 2);
  return Buffer.concat([head, body]);
}

export class DfuEndpoint {
  private state: number = STATE.dfuIDLE;
  private status: number = STATUS.OK;
  private address = FLASH_BASE;
  private leaving = false;
  /** The internal flash: erased sectors read 0xFF. */
  readonly flash = Buffer.alloc(FLASH_SIZE, 0xff);
  /** The highest address written, to know how much of a region a download filled. */
  private written = new Map<number, number>();

  /** `onLeave` runs once the host has seen the manifest state: the device resets. */
  constructor(private readonly onLeave: () => void) {}

  /** What was downloaded at `start`, up to the end of the last write there. */
  image(start: number): Buffer {
    const end = this.written.get(start) ?? start;
    return Buffer.from(this.flash.subarray(start - FLASH_BASE, end - FLASH_BASE));
  }

  reset(): void {
    this.state = STATE.dfuIDLE;
    this.status = STATUS.OK;
    this.leaving = false;
  }

  transferIn(bmRequestType: number, bRequest: number, wValue: number, _wIndex: number, wLength: number): Buffer {
    if (bmRequestType === 0x80 && bRequest === GET_DESCRIPTOR) {
      const type = wValue >> 8, index = wValue & 0xff;
      if (type === 0x02) return configDescriptor().subarray(0, wLength);
      if (type === 0x03 && (index === 4 || index === 5)) return stringDescriptor(index === 4 ? FLASH_MAP : DCT_MAP).subarray(0, wLength);
      throw new Error(`LIBUSB_TRANSFER_STALL: no descriptor ${type}/${index}`);
    }
    if (bRequest === REQUEST.GETSTATUS) {
      if (this.state === STATE.dfuDNLOAD_SYNC) this.state = STATE.dfuDNLOAD_IDLE;
      const reply = Buffer.from([this.status, 0, 0, 0, this.state, 0]);
      if (this.leaving && this.state === STATE.dfuMANIFEST) setImmediate(this.onLeave);
      return reply;
    }
    if (bRequest === REQUEST.GETSTATE) return Buffer.from([this.state]);
    throw new Error(`LIBUSB_TRANSFER_STALL: DFU request ${bRequest} is not supported`);
  }

  transferOut(_bmRequestType: number, bRequest: number, wValue: number, _wIndex: number, data: Buffer): void {
    switch (bRequest) {
      case REQUEST.DNLOAD: return this.download(wValue, data);
      case REQUEST.CLRSTATUS:
      case REQUEST.ABORT:
        this.state = STATE.dfuIDLE;
        this.status = STATUS.OK;
        return;
      default:
        throw new Error(`LIBUSB_TRANSFER_STALL: DFU request ${bRequest} is not supported`);
    }
  }

  private fail(status: number): void {
    this.state = STATE.dfuERROR;
    this.status = status;
  }

  private download(block: number, data: Buffer): void {
    if (data.length === 0) { // leave DFU: manifest what was written, then reset
      this.state = STATE.dfuMANIFEST;
      this.leaving = true;
      return;
    }
    this.state = STATE.dfuDNLOAD_SYNC;
    const inFlash = (a: number, n: number) => a >= FLASH_BASE && a + n <= FLASH_BASE + FLASH_SIZE;
    if (block === 0) {
      const address = data.length >= 5 ? data.readUInt32LE(1) : 0;
      if (data[0] === DFUSE.SET_ADDRESS) { if (!inFlash(address, 0)) return this.fail(STATUS.errADDRESS); this.address = address; }
      else if (data[0] === DFUSE.ERASE) {
        if (!inFlash(address, 1) || address < FLASH_BASE + 0xc000) return this.fail(STATUS.errADDRESS); // the bootloader's sectors stay
        const sector = address < FLASH_BASE + 0x10000 ? 16 * 1024 : address < FLASH_BASE + 0x20000 ? 64 * 1024 : 128 * 1024;
        this.flash.fill(0xff, address - FLASH_BASE, address - FLASH_BASE + sector);
      } else if (data[0] !== DFUSE.GET_COMMANDS) return this.fail(STATUS.errSTALLEDPKT);
      return;
    }
    const address = this.address + (block - 2) * TRANSFER_SIZE;
    if (!inFlash(address, data.length)) return this.fail(STATUS.errADDRESS);
    data.copy(this.flash, address - FLASH_BASE);
    // Remember how far a download starting at a region's base got.
    for (const [start, end] of this.written) if (address >= start && address <= end) { this.written.set(start, Math.max(end, address + data.length)); return; }
    this.written.set(address, address + data.length);
  }
}
