// Listening mode and the cloud connection, asked the way the device's release
// can answer. 0.8.0-rc.2 to rc.14 and 1.0.x have neither the device-mode
// request (72) nor the cloud-status request (300) (model/system-requests-by-release.ts):
// there the cloud's state comes from diagnostic info (100, cloud:stat), and
// listening mode from the serial console, which runs only in listening mode
// and answers 'i' with the device id (system/src/system_setup.cpp
// SystemSetupConsole::handle, at v0.8.0-rc.2 and v1.0.1 as at v2.3.1).
import { CLOUD_STATUS, connectionStatusOf } from "../model/diagnostics.ts";
import { systemModuleVersionOf } from "../model/device-os-versions.ts";
import type { ParticleDevice, SerialBackend } from "../model/device.ts";
import { CONSOLE_COMMANDS } from "../model/setup-console.ts";
import { answersSystemRequest, SYSTEM_REQUEST } from "../model/system-requests-by-release.ts";
import type { Timing } from "./context.ts";

/** How the serial console is asked, where it is the only way to tell listening mode. */
export interface ListeningProbe {
  serial: SerialBackend;
  /** How long to wait for the console's answer before taking the device as not listening. */
  waitMs: number;
}

/** The probe for a workflow's timing: 1.5 s on a real device (the console answers at once), less for a simulated one. */
export const listeningProbe = (ctx: { serial: SerialBackend; timing: Timing }): ListeningProbe =>
  ({ serial: ctx.serial, waitMs: Math.min(1500, Math.max(200, 5 * ctx.timing.pollMs)) });

/** The release's module version, from the version string it gave on open; null when unknown (then every request is tried). */
const releaseOf = (handle: ParticleDevice) => (handle.firmwareVersion ? systemModuleVersionOf(handle.firmwareVersion) : null);

/** Whether asking this device the request makes sense: its release has it, or the release is not known. */
export const mayAsk = (handle: ParticleDevice, type: number) => {
  const v = releaseOf(handle);
  return v === null || answersSystemRequest(v, type);
};

/** True when the listening-mode console answers 'i' with this device's id in time. */
export async function consoleAnswers(probe: ListeningProbe, id: string): Promise<boolean> {
  const link = await (probe.serial.openWithoutAsking ?? probe.serial.open).call(probe.serial, id).catch(() => null);
  if (!link) return false;
  try {
    return await new Promise<boolean>((resolve) => {
      let text = "";
      const timer = setTimeout(() => resolve(false), probe.waitMs);
      link.onData((chunk) => {
        text += chunk;
        if (text.toLowerCase().includes(`your device id is ${id.toLowerCase()}`)) { clearTimeout(timer); resolve(true); }
      });
      link.write(CONSOLE_COMMANDS.deviceId);
    });
  } finally {
    link.close();
  }
}

const CLOUD_NAMES: Record<number, string> = {
  [CLOUD_STATUS.DISCONNECTED]: "DISCONNECTED", [CLOUD_STATUS.CONNECTING]: "CONNECTING",
  [CLOUD_STATUS.CONNECTED]: "CONNECTED", [CLOUD_STATUS.DISCONNECTING]: "DISCONNECTING",
};

/** particle-usb's cloud status names (CONNECTED, CONNECTING, ...), from request 300 or, where the release lacks it, diagnostic info. */
export async function cloudStatusOf(handle: ParticleDevice): Promise<string> {
  if (mayAsk(handle, SYSTEM_REQUEST.CLOUD_STATUS)) return handle.getCloudConnectionStatus();
  const status = await connectionStatusOf(handle);
  if (status?.cloud == null) throw new Error("the device reports no cloud status");
  return CLOUD_NAMES[status.cloud] ?? "UNKNOWN";
}
