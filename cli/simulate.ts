// --simulate SCENARIO: the commands run against a simulated USB Photon made
// from a scenario, through the same code as a real device (particle-usb over
// a simulated cable, the listening-mode console over a simulated serial port).
// main.ts imports this file only for --simulate, so a real run loads no simulator.
import { existsSync, readFileSync } from "node:fs";
import bvrModule from "binary-version-reader";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ownerAppBin } from "../host-shim/owner-app.ts";
import { compileProgram, type Program } from "../host-shim/program.ts";
import { photonFor } from "../host-shim/run-scenario.ts";
import { loadScenario, type Scenario } from "../host-shim/scenario.ts";
import type { WifiSettings } from "../host-shim/wifi-settings.ts";
import { SimulatedUsbBus } from "../host-shim/usb/simulated-bus.ts";
import { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import { InputError } from "../host-shim/validate.ts";
import { buildFor, systemModuleVersionOf } from "../model/device-os-versions.ts";
import { DEFAULT_DEVICE_OS } from "../host-shim/system-version.ts";
import { FUNCTION, PLATFORM_IDS, TARGET_DEVICE_OS, USER_PART_ADDRESS, type Platform } from "../model/user-part.ts";
import { CliError, EXIT, SIMULATED_TIMING, type CliContext } from "./context.ts";

const here = dirname(fileURLToPath(import.meta.url));
/** The packed CLI carries the program next to its one file (scripts/bundle-cli.ts); a checkout has build/. */
export const PACKED_WASM = join(here, "netreset.wasm");
/** A made-up but well-formed Photon id. */
const SIMULATED_ID = "e00fce68000000000000d3a0";

const bvr = bvrModule as {
  firmwareTestHelper: { createFirmwareBinary(o: Record<string, unknown>): Buffer };
  updateModuleSha256(b: Buffer): void;
  updateModuleCrc32(b: Buffer): void;
};
/** The module prefix of a Particle module (binary-version-reader's ModuleInfo.MODULE_PREFIX_SIZE). */
const MODULE_PREFIX_SIZE = 24;

async function wasmPath(root: string): Promise<string> {
  if (existsSync(PACKED_WASM)) return PACKED_WASM;
  const built = join(root, "build", "netreset.wasm");
  // In a checkout the npm scripts build it first (scripts/checkout-cli.ts): the command itself never reaches scripts/.
  if (!existsSync(built)) throw new CliError(`--simulate needs the program, ${built}: run \`npm run build:wasm\` first.`, EXIT.failed);
  return built;
}

/**
 * A user part for this platform whose data is the program's WebAssembly: it
 * passes every check a real .bin passes (binary-version-reader, CRC, platform,
 * Device OS dependency), so the flash path is the real one. Simulation only.
 */
export function standInUserPart(wasm: Buffer, platform: Platform, systemModuleVersion: number = TARGET_DEVICE_OS.systemModuleVersion): Buffer {
  const bin = bvr.firmwareTestHelper.createFirmwareBinary({
    platformId: PLATFORM_IDS[platform], moduleFunction: FUNCTION.USER_PART, moduleIndex: 1, moduleVersion: 6,
    deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: systemModuleVersion }], // as the real build for that Device OS has it
    moduleStartAddress: USER_PART_ADDRESS, dataSize: wasm.length,
  });
  wasm.copy(bin, MODULE_PREFIX_SIZE);
  bvr.updateModuleSha256(bin);
  bvr.updateModuleCrc32(bin);
  return bin;
}

/** The scenario's stored antenna, IP and networks, over what the program left. */
function restoreSettings(wifi: WifiSettings, scenario: WifiSettings): void {
  Object.assign(wifi, { antenna: scenario.antenna, ipSource: scenario.ipSource, staticIp: scenario.staticIp });
  wifi.slots.splice(0, wifi.slots.length, ...scenario.slots);
}

/**
 * The context with the simulated Photon on its bus. `flash` and `doctor` find
 * it running the owner's application with the scenario's settings, as a Photon
 * that needs recovering is; `wifi` finds photon-netreset already on it, as
 * after a flash, and `rerun` too, with the scenario's settings back.
 */
export async function simulatedContext(ctx: CliContext, scenarioName: string, command: string): Promise<CliContext> {
  let scenario: Scenario;
  try {
    scenario = loadScenario(scenarioName);
  } catch (e) {
    if (e instanceof InputError) throw new CliError(`--simulate: ${e.message}`, EXIT.usage);
    throw e;
  }
  scenario.afterReset = null; // the CLI enters credentials itself, at its prompt or from --ssid
  const path = await wasmPath(ctx.root);
  const wasm = readFileSync(path);
  const program: Program = compileProgram(new Uint8Array(wasm));
  const { app: ownerApp, platform } = scenario.device;
  // The scenario's own application, put back by restore: it runs as that app (and may break the settings again).
  const ownerBin = ownerApp ? ownerAppBin(ownerApp, platform) : null;
  const ourBuild = buildFor(systemModuleVersionOf(scenario.device.deviceOs ?? DEFAULT_DEVICE_OS) ?? 0);
  const device = new SimulatedUsbPhoton({
    id: SIMULATED_ID, platform: scenario.device.platform, scenario, rebootMs: 20,
    // A simulated Photon cannot run ARM code: whatever other .bin passes its module checks runs the program.
    programIn: (bin) => (ownerBin && bin.equals(ownerBin) ? null : program),
    // `rerun` and `wifi` find photon-netreset already there only where its system runs a build of ours.
    ...(command === "flash" || command === "doctor" || !ourBuild ? {} : {
      app: { kind: "netreset" as const, program }, userPart: standInUserPart(wasm, platform, ourBuild.systemModuleVersion) }),
  });
  // `rerun`: photon-netreset ran on it before, and since then the scenario's
  // settings are back (the owner's application set them again): the rerun
  // has them to reset, not the program's own result from a moment ago.
  if (command === "rerun" && device.photon) restoreSettings(device.photon.wifi, photonFor(scenario, program, false).wifi);
  const bus = new SimulatedUsbBus([device]);
  ctx.io.err(`Simulation: a simulated USB ${scenario.device.platform === "p1" ? "P1" : "Photon"} on Device OS ${device.systemVersion} from scenario "${scenario.name}"${scenario.description ? ` (${scenario.description})` : ""}; no real device is touched.\n`);
  return {
    ...ctx, usb: bus, serial: bus,
    timing: SIMULATED_TIMING,
    simulated: { scenario: scenario.name, standIn: async (platform, build) => ({ bytes: standInUserPart(wasm, platform, build.systemModuleVersion), buildId: program.buildId, wasmPath: path }) },
  };
}
