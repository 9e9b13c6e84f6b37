// A Photon older than every photon-netreset build is not flashed (its system
// would find the build's dependency unmet and start in safe mode). On Device
// OS 0.8.0-rc.2 to 1.5.x its own system answers the network requests: reset
// it through them, then confirm from its storage as after a flash. Older
// systems answer none of it: the owner updates Device OS first.
import type { Advice } from "../model/advice.ts";
import type { DctSettings } from "../model/dct.ts";
import type { Report } from "../model/host-api.ts";
import { effectiveAntenna } from "../model/dct.ts";
import { deviceOsLabel, deviceOsOf, FIRMWARE_BUILDS, LEGACY_NETWORK_REQUESTS } from "../model/device-os-versions.ts";
import type { ParticleDevice } from "../model/device.ts";
import { RecoveryError, EXIT, note, setState, sleep, type RecoveryContext } from "./context.ts";
import type { ActionWords } from "./actions.ts";
import type { PhotonState } from "./events.ts";
import { TARGET } from "./target-settings.ts";
import { dctDisagreements, readDctRoundTrip } from "./dct-readback.ts";
import { waitForDevice } from "./device-report.ts";
import { modeOf, type FoundDevice } from "./find-devices.ts";
import { listeningProbe } from "./device-state.ts";
import type { DeviceResult, RecoverOptions } from "./outcome.ts";
import { NO_CLOUD, offerCredentials, scanListOf } from "./wifi-setup.ts";
import { scanJson } from "./scan-list.ts";
import { readSettingsFromSystem } from "../model/system-settings-readback.ts";
import { SETTLE_POLLS, settingsChangedByApp } from "./restore.ts";

/** IPConfiguration.Type.DHCP (control/network.proto): the system writes wlan_set_ipaddress_source(DYNAMIC_IP, true) (control/network.cpp at v1.5.2). */
const DHCP = 1;

const OLDEST_BUILD = FIRMWARE_BUILDS.at(-1)!;
export const DEVICE_RESTORE_URL = "https://docs.particle.io/tools/device-restore/device-restore-usb/";

/** Exit 6: what to do, with the device's version. Nothing was sent to it. */
export function tooOldForUsb(found: FoundDevice, moduleVersion: number): RecoveryError {
  return new RecoveryError(`${found.id} runs ${deviceOsLabel(moduleVersion)}: older than every photon-netreset build (the oldest needs Device OS ${OLDEST_BUILD.deviceOs}), `
    + `and too old for its network settings to be reset over USB (that needs Device OS ${deviceOsOf(LEGACY_NETWORK_REQUESTS.from)} or newer). `
    + `Nothing was sent to it. Update its Device OS first, then run this command again:
  - in Chrome or Edge, Particle's Device Restore USB page: ${DEVICE_RESTORE_URL} (choose 2.3.1), or
  - \`particle update\` (particle-cli) with the device on USB.`, EXIT.deviceOsTooOld);
}

/**
 * The advice after a reset by the device's own system (no report of ours):
 * the same for the CLI and the page, which asks again once its Wi-Fi form
 * has brought the device to the cloud.
 */
export function systemResetAdvice(summary: string, now: "cloud" | "listening" | "running", words: ActionWords): Advice {
  const cloud = now === "cloud";
  return { code: "ok", headline: cloud ? "Recovered: on the Particle cloud" : "Reset done: now enter your Wi-Fi network",
    tone: cloud ? "recovered" : "todo", led: cloud ? "breathing-cyan" : now === "listening" ? "blinking-blue" : null,
    actions: cloud ? [] : ["wifi"], wifiHelps: now === "listening", summary,
    nextStep: cloud ? "It is on the cloud." : `Enter your Wi-Fi credentials: ${words({ command: "wifi" })} (2.4 GHz networks only). To run photon-netreset's own checks too, update Device OS to 2.3.1 and flash again.` };
}

/** Out of DFU mode: the system answers requests only when it runs. */
async function running(ctx: RecoveryContext, found: FoundDevice): Promise<ParticleDevice> {
  if (!found.handle.isInDfuMode) return found.handle;
  note(ctx, "Leaving DFU mode: its system answers the network requests only when it runs...\n");
  await found.handle.reset().catch(() => {});
  await found.handle.close().catch(() => {});
  return (await waitForDevice(ctx, found.id, "to leave DFU mode", async (d) => (d.isInDfuMode ? undefined : true))).dev;
}

