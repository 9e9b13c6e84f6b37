// The simulated DCT's server_public_key field (offset 2082, 768 bytes:
// platform/MCU/STM32F2xx/SPARK_Firmware_Driver/inc/dct.h at v2.3.1), as a
// scenario describes it (device.serverKey) and as DFU writes change it. It
// persists like the rest of the DCT: resets, power loss and flashing leave it.
import { DCT } from "../model/dct.ts";
import { PARTICLE_SERVER_KEY, particleServerKeySegment, SERVER_KEY_SEGMENT } from "../model/server-key.ts";

export const SERVER_KEY_STATES = ["right", "wrong", "blank"] as const;
export type ServerKeyState = (typeof SERVER_KEY_STATES)[number];

/**
 * Stand-in for a key that is not Particle's: shaped like an RSA-2048 DER key
 * (the same header and exponent) with a modulus of text, so it is obviously
 * no real key and judgeServerKey calls it "another RSA key".
 */
export function standInWrongKey(): Uint8Array {
  const key = Uint8Array.from(PARTICLE_SERVER_KEY);
  const text = new TextEncoder().encode("NOT THE PARTICLE CLOUD'S KEY: photon-netreset simulator stand-in. ".repeat(5));
  key.set(text.subarray(0, 256), 33); // the modulus, where init_rsa_context_with_public_key reads it
  return key;
}

/** The whole field in each state, erased (0xFF) where never written; built once, copied for each device. */
function fieldIn(state: ServerKeyState): Uint8Array {
  const field = new Uint8Array(DCT.serverPublicKey.size).fill(0xff);
  if (state === "blank") return field; // never written: key and address erased
  field.set(particleServerKeySegment(), 0); // what `particle keys server` writes
  if (state === "wrong") field.set(standInWrongKey(), 0);
  return field;
}
let fields: Record<ServerKeyState, Uint8Array> | null = null;

export class DctServerKey {
  /** The whole field, erased (0xFF) where never written. */
  readonly field: Uint8Array;

  constructor(state: ServerKeyState = "right") {
    fields ??= { right: fieldIn("right"), wrong: fieldIn("wrong"), blank: fieldIn("blank") };
    this.field = fields[state].slice();
  }

  /** The 512 bytes particle-cli reads and writes. */
  segment(): Uint8Array {
    return this.field.subarray(0, SERVER_KEY_SEGMENT.size);
  }

  /** dct_write_app_data from a DFU download to the DCT (usbd_dct_if.c DCT_If_Write): the bytes that fall in this field. */
  write(dctOffset: number, bytes: Uint8Array): void {
    const start = Math.max(dctOffset, DCT.serverPublicKey.offset);
    const end = Math.min(dctOffset + bytes.length, DCT.serverPublicKey.offset + DCT.serverPublicKey.size);
    if (start >= end) return;
    this.field.set(bytes.subarray(start - dctOffset, end - dctOffset), start - DCT.serverPublicKey.offset);
  }
}
