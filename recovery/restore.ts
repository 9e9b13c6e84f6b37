// Putting the owner's application back after the recovery (the restore
// command, the question at the end of flash, --restore, the page's button):
// flash the checked backup, wait for it to start, then, a little later, read
// the stored network settings again: an application that calls
// WiFi.useStaticIP() or selects the external antenna writes them again, and
// the owner is told in words what to change in it.
import { explainDct, type DctSettings } from "../model/dct.ts";
import type { Advice } from "../model/advice.ts";
import { appNeverConnectsAdvice, type WatchedStatus } from "../model/app-never-connects.ts";
import { connectionStatusOf } from "../model/diagnostics.ts";
import type { ParticleDevice } from "../model/device.ts";
import { note, setState, sleep, type RecoveryContext } from "./context.ts";
import { readDctRoundTrip, type GrantDfuDevice } from "./dct-readback.ts";
import { waitForDevice } from "./device-report.ts";
import { sha256Hex } from "../model/sha256.ts";
import type { Firmware } from "./firmware-check.ts";
import { modeOf, type FoundDevice } from "./find-devices.ts";
import { listeningProbe } from "./device-state.ts";
import { flash } from "./flash.ts";
import type { RestoredJson } from "./outcome.ts";

export type { RestoredJson } from "./outcome.ts";

/** Polls the device's network and cloud status while its application settles (SETTLE_POLLS polls); the verdict, if any. */
async function watchApplication(ctx: RecoveryContext, dev: ParticleDevice): Promise<Advice | null> {
  const watched: WatchedStatus[] = [];
  for (let i = 0; i < SETTLE_POLLS; i++) {
    await sleep(ctx.timing.pollMs);
    const status = await connectionStatusOf(dev);
    if (status) watched.push(status);
  }
  return watched.length === SETTLE_POLLS ? appNeverConnectsAdvice(watched, Math.round(SETTLE_POLLS * ctx.timing.pollMs / 1000)) : null;
}

/** How long the application runs before its settings are read again: ten polls (10 s on a real device), time for its setup(). */
export const SETTLE_POLLS = 10;

/** What the restored application changed in the stored settings, and what to change in it. */
export function settingsChangedByApp(dct: DctSettings): string[] {
  const meaning = explainDct(dct);
  const changed: string[] = [];
  // Each says what changed, then quotes the stored setting with what it means, then what to change in the app.
  const stored = (words: string) => ` (stored now: ${words.replace(/\.$/, "")}).`;
  if (dct.ipSource === "static") {
    changed.push(`It switched the Photon to a static IP again${stored(meaning.ip)} In your application, remove WiFi.useStaticIP() `
      + "(and WiFi.setStaticIP(...)), or call WiFi.useDynamicIP() instead, unless that address belongs to your network.");
  }
  if (dct.antenna === "external") {
    changed.push(`It selected the external antenna again${stored(meaning.antenna)} In your application, change WiFi.selectAntenna(ANT_EXTERNAL) `
      + "to WiFi.selectAntenna(ANT_INTERNAL), or fit an external antenna.");
  } else if (dct.antenna === "invalid") changed.push(`It stored an invalid antenna choice: ${meaning.antenna} Check its WiFi.selectAntenna() call.`);
  return changed;
}

/** The device with this id again, opened (after the recovery it is back on USB). */
export async function reopen(ctx: RecoveryContext, found: Pick<FoundDevice, "id" | "platform">): Promise<FoundDevice> {
  const { dev } = await waitForDevice(ctx, found.id, "to be found on USB", async () => true);
  return { id: found.id, platform: found.platform, mode: await modeOf(dev, listeningProbe(ctx)), deviceOs: dev.isInDfuMode ? null : dev.firmwareVersion, handle: dev };
}

/**
 * Flashes the owner's checked application back (closes `found`), waits for it
 * to start, and (unless told not to) reads the stored settings a little later.
 */
export async function restoreUserPart(ctx: RecoveryContext, found: FoundDevice, app: Firmware,
  opts: { dctCheck?: boolean; grantDfuDevice?: GrantDfuDevice } = {}): Promise<RestoredJson> {
  const out = (text: string) => note(ctx, text);
  out(`Putting your application back: ${app.path} (${app.bytes.length} bytes, module version ${app.info.moduleVersion})\n`);
  await flash(ctx, found, app.bytes, { what: "owner-app", file: app.path });
  const { dev } = await waitForDevice(ctx, found.id, "to start your application", async (d) => (d.isInDfuMode ? undefined : true));
  setState(ctx, { id: found.id, is: "owner-app", file: app.path });
  ctx.emit({ kind: "result", id: found.id, text: "Your application is back on the device and has started." });
  const restored = { path: app.path, bytes: app.bytes.length, sha256: await sha256Hex(app.bytes), moduleVersion: app.info.moduleVersion };
  const verdict = await watchApplication(ctx, dev);
  if (verdict) ctx.emit({ kind: "verdict", id: found.id, advice: verdict, nextStep: verdict.nextStep });
  const appVerdict = verdict ? { appVerdict: verdict } : {};
  if (opts.dctCheck === false) {
    await dev.close().catch(() => {});
    return { ...restored, dct: null, settingsChanged: [], ...appVerdict };
  }
  setState(ctx, { id: found.id, is: "dfu", for: "settings", resetDone: true, appBack: app.path });
  const dct = await readDctRoundTrip(ctx, dev, opts.grantDfuDevice);
  setState(ctx, { id: found.id, is: "owner-app", file: app.path });
  const settingsChanged = settingsChangedByApp(dct);
  ctx.emit({ kind: "result", id: found.id, text: settingsChanged.length
    ? `Your application changed the network settings again, so the Photon may not get online:\n${settingsChanged.map((c) => `  - ${c}`).join("\n")}`
    : "Its stored network settings are still dynamic IP and the internal antenna: your application left them alone." });
  return { ...restored, dct, settingsChanged, ...appVerdict };
}
