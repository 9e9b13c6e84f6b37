// Finding Photons and P1s on USB, and choosing which to work on.
import { PLATFORM_IDS, type Platform } from "../model/user-part.ts";
import type { ParticleDevice } from "../model/device.ts";
import { isGoneError, isPermissionError } from "./device-errors.ts";
import { RecoveryError, EXIT, type RecoveryContext } from "./context.ts";
import { consoleAnswers, listeningProbe, mayAsk, type ListeningProbe } from "./device-state.ts";
import { SYSTEM_REQUEST } from "../model/system-requests-by-release.ts";

export type Mode = "normal" | "listening" | "dfu";

export interface FoundDevice {
  id: string;
  platform: Platform;
  mode: Mode;
  /** Device OS version the device reports over USB (null in DFU mode). */
  deviceOs: string | null;
  handle: ParticleDevice;
}

export const NO_DEVICE_HELP = `No Photon or P1 found over USB. Check that:
  - the cable carries data (some charge-only cables do not) and the device is powered (its LED is on);
  - on Linux, you may use the device: install Particle's udev rule (\`particle usb configure\`, or a file /etc/udev/rules.d/50-particle.rules with SUBSYSTEM=="usb", ATTRS{idVendor}=="2b04", MODE="0666"), then unplug and replug it;
  - no other program (particle serial monitor, Workbench) holds it open.`;

const PERMISSION_HELP = "permission denied: on Linux install Particle's udev rule (`particle usb configure`, or "
  + '/etc/udev/rules.d/50-particle.rules with SUBSYSTEM=="usb", ATTRS{idVendor}=="2b04", MODE="0666"), then replug the device';

const platformOf = (id: number) => (Object.entries(PLATFORM_IDS).find(([, v]) => v === id)?.[0] ?? null) as Platform | null;

/** Its mode: DFU, or asked (request 72); where the release lacks 72, the serial console tells listening mode (device-state.ts). */
export async function modeOf(handle: ParticleDevice, probe?: ListeningProbe): Promise<Mode> {
  if (handle.isInDfuMode) return "dfu";
  if (!mayAsk(handle, SYSTEM_REQUEST.GET_DEVICE_MODE)) return probe && await consoleAnswers(probe, handle.id) ? "listening" : "normal";
  // Device OS before 0.8.0-rc.2 has no control requests (it stalls them): it runs, in whatever mode.
  const mode = await handle.getDeviceMode().catch((e: Error) => { if (isGoneError(e)) throw e; return "NORMAL"; });
  return mode === "LISTENING" ? "listening" : "normal";
}

/** Every Photon/P1 on USB, opened; a sentence for each device passed over. */
export async function findDevices(ctx: RecoveryContext): Promise<{ devices: FoundDevice[]; skipped: string[] }> {
  const { devices, unopened } = await ctx.usb.openAll();
  const skipped = unopened.map((u) => `${u.description} could not be opened: ${isPermissionError(u.error) ? PERMISSION_HELP : u.error.message}`);
  const found: FoundDevice[] = [];
  for (const handle of devices) {
    const platform = platformOf(handle.platformId);
    if (!platform) {
      skipped.push(`${handle.id} is a ${handle.type} (platform ${handle.platformId}): photon-netreset is only for Photons (6) and P1s (8)`);
      await handle.close();
      continue;
    }
    found.push({ id: handle.id, platform, mode: await modeOf(handle, listeningProbe(ctx)), deviceOs: handle.isInDfuMode ? null : handle.firmwareVersion, handle });
  }
  if (found.length === 0 && unopened.some((u) => isPermissionError(u.error))) {
    throw new RecoveryError(`A Particle device is connected but cannot be opened: ${PERMISSION_HELP}.`, EXIT.noDevice);
  }
  return { devices: found, skipped };
}

export const describe = (d: FoundDevice) =>
  `${d.platform === "p1" ? "P1" : "Photon"} ${d.id} (${d.mode === "normal" ? "running" : `${d.mode} mode`}${d.deviceOs ? `, Device OS ${d.deviceOs}` : ""})`;

/** The devices to work on: --device, --all, the only one, or the owner's pick. */
export async function chooseDevices(ctx: RecoveryContext, found: FoundDevice[], opts: { device?: string; all?: boolean }): Promise<FoundDevice[]> {
  const list = () => found.map((d, i) => `  ${i + 1}. ${describe(d)}`).join("\n");
  if (found.length === 0) throw new RecoveryError(NO_DEVICE_HELP, EXIT.noDevice);
  if (opts.device) {
    const wanted = opts.device.toLowerCase();
    const match = found.filter((d) => d.id === wanted || d.id.startsWith(wanted));
    if (match.length === 1) return match;
    throw new RecoveryError(`${match.length ? "Several devices match" : "No device matches"} --device ${opts.device}. Connected:\n${list()}`, EXIT.usage);
  }
  if (opts.all || found.length === 1) return found;
  if (!ctx.ask) {
    throw new RecoveryError(`${found.length} devices are connected; say which with --device ID, or use --all:\n${list()}`, EXIT.usage);
  }
  const answer = await ctx.ask.select(`${found.length} devices are connected. Which one?`,
    [...found.map((d, i) => ({ value: String(i), label: describe(d) })), { value: "all", label: "all of them, one after another" }]);
  return answer === "all" ? found : [found[Number(answer)]];
}
