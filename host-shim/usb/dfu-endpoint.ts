// The device side of DFU 1.1 with ST's DfuSe extensions, as a Photon's
// bootloader answers it in DFU mode (blinking yellow) and as particle-usb's
// dfu.js drives it (platform/MCU/STM32F2xx/STM32_USB_Device_Driver/src/usbd_dfu_core.c):
// standard descriptors (the memory map in each alternate setting's name),
// DNLOAD (block 0: SET_ADDRESS / ERASE commands; block >= 2: data at the
// address pointer; empty: leave), UPLOAD (block 0: the DfuSe commands; block
// >= 2: read at the pointer), GETSTATUS, CLRSTATUS, ABORT. Alt setting 0 is the
// internal flash, alt setting 1 the DCT (usbd_dct_if.c).

const REQUEST = { DNLOAD: 1, UPLOAD: 2, GETSTATUS: 3, CLRSTATUS: 4, GETSTATE: 5, ABORT: 6 } as const;
const STATE = { dfuIDLE: 2, dfuDNLOAD_SYNC: 3, dfuDNLOAD_IDLE: 5, dfuMANIFEST: 7, dfuUPLOAD_IDLE: 9, dfuERROR: 10 } as const;
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

/** A read over alt setting 1: which DCT bytes the host asked for. */
export interface DctRead { start: number; length: number }

export class DfuEndpoint {
  private state: number = STATE.dfuIDLE;
  private status: number = STATUS.OK;
  private address = FLASH_BASE;
  private leaving = false;
  /** usbd_dfu_AltSet: 0 internal flash, 1 DCT. */
  private alt = 0;
  /** The internal flash: erased sectors read 0xFF. */
  readonly flash = Buffer.alloc(FLASH_SIZE, 0xff);
  /** The application DCT as alt setting 1 serves it (dct-image.ts). */
  dct = Buffer.alloc(0x4000, 0xff);
  /** Every UPLOAD over alt setting 1, so a test can check what a tool read. */
  readonly dctReads: DctRead[] = [];
  /** The highest address written, to know how much of a region a download filled. */
  private written = new Map<number, number>();

  /**
   * `onLeave` runs once the host has seen the manifest state: the device resets.
   * `onDctWrite` gets every download to alt setting 1 (dct_write_app_data writes the DCT at once).
   */
  constructor(private readonly onLeave: () => void, private readonly onDctWrite?: (offset: number, bytes: Buffer) => void) {}

  /** What the bootloader finds on entering DFU mode: the internal flash (flash-map.ts: system part 2's header, the user part), and the DCT. */
  enter(regions: { address: number; bytes: Buffer }[], dct: Buffer): void {
    this.reset();
    this.written.clear();
    this.alt = 0;
    this.address = FLASH_BASE;
    this.dct = Buffer.from(dct);
    for (const r of regions) r.bytes.copy(this.flash, r.address - FLASH_BASE);
  }

  /** Whether a download wrote at `start` during this DFU session. */
  downloaded(start: number): boolean {
    return this.written.has(start);
  }

  /** SET_INTERFACE from the host (node-usb's interface.setAltSetting). */
  setAltSetting(alt: number): void {
    if (alt !== 0 && alt !== 1) throw new Error("LIBUSB_ERROR_NOT_FOUND");
    this.alt = alt;
  }

  /** MAL_CheckAdd: the internal flash range (alt 0) or below 0x4000 (DCT_If_CheckAdd, alt 1). */
  private addressOk(address: number, length: number): boolean {
    return this.alt === 1 ? address < 0x4000 : address >= FLASH_BASE && address + length <= FLASH_BASE + FLASH_SIZE;
  }

  /** MAL_Read: the memory, or a packet of zeros when the address is refused. */
  private read(address: number, length: number): Buffer {
    if (!this.addressOk(address, this.alt === 1 ? 0 : length)) return Buffer.alloc(length);
    if (this.alt === 1) {
      this.dctReads.push({ start: address, length });
      const out = Buffer.alloc(length, 0xff); // past 0x4000 dct_read_app_data reads on into erased flash
      this.dct.copy(out, 0, address, Math.min(address + length, this.dct.length));
      return out;
    }
    return Buffer.from(this.flash.subarray(address - FLASH_BASE, address - FLASH_BASE + length));
  }

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
    if (bRequest === REQUEST.UPLOAD) return this.upload(wValue, wLength);
    throw new Error(`LIBUSB_TRANSFER_STALL: DFU request ${bRequest} is not supported`);
  }

  /** DFU_Req_UPLOAD (usbd_dfu_core.c). */
  private upload(block: number, wLength: number): Buffer {
    if (wLength === 0) { this.state = STATE.dfuIDLE; return Buffer.alloc(0); }
    if (this.state !== STATE.dfuIDLE && this.state !== STATE.dfuUPLOAD_IDLE) throw new Error("LIBUSB_TRANSFER_STALL: UPLOAD in the wrong state");
    if (block === 0) { // the DfuSe commands: GET_COMMANDS, SET_ADDRESS, ERASE
      this.state = wLength > 3 ? STATE.dfuIDLE : STATE.dfuUPLOAD_IDLE;
      return Buffer.from([DFUSE.GET_COMMANDS, DFUSE.SET_ADDRESS, DFUSE.ERASE]);
    }
    if (block === 1) { this.state = STATUS.errSTALLEDPKT; throw new Error("LIBUSB_TRANSFER_STALL: UPLOAD block 1"); } // sic: Device OS sets the state to a status code
    this.state = STATE.dfuUPLOAD_IDLE;
    return this.read((block - 2) * TRANSFER_SIZE + this.address, wLength);
  }

  transferOut(_bmRequestType: number, bRequest: number, wValue: number, _wIndex: number, data: Buffer): void {
    switch (bRequest) {
      case REQUEST.DNLOAD:
        this.download(wValue, data);
        return;
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
    if (block === 0) {
      const address = data.length >= 5 ? data.readUInt32LE(1) : 0;
      if (data[0] === DFUSE.SET_ADDRESS) this.address = address; // the pointer is checked when used
      else if (data[0] === DFUSE.ERASE) {
        if (this.alt === 1) return; // DCT_If_Erase: nothing to do
        if (!this.addressOk(address, 1) || address < FLASH_BASE + 0xc000) { this.fail(STATUS.errADDRESS); return; } // the bootloader's sectors stay
        const sector = address < FLASH_BASE + 0x10000 ? 16 * 1024 : address < FLASH_BASE + 0x20000 ? 64 * 1024 : 128 * 1024;
        this.flash.fill(0xff, address - FLASH_BASE, address - FLASH_BASE + sector);
      } else if (data[0] !== DFUSE.GET_COMMANDS) this.fail(STATUS.errSTALLEDPKT);
      return;
    }
    const address = this.address + (block - 2) * TRANSFER_SIZE;
    if (!this.addressOk(address, data.length)) { this.fail(STATUS.errADDRESS); return; }
    // DCT_If_Write → dct_write_app_data. The device keeps what onDctWrite takes
    // (the server key); the Wi-Fi fields are kept for this DFU session only.
    if (this.alt === 1) { data.copy(this.dct, address); this.onDctWrite?.(address, data); return; }
    data.copy(this.flash, address - FLASH_BASE);
    // Remember how far a download starting at a region's base got.
    for (const [start, end] of this.written) if (address >= start && address <= end) { this.written.set(start, Math.max(end, address + data.length)); return; }
    this.written.set(address, address + data.length);
  }
}
