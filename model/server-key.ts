// The cloud's server key in a Photon's DCT: the segment `particle keys server`
// writes (DCT offset 2082, 512 bytes over DFU alt setting 1), Particle's own
// key as data, the server address inside it, and a pure verdict on what a
// device holds. Public data only: the device's private key (offset 34) and
// its public key (1250) are never part of it.
//
// Layout, Device OS v2.3.1:
// - platform/MCU/STM32F2xx/SPARK_Firmware_Driver/inc/dct.h: server_public_key
//   at 2082 (768 bytes), DCT_SERVER_ADDRESS_OFFSET = 2082 + 384,
//   DCT_SERVER_ADDRESS_SIZE 128.
// - hal/inc/ota_flash_hal.h: EXTERNAL_FLASH_SERVER_PUBLIC_KEY_LENGTH 294 (what
//   HAL_FLASH_Read_ServerPublicKey copies for TCP), ServerAddress, and
//   Internet_Address_TypeDef (IP_ADDRESS 0, DOMAIN_NAME 1, INVALID 0xff).
// - hal/shared/parse_server_address.h parseServerAddressData: type byte,
//   length byte, value (an IPv4 address big-endian, or a domain name of at
//   most 128 - 2 bytes), port big-endian at +66, read only for a valid type.
// particle-cli 3.43.1 src/lib/keys-specs.js (laterGenerations.tcpServerKey:
// address 2082, size 512, addressOffset 384, portOffset 450) agrees.
import { DCT } from "./dct.ts";

/** The segment as particle-cli reads and writes it, and the parts Device OS reads. */
export const SERVER_KEY_SEGMENT = {
  offset: DCT.serverKeySegment.offset,
  size: DCT.serverKeySegment.size,
  /** EXTERNAL_FLASH_SERVER_PUBLIC_KEY_LENGTH: the DER key Device OS copies (TCP). */
  keyLength: 294,
  /** DCT_SERVER_ADDRESS_OFFSET - DCT_SERVER_PUBLIC_KEY_OFFSET. */
  addressOffset: 384,
  /** DCT_SERVER_ADDRESS_SIZE. */
  addressSize: 128,
  /** parseServerAddressData: buf[66] << 8 | buf[67]. */
  portInAddress: 66,
} as const;

/** The DFU alt setting of the DCT ("DCT Flash", usbd_dct_if.c). */
export const DCT_ALT_SETTING = 1;

/** SPARK_SERVER_PORT: used when the stored port is 0 or 0xFFFF (system_cloud_connection.cpp spark_cloud_socket_connect). */
export const DEFAULT_SERVER_PORT = 5683;
/** The TCP cloud's host: Device OS's backup_tcp_public_server_address, and the name an invalid address falls back to. */
export const PARTICLE_SERVER_HOST = "device.spark.io";

/**
 * Particle's TCP cloud public key (RSA 2048, DER, 294 bytes). Public data, from
 * particle-cli 3.43.1 assets/keys/rsa.pub.der (its first 294 bytes; the file is
 * the whole 512-byte segment `particle keys server` writes); the same bytes are
 * Device OS's backup_tcp_public_server_key (system/src/system_cloud_internal_constants.c).
 */
export const PARTICLE_SERVER_KEY: Uint8Array = hex(
  "30820122300d06092a864886f70d01010105000382010f003082010a0282010100beccbe43db8eea" +
  "1527a6bb526de1512ba0abcca1647748ad7c66fc807ff699a525f2f2dae043cf3a26a49ba187030e" +
  "9a8d239abcea99ea68d35a14b1260fbdaa6d6f0cacc4772cd1c5c8b1d17b68e025737b52896820bd" +
  "06c6f0e60030c0e0cff61b3a45e9c45b551706a3d34ac6d5b8d21702b5277d8de4d47dd3edc01d8a" +
  "7c251e214a51ae5706dd60bca13490aacc099e3b3a414c3c9df3fdfdb727c159819854604a627aa4" +
  "9abfdf921b3efca7e4a4b33a9a5f57938eeb196495224a2cd560f5f9d003508369c06b53f0f0daf8" +
  "13821fccbb5fe2c1df3ae97f5de27db950803c5833ef8cf3803f1101d268865f3c5ee6c18e322b28" +
  "cbb5cc1ba8505ea70d0203010001",
);

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** An RSA-2048 SubjectPublicKeyInfo's DER bytes before the modulus (Device OS reads the modulus at +33, init_rsa_context_with_public_key). */
const RSA_2048_PREFIX = PARTICLE_SERVER_KEY.subarray(0, 33);
/** The exponent 65537 that ends such a key (Device OS assumes it). */
const RSA_EXPONENT_TAIL = PARTICLE_SERVER_KEY.subarray(PARTICLE_SERVER_KEY.length - 5);

// One of each for every call (a simulated connection reads the address each time); neither keeps state between calls.
const UTF8_DECODER = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();

export type ServerAddress =
  | { kind: "domain"; host: string; port: number }
  | { kind: "ip"; host: string; port: number }
  /** Any other type byte (0xFF: never written): Device OS connects to device.spark.io on the default port. */
  | { kind: "invalid"; host: typeof PARTICLE_SERVER_HOST; port: number };

/** The port as stored (parseServerAddressData: buf[66] << 8 | buf[67]), before the default replaces 0 or 0xFFFF. */
export function storedServerPort(field: Uint8Array): number {
  return (field[SERVER_KEY_SEGMENT.portInAddress] << 8) | field[SERVER_KEY_SEGMENT.portInAddress + 1];
}

