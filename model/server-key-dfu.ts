// Reading and writing the server key segment of a Photon in DFU mode, over
// alt setting 1: the one read (2082, 512 bytes) particle-cli's `keys address`
// makes, and the one write its `keys server` makes (src/cmd/keys.js
// _writeServerPublicKey → _dfuWrite: alt 1, startAddr 2082, the 512-byte
// segment, leave false, noErase true; the DCT needs no erase, DCT_If_Erase
// does nothing). Device-interface level: the CLI and the page call these with
// a particle-usb device already in DFU mode.
import type { ParticleDevice } from "./device.ts";
import { DCT_ALT_SETTING, judgeServerKey, particleServerKeySegment, SERVER_KEY_SEGMENT, type ServerKeyCheck } from "./server-key.ts";

/** What a device in DFU mode offers (particle-usb's DfuDevice). */
export type DfuKeyDevice = Required<Pick<ParticleDevice, "readOverDfu" | "writeOverDfu">>;

/** The 512 bytes at DCT offset 2082, and nothing else. */
export async function readServerKeySegment(device: Pick<DfuKeyDevice, "readOverDfu">): Promise<Uint8Array> {
  const bytes = await device.readOverDfu({ altSetting: DCT_ALT_SETTING, startAddr: SERVER_KEY_SEGMENT.offset, size: SERVER_KEY_SEGMENT.size });
  return Uint8Array.from(bytes);
}

/** The device's server key: read and judged. */
export async function checkServerKey(device: Pick<DfuKeyDevice, "readOverDfu">): Promise<ServerKeyCheck> {
  return judgeServerKey(await readServerKeySegment(device));
}

/**
 * Writes Particle's segment as `particle keys server` does, stays in DFU mode
 * (the caller leaves it), and reads it back: the verdict after is the device's
 * own, not an assumption that the write took.
 */
export async function writeServerKey(device: DfuKeyDevice): Promise<{ written: number; after: ServerKeyCheck }> {
  const segment = particleServerKeySegment();
  // particle-usb sends Buffer slices to node-usb; the page's polyfill provides Buffer too.
  await device.writeOverDfu(Buffer.from(segment), { altSetting: DCT_ALT_SETTING, startAddr: SERVER_KEY_SEGMENT.offset, leave: false, noErase: true });
  return { written: segment.length, after: await checkServerKey(device) };
}
