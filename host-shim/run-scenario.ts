// Run the program on a simulated Photon until it settles: cloud connected,
// listening mode with nothing more from the owner, or no further progress.
import { adviceFor, type Advice, type AdviceWords } from "../model/advice.ts";
import type { ConnectionOutcome, LedPattern } from "./environment.ts";
import { hex32, type AntennaName, type IpSourceName, type Report } from "../model/host-api.ts";
import { MARKER_MAGIC, type Program } from "./program.ts";
import { deviceParts, type Scenario } from "./scenario.ts";
import { SimulatedPhoton, type BootRecord, type TimelineEvent } from "./simulated-photon.ts";
import { BootLoop, bootLoopGaveUp, MAX_BOOTS } from "./device-os/boot-loop.ts";
import { DeviceOs } from "./device-os/system.ts";
import type { Eeprom } from "./eeprom.ts";
import { buildFor, FIRMWARE_BUILDS, systemModuleVersionOf } from "../model/device-os-versions.ts";
import { dependencyMet, unmetDependencyAdvice } from "../model/unmet-dependency.ts";
import { DEFAULT_DEVICE_OS } from "./system-version.ts";
import { cloudKeysFor } from "./cloud-keys.ts";

export { MAX_BOOTS } from "./device-os/boot-loop.ts";

export interface FinalState {
  antenna: AntennaName;
  ipSource: IpSourceName;
  credentials: number;
  marker: boolean;
  led: LedPattern;
  cloud: boolean;
}

export interface SimResult {
  scenario: string;
  buildId: string;
  boots: BootRecord[];
  resets: number;
  powerCuts: number;
  final: FinalState;
  outcome: ConnectionOutcome | null;
  report: Report | null;
  diagnosis: string;
  advice: Advice;
  timeline: TimelineEvent[];
  /** The Device OS it ran and the one the flashed build was made for. */
  deviceOs: string;
  build: string;
  /** The build's dependency was unmet: Device OS ran in safe mode, the program never did. */
  safeMode: boolean;
}

/** The build a release flashes on this scenario's system: the one it can run, else the newest (what flashing the release's .bin by hand gives). */
export function flashedBuild(scenario: Scenario) {
  const system = systemModuleVersionOf(scenario.device.deviceOs ?? DEFAULT_DEVICE_OS)!;
  return { system, build: buildFor(system) ?? FIRMWARE_BUILDS[0] };
}

export function markerSet(device: SimulatedPhoton): boolean {
  return device.eeprom.getU32(0) === MARKER_MAGIC && device.eeprom.getU32(4) === device.program.buildId;
}

/** What persists in a scenario's Photon whatever runs on it: the EEPROM, and Device OS over its DCT and radio world. */
export interface ScenarioDevice { eeprom: Eeprom; system: DeviceOs }

export function deviceFor(scenario: Scenario): ScenarioDevice {
  const { eeprom, wifi, hardware } = deviceParts(scenario);
  return { eeprom, system: new DeviceOs({ wifi, hardware, environment: scenario.environment, cloud: cloudKeysFor(scenario) }) };
}

export function photonFor(scenario: Scenario, program: Program, timeline = true, parts: ScenarioDevice = deviceFor(scenario)): SimulatedPhoton {
  const device = new SimulatedPhoton({
    program, ...parts,
    retained: scenario.device.retained,
    powerCutAfterCall: scenario.powerCutAfterCall,
    timeline,
  });
  device.resetInfoFeature = scenario.device.resetInfo ?? true;
  if (scenario.device.firstResetReason !== undefined) device.pendingResetReason = scenario.device.firstResetReason;
  return device;
}

/** Boot until the program stops resetting (or the boot-loop limit), then let it connect. */
export function bootUntilSettled(device: SimulatedPhoton, maxBoots = MAX_BOOTS): BootRecord[] {
  const loop = new BootLoop(() => device.settle(), maxBoots);
  while (loop.next(device.boot()));
  return loop.boots;
}

/** The scenario's owner at the listening-mode console, if the Photon ended there (afterReset). */
export function ownerEntersCredentials(device: SimulatedPhoton, scenario: Scenario): void {
  if (device.system.listening && scenario.afterReset) device.enterCredentials(scenario.afterReset.credentials);
}

/**
 * The system refuses the flashed build when its dependency is unmet
 * (HAL_Core_Validate_User_Module): Device OS alone, in safe mode, with the
 * stored settings; the program never runs. Null when the build runs.
 */
export function refusedBySystem(scenario: Scenario, device: SimulatedPhoton, words?: AdviceWords): SimResult | null {
  const { system, build } = flashedBuild(scenario);
  if (dependencyMet(system, build.systemModuleVersion)) return null;
  device.events?.push({ ms: 0, boot: 0, kind: "mode", text: `Device OS ${scenario.device.deviceOs} (system module ${system}) refuses the build for ${build.deviceOs} (it depends on ${build.systemModuleVersion}): safe mode` });
  device.system.start("safe");
  ownerEntersCredentials(device, scenario);
  const advice = unmetDependencyAdvice(system, build.systemModuleVersion, device.outcome, words);
  return { ...summarise(scenario.name, device, [], scenario, words), safeMode: true, advice, diagnosis: advice.code };
}

/** `words` names the next step's commands as the caller's user runs them (default: the installed form). */
export function runScenario(scenario: Scenario, program: Program, options: { timeline?: boolean; words?: AdviceWords } = {}): SimResult {
  const device = photonFor(scenario, program, options.timeline ?? true);
  const refused = refusedBySystem(scenario, device, options.words);
  if (refused) return refused;
  const boots = bootUntilSettled(device);
  ownerEntersCredentials(device, scenario);
  return summarise(scenario.name, device, boots, scenario, options.words);
}

export function summarise(name: string, device: SimulatedPhoton, boots: BootRecord[], scenario?: Scenario, words?: AdviceWords): SimResult {
  const report = device.lastReport;
  const advice = adviceFor(report, device.outcome, bootLoopGaveUp(boots), words);
  const deviceOs = scenario?.device.deviceOs ?? DEFAULT_DEVICE_OS;
  return {
    deviceOs, build: scenario ? flashedBuild(scenario).build.deviceOs : FIRMWARE_BUILDS[0].deviceOs, safeMode: false,
    scenario: name,
    buildId: hex32(device.program.buildId),
    boots,
    resets: boots.filter((b) => b.end === "reset").length,
    powerCuts: boots.filter((b) => b.end === "power-cut").length,
    final: {
      antenna: device.wifi.antenna,
      ipSource: device.wifi.ipSource,
      credentials: device.wifi.credentials().length,
      marker: markerSet(device),
      led: device.led,
      cloud: device.outcome?.cloud ?? false,
    },
    outcome: device.outcome,
    report,
    diagnosis: advice.code,
    advice,
    timeline: device.events ?? [],
  };
}