export async function resetThroughSystem(ctx: RecoveryContext, found: FoundDevice, opts: RecoverOptions, moduleVersion: number): Promise<DeviceResult> {
  const out = (text: string) => note(ctx, text);
  setState(ctx, { id: found.id, is: "system-reset" });
  const base = { id: found.id, platform: found.platform, deviceOs: deviceOsOf(moduleVersion) ?? String(moduleVersion), route: "system-requests" as const };
  out(`No photon-netreset build runs on ${deviceOsLabel(moduleVersion)} (the oldest needs ${OLDEST_BUILD.deviceOs}), so nothing is flashed: its own system resets the settings (control requests 120, 110, 115).\n`);
  const dev = await running(ctx, found);
  const steps: [string, () => Promise<unknown> | undefined][] = [
    ["IP: dynamic (DHCP)", () => dev.setNetworkConfig?.({ config: { ipconfig: { type: DHCP } } })],
    ["antenna: internal", () => dev.setWifiAntenna?.("INTERNAL")],
    ["stored Wi-Fi networks: cleared", () => dev.clearWifiCredentials?.()],
  ];
  for (const [done, send] of steps) {
    try {
      const sent = send();
      if (!sent) throw new Error("this USB connection cannot send it");
      await sent;
    } catch (e) {
      await dev.close().catch(() => {});
      throw new RecoveryError(`${found.id} did not take the request for ${done.split(":")[0]}: ${(e as Error).message}. Nothing else was sent.`, EXIT.failed);
    }
    out(`  ${done}\n`);
  }
  // Its own storage has the last word, as after a flash.
  let dct: DctSettings | null = null;
  let error: string | undefined;
  if (opts.dctCheck !== false) {
    setState(ctx, { id: found.id, is: "dfu", for: "settings", resetDone: true });
    dct = await readDctRoundTrip(ctx, dev, opts.grantDfuDevice);
    const disagree = dctDisagreements(dct, { after: TARGET } as Pick<Report, "after">);
    ctx.emit({ kind: "dct", id: found.id, dct, disagreements: disagree, against: "target" });
    if (disagree.length) error = `the device's own storage does not show the reset: ${disagree.join("; ")}`;
  } else await dev.close();
  const { dev: back } = await waitForDevice(ctx, found.id, "to be back", async () => true);
  // Leaving DFU mode started its own application again, which may set its settings again at every
  // start: once it has run a while, its system reports them (no second DFU visit, no second restart).
  const afterApp = dct && !error ? await settingsAfterApp(ctx, back) : null;
  if (afterApp?.settingsChanged.length) {
    ctx.emit({ kind: "result", id: found.id, text: `Its own application changed the network settings again once it ran:\n${afterApp.settingsChanged.map((c) => `  - ${c}`).join("\n")}` });
  }
  const mode = await modeOf(back, listeningProbe(ctx)).catch(() => "normal" as const);
  await back.close().catch(() => {});
  let cloud = false;
  // Its own scan (request 112) while it waits for credentials: the outcome (and so the report) carries it, and the Wi-Fi step offers it.
  const scanList = !error && mode === "listening" ? await scanListOf(ctx, found.id) : null;
  if (!error && mode === "listening") {
    const wifi = await offerCredentials(ctx, found.id, { ...opts, scanList });
    if (wifi === false) error = NO_CLOUD(ctx);
    cloud = wifi === true;
  } else if (!error) {
    ctx.emit({ kind: "result", id: found.id, text: `It runs its own application again. Once it is in listening mode (blinking blue: hold SETUP for 3 s), enter Wi-Fi credentials: ${ctx.words({ command: "wifi" })}` });
  }
  const antenna = dct ? effectiveAntenna(dct) : "internal";
  const undone = afterApp?.settingsChanged.length ? " Then its own application changed them again: change it as said above, or the Photon may not get online." : "";
  const summary = `Reset by its own system (${deviceOsLabel(moduleVersion)}): ${dct ? `${dct.ipSource} IP, ${antenna} antenna (read back from its storage)` : "dynamic IP, internal antenna (not read back: --no-dct-check)"}, stored networks cleared.${undone}`;
  const advice = systemResetAdvice(summary, cloud ? "cloud" : mode === "listening" ? "listening" : "running", ctx.words);
  ctx.emit({ kind: "verdict", id: found.id, advice, nextStep: advice.nextStep });
  setState(ctx, { id: found.id, is: cloud || mode !== "listening" ? "finished" : "listening", resetDone: true } as PhotonState);
  return { ...base, result: error ? "failed" : "recovered", report: null, diagnosis: advice.code, advice, cloud, dct, ...(scanList ? scanJson(scanList) : {}), ...(afterApp ? { afterApp } : {}), ...(error ? { error } : {}),
    exitCode: error ? EXIT.failed : EXIT.ok, next: advice.actions.map((command) => ({ command })) };
}

/** The settings once the application has run SETTLE_POLLS polls, and what it changed; null when the system does not say. */
async function settingsAfterApp(ctx: RecoveryContext, dev: ParticleDevice): Promise<{ dct: DctSettings; settingsChanged: string[] } | null> {
  for (let i = 0; i < SETTLE_POLLS; i++) await sleep(ctx.timing.pollMs);
  const dct = await readSettingsFromSystem(dev);
  return dct ? { dct, settingsChanged: settingsChangedByApp(dct) } : null;
}
