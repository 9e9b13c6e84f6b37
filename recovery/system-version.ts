// Which Device OS a device runs, as its system part 2's module version: asked
// over USB when it runs (module info, from 0.8.0; the version string before
// that), read from its internal flash when it is in DFU mode, where it cannot
// be asked (internal-flash.ts, model/system-part2-info.ts).
import { systemModuleVersionOf } from "../model/device-os-versions.ts";
import { moduleInfoOf } from "../model/module-info.ts";
import { SYSTEM_PART2, SYSTEM_PART2_MODULE_INFO_ADDRESS, systemPart2Version } from "../model/system-part2-info.ts";
import type { ParticleDevice } from "../model/device.ts";
import type { DfuReader } from "./dct-readback.ts";
import { readInternalFlash } from "./internal-flash.ts";

export interface SystemVersion {
  /** System part 2's module version (2302 for Device OS 2.3.1), null when it could not be learnt. */
  moduleVersion: number | null;
  /** How it was learnt, or why not: said to the owner. */
  how: string;
}

/** Read only: in DFU mode 24 bytes of internal flash; otherwise the module info request. */
export async function systemVersionOf(dev: ParticleDevice): Promise<SystemVersion> {
  if (dev.isInDfuMode) {
    if (!dev.readOverDfu) return { moduleVersion: null, how: "it is in DFU mode and its flash cannot be read" };
    try {
      const bytes = await readInternalFlash(dev as ParticleDevice & DfuReader, SYSTEM_PART2_MODULE_INFO_ADDRESS, SYSTEM_PART2.moduleInfoSize);
      const version = systemPart2Version(bytes, dev.platformId);
      return version === null
        ? { moduleVersion: null, how: "its flash holds no system part 2 header (Device OS is missing or damaged)" }
        : { moduleVersion: version, how: "read from its flash over DFU" };
    } catch (e) {
      return { moduleVersion: null, how: `its flash could not be read over DFU (${(e as Error).message})` };
    }
  }
  try {
    const system = (await moduleInfoOf(dev)).filter((m) => m.type === "SYSTEM_PART").map((m) => m.version);
    if (system.length) return { moduleVersion: Math.max(...system), how: "reported by the device" };
  } catch { /* before 0.8.0 there is no module info request: the version string says it */ }
  const fromString = dev.firmwareVersion ? systemModuleVersionOf(dev.firmwareVersion) : null;
  return fromString !== null
    ? { moduleVersion: fromString, how: "from the version it reports" }
    : { moduleVersion: null, how: dev.firmwareVersion ? `it reports Device OS ${dev.firmwareVersion}, a version photon-netreset does not know` : "it does not say which Device OS it runs" };
}
