// A user part whose dependency the system does not meet never runs: at boot
// HAL_Core_Validate_User_Module → HAL_Verify_User_Dependencies finds
// module_version < dependency and the system starts in safe mode
// (hal/src/stm32f2xx/core_hal_stm32f2xx.c, ota_flash_hal_stm32f2xx.cpp at
// v0.6.4-v3.3.1). What the owner sees and does then.
import { make, type Advice, type AdviceWords, commandWords } from "./advice.ts";
import type { ConnectionOutcome } from "./connection.ts";
import { deviceOsLabel } from "./device-os-versions.ts";

/** module_version >= dependency: whether a system of this module version runs a user part with this dependency. */
export const dependencyMet = (systemModuleVersion: number, dependency: number): boolean => systemModuleVersion >= dependency;

export function unmetDependencyAdvice(systemModuleVersion: number, dependency: number, outcome: ConnectionOutcome | null,
  words: AdviceWords = commandWords()): Advice {
  const led = outcome?.cloud ? "breathing-magenta" : (outcome?.led ?? "breathing-white");
  return make("safe-mode", { headline: "Not run: its Device OS is older than the firmware needs", tone: "problem", led,
    summary: `The firmware depends on ${deviceOsLabel(dependency)} (system module ${dependency}); this Photon runs ${deviceOsLabel(systemModuleVersion)} (${systemModuleVersion}), so Device OS refused it and started in safe mode (breathing magenta once on the cloud). Nothing was reset.`,
    nextStep: `Flash the build for its Device OS with ${words.action("flash")}, which picks it, or update Device OS first (\`particle update\`).`,
    actions: ["flash"] });
}
