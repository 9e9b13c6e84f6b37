// Safe mode after an unmet dependency: at boot the system finds the user part's
// dependency unmet and sets safe mode (system_part2_loader.c; Device OS 0.6.4 to
// 3.3.1), then connects with the stored Wi-Fi settings like AUTOMATIC
// (system_mode.cpp set_system_mode). The mode and its LED (breathing magenta only
// once the cloud is connected, system_task.cpp) live in device-os/system.ts.
import { dependencyMet as systemMeets } from "../../model/unmet-dependency.ts";
import type { UserSlot } from "./module-info.ts";

/** Whether the system can run what is in the user slot (nothing there: nothing to refuse). */
export function dependencyMet(slot: UserSlot, systemModuleVersion: number): boolean {
  return !slot || systemMeets(systemModuleVersion, slot.info.systemVersion);
}
