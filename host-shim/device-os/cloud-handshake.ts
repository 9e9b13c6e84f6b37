// The Photon's cloud handshake (TCP, LightSSL) once Wi-Fi is joined and the
// cloud is reachable: which key makes it fail, and what the LED shows.
// Device side, Device OS source at the tags named:
// - system/src/system_cloud_internal.cpp Spark_Protocol_Init: a server key whose
//   first byte is 0xFF is replaced by backup_tcp_public_server_key and
//   PUBLIC_SERVER_KEY_BLANK (1) is reported (from 0.7.0-rc.1, module 200;
//   BUILT_IN_SERVER_KEY_FROM). system_cloud_connection.cpp
//   spark_cloud_socket_connect: an invalid server address is replaced by
//   device.spark.io and SERVER_ADDRESS_BLANK (4) is reported.
// - communication/src/lightssl_message_channel.cpp handshake(): the nonce and
//   the device id go out encrypted with the stored server key; when the cloud
//   then closes, blocking_receive fails: IO_ERROR_LIGHTSSL_HANDSHAKE_RECV_KEY.
//   set_key(): a session key the device cannot decipher: DECRYPTION_ERROR.
// - system/src/system_task.cpp handle_cloud_connection: on a handshake error a
//   250 ms flash, orange for DECRYPTION_ERROR, red otherwise; from 2.0.0
//   (module 2000, Spark_Handshake returns spark_protocol_to_system_error) the
//   comparison never matches and it is always red. cloud_disconnect() then
//   clears Spark_Error_Count, so no orange error blinks follow; the status
//   goes back to connecting after the backoff (1 s for the first 5 tries).
// Cloud side (not in Device OS; chosen after Particle's own spark-protocol
// Handshake.js, "Handshake protocol v1"): a nonce it cannot decrypt, it closes
// the connection; for a device whose key it holds, it encrypts the session key
// with the key it holds. A device key the cloud does not know is modelled as the
// cloud holding another key for this id (the usual case after new keys were made
// on the device).
import type { ConnectionOutcome } from "../../model/connection.ts";
import type { DctServerKey } from "../dct-server-key.ts";
import { BUILT_IN_SERVER_KEY_FROM, DEFAULT_SERVER_PORT, decodeServerAddress, PARTICLE_SERVER_HOST, PARTICLE_SERVER_KEY, SERVER_KEY_SEGMENT } from "../../model/server-key.ts";

/** Module version from which the handshake error reaches the LED as a system error (always red). */
export const HANDSHAKE_FLASH_ALWAYS_RED_FROM = 2000;

export interface CloudSide {
  /** The DCT's server key segment (512 bytes). */
  serverKeySegment: Uint8Array;
  /** The cloud holds this device's public key. */
  cloudKnowsDeviceKey: boolean;
  systemModuleVersion: number;
}

/** What a simulated Photon's world holds for the handshake: its DCT's server key, the cloud's side, its Device OS. */
export interface CloudKeys {
  serverKey: DctServerKey;
  cloudKnowsDeviceKey: boolean;
  systemModuleVersion: number;
}

export type HandshakeResult =
  | { ok: true; keyErrors: number }
  | { ok: false; key: "server" | "device" | "address"; error: string; flash: "red" | "orange"; reason: string };

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export function cloudHandshake(c: CloudSide): HandshakeResult {
  const builtIn = c.systemModuleVersion >= BUILT_IN_SERVER_KEY_FROM;
  let keyErrors = 0;
  let key = c.serverKeySegment.subarray(0, SERVER_KEY_SEGMENT.keyLength);
  if (key[0] === 0xff && builtIn) { key = PARTICLE_SERVER_KEY; keyErrors |= 1; }
  const address = decodeServerAddress(c.serverKeySegment.subarray(SERVER_KEY_SEGMENT.addressOffset));
  if (address.kind === "invalid" && builtIn) keyErrors |= 4;
  if (address.host !== PARTICLE_SERVER_HOST || address.port !== DEFAULT_SERVER_PORT) {
    // Chosen: no other server answers in the simulated world; the socket connect fails
    // (establish_cloud_connection → cloud_connection_failed → handle_cfod: internet up, 3 orange blinks).
    return { ok: false, key: "address", error: "socket connect failed", flash: "orange",
      reason: `the stored server address ${address.host}:${address.port} is not the Particle cloud's` };
  }
  if (!same(key, PARTICLE_SERVER_KEY)) {
    return { ok: false, key: "server", error: "IO_ERROR_LIGHTSSL_HANDSHAKE_RECV_KEY", flash: "red",
      reason: key[0] === 0xff ? "no server key is stored, and this Device OS (before 0.7.0) has no built-in copy: the cloud cannot read the handshake"
        : "the stored server key is not the Particle cloud's: the cloud cannot read the handshake and closes the connection" };
  }
  if (!c.cloudKnowsDeviceKey) {
    return { ok: false, key: "device", error: "DECRYPTION_ERROR", flash: c.systemModuleVersion >= HANDSHAKE_FLASH_ALWAYS_RED_FROM ? "red" : "orange",
      reason: "the cloud does not know this device's key: the session key it sends cannot be deciphered" };
  }
  return { ok: true, keyErrors };
}

/** A connection that reached the cloud, after its handshake: still connected, or blinking cyan with the flash. */
export function afterHandshake(outcome: ConnectionOutcome, keys: CloudKeys | undefined): ConnectionOutcome {
  if (!outcome.cloud || !keys) return outcome;
  const result = cloudHandshake({ serverKeySegment: keys.serverKey.segment(), cloudKnowsDeviceKey: keys.cloudKnowsDeviceKey, systemModuleVersion: keys.systemModuleVersion });
  if (result.ok) return outcome;
  return { led: "blinking-cyan", wifi: true, cloud: false, reason: result.reason,
    handshakeFailure: { key: result.key, error: result.error, flash: result.flash } };
}
