// The simulated device's Device OS version (scenario key device.deviceOs):
// validated against the versions the model knows (model/device-os-versions.ts).
import { SYSTEM_MODULE_VERSIONS, systemModuleVersionOf } from "../model/device-os-versions.ts";
import { fail, string } from "./validate.ts";

export const DEFAULT_DEVICE_OS = "2.3.1";

const RELEASES = Object.keys(SYSTEM_MODULE_VERSIONS).filter((v) => !v.includes("-"));

/** A Device OS version string the simulator can model, else an error naming the field. */
export function deviceOsVersion(v: unknown, path: string): string {
  const s = string(v, path);
  if (systemModuleVersionOf(s) === null) {
    fail(path, `expected a Photon Device OS version like "2.3.1" or "1.5.2", got ${JSON.stringify(s)} (known releases: ${RELEASES.join(", ")}; release candidates like "0.8.0-rc.27" too)`);
  }
  return s;
}
