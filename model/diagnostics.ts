// Diagnostic info (control request 100, CTRL_REQUEST_DIAGNOSTIC_INFO) as
// Device OS formats it: BinaryDiagnosticsFormatter (system/src/system_info.cpp
// at v2.3.1): a u16 id size (2) and a u16 value size (4), then for every source
// its u16 id and its i32 value, little-endian (an id with bit 15 set carries an
// error). Both ends use this file.
import type { ParticleDevice } from "./device.ts";

/** services/inc/diagnostics.h. */
export const DIAG_ID = { NETWORK_CONNECTION_STATUS: 8, CLOUD_CONNECTION_STATUS: 10 } as const;
/** NetworkDiagnostics::Status (system/src/system_network_diagnostics.h). */
export const NETWORK_STATUS = { TURNED_OFF: 0, TURNING_ON: 1, DISCONNECTED: 2, CONNECTING: 3, CONNECTED: 4, DISCONNECTING: 5, TURNING_OFF: 7 } as const;
/** CloudDiagnostics::Status (system/src/system_cloud_internal.h). */
export const CLOUD_STATUS = { DISCONNECTED: 0, CONNECTING: 1, CONNECTED: 2, DISCONNECTING: 3 } as const;

export function encodeDiagnostics(values: [id: number, value: number][]): Buffer {
  const out = Buffer.alloc(4 + values.length * 6);
  out.writeUInt16LE(2, 0);
  out.writeUInt16LE(4, 2);
  values.forEach(([id, value], i) => { out.writeUInt16LE(id, 4 + i * 6); out.writeInt32LE(value, 6 + i * 6); });
  return out;
}

/** id → value (sources that answered with an error are left out). */
export function decodeDiagnostics(data: Buffer): Map<number, number> {
  const values = new Map<number, number>();
  if (data.length < 4 || data.readUInt16LE(0) !== 2 || data.readUInt16LE(2) !== 4) return values;
  for (let at = 4; at + 6 <= data.length; at += 6) {
    const id = data.readUInt16LE(at);
    if (!(id & 0x8000)) values.set(id, data.readInt32LE(at + 2));
  }
  return values;
}

/** The network and cloud status the device reports now; null when it does not answer request 100. */
export async function connectionStatusOf(dev: Pick<ParticleDevice, "sendControlRequest">): Promise<{ network: number | null; cloud: number | null } | null> {
  const r = await dev.sendControlRequest(100, null, { timeout: 5000 }).catch(() => null);
  if (r?.result !== 0 || !r.data) return null;
  const values = decodeDiagnostics(Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data, "latin1"));
  return { network: values.get(DIAG_ID.NETWORK_CONNECTION_STATUS) ?? null, cloud: values.get(DIAG_ID.CLOUD_CONNECTION_STATUS) ?? null };
}