/** The address field (128 bytes) as parseServerAddressData reads it, with the port Device OS then uses. */
export function decodeServerAddress(field: Uint8Array): ServerAddress {
  const stored = storedServerPort(field);
  const port = stored === 0 || stored === 0xffff ? DEFAULT_SERVER_PORT : stored;
  if (field[0] === 0) return { kind: "ip", host: [...field.subarray(2, 6)].join("."), port };
  if (field[0] === 1 && field[1] <= SERVER_KEY_SEGMENT.addressSize - 2) {
    return { kind: "domain", host: UTF8_DECODER.decode(field.subarray(2, 2 + field[1])), port };
  }
  return { kind: "invalid", host: PARTICLE_SERVER_HOST, port: DEFAULT_SERVER_PORT };
}

/**
 * A domain name as particle-cli's `_createAddressBuffer` writes it: type 1,
 * length, the name, and a zero byte when the length is odd (so the Photon's
 * segment is backup_tcp_public_server_address byte for byte). The port is left
 * erased (0xFFFF: the default).
 */
export function encodeServerAddress(host: string): Uint8Array {
  const name = UTF8_ENCODER.encode(host);
  if (name.length < 1 || name.length > 64) throw new Error(`a server name of 1 to 64 bytes, got ${name.length}`);
  const field = new Uint8Array(SERVER_KEY_SEGMENT.addressSize).fill(0xff);
  field[0] = 1;
  field[1] = name.length;
  field.set(name, 2);
  if (name.length % 2 === 1) field[2 + name.length] = 0;
  return field;
}

/** The 512 bytes `particle keys server` writes to a Photon: Particle's key, 0xFF padding, device.spark.io at +384. */
export function particleServerKeySegment(): Uint8Array {
  const segment = new Uint8Array(SERVER_KEY_SEGMENT.size).fill(0xff);
  segment.set(PARTICLE_SERVER_KEY, 0);
  segment.set(encodeServerAddress(PARTICLE_SERVER_HOST), SERVER_KEY_SEGMENT.addressOffset);
  return segment;
}

export type ServerKeyVerdict = "right" | "wrong" | "blank";

export interface ServerKeyCheck {
  verdict: ServerKeyVerdict;
  /** What is wrong, one sentence each (empty when right). */
  problems: string[];
  /** Where Device OS connects with this segment. */
  address: ServerAddress;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Right, wrong or blank, and why. Blank is what Device OS tests
 * (Spark_Protocol_Init in system/src/system_cloud_internal.cpp: the key's first
 * byte is 0xFF); right is Particle's key and an address that reaches its cloud
 * (device.spark.io, or an invalid one, which falls back to it, on the default
 * port); anything else is wrong.
 */
export function judgeServerKey(segment: Uint8Array): ServerKeyCheck {
  if (segment.length !== SERVER_KEY_SEGMENT.size) {
    throw new Error(`the server key segment is ${SERVER_KEY_SEGMENT.size} bytes, got ${segment.length}`);
  }
  const key = segment.subarray(0, SERVER_KEY_SEGMENT.keyLength);
  const address = decodeServerAddress(segment.subarray(SERVER_KEY_SEGMENT.addressOffset, SERVER_KEY_SEGMENT.addressOffset + SERVER_KEY_SEGMENT.addressSize));
  const problems: string[] = [];
  const blank = key[0] === 0xff;
  if (blank) problems.push("no server key is stored (erased)");
  else if (!sameBytes(key, PARTICLE_SERVER_KEY)) {
    const rsa = sameBytes(key.subarray(0, 33), RSA_2048_PREFIX) && sameBytes(key.subarray(key.length - 5), RSA_EXPONENT_TAIL);
    problems.push(rsa
      ? "the stored server key is another RSA key, not the Particle cloud's (a private cloud's, or one written by mistake)"
      : "the stored server key is not an RSA public key (corrupted)");
  }
  if (address.kind !== "invalid" && address.host !== PARTICLE_SERVER_HOST) {
    problems.push(`the server address is ${address.host}, not the Particle cloud's ${PARTICLE_SERVER_HOST}`);
  }
  if (address.port !== DEFAULT_SERVER_PORT) problems.push(`the server port is ${address.port}, not the Particle cloud's ${DEFAULT_SERVER_PORT}`);
  const verdict: ServerKeyVerdict = problems.length === 0 ? "right" : blank && problems.length === 1 ? "blank" : "wrong";
  return { verdict, problems, address };
}

/**
 * From 0.7.0-rc.1 (system module 200) Device OS replaces a blank server key
 * with its built-in copy of Particle's (Spark_Protocol_Init, "Public Server Key
 * was blank, restoring."; commit 2ee1c1a): a blank key alone does not stop the
 * handshake there. Before it, the blank bytes are used as the key.
 */
export const BUILT_IN_SERVER_KEY_FROM = 200;

/** The verdict in the owner's words: one sentence, and what fixes it. */
export function explainServerKey(check: ServerKeyCheck, systemModuleVersion?: number): string {
  if (check.verdict === "right") return `the cloud's server key is Particle's, server ${check.address.host}:${check.address.port}, as it should be.`;
  const fix = "writing Particle's key (what `particle keys server` does) fixes it.";
  if (check.verdict === "blank") {
    const fallback = systemModuleVersion === undefined
      ? "Device OS 0.7.0 and later then use their built-in copy of Particle's key; older Device OS cannot finish the cloud handshake"
      : systemModuleVersion >= BUILT_IN_SERVER_KEY_FROM
        ? "this Device OS then uses its built-in copy of Particle's key, so this alone does not keep it off the cloud"
        : "this Device OS (before 0.7.0) has no built-in copy: it cannot finish the cloud handshake";
    return `no server key is stored: ${fallback}; ${fix}`;
  }
  return `${check.problems.join("; ")}: the Photon cannot finish the Particle cloud's handshake (blinking cyan with a red flash); ${fix}`;
}
