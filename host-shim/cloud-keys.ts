// A scenario's cloud keys for the handshake: its DCT's server key
// (device.serverKey), whether the cloud knows its device key
// (environment.cloudKnowsDeviceKey) and the Device OS it runs (device.deviceOs).
import { systemModuleVersionOf } from "../model/device-os-versions.ts";
import type { CloudKeys } from "./device-os/cloud-handshake.ts";
import { DctServerKey } from "./dct-server-key.ts";
import type { Scenario } from "./scenario.ts";
import { DEFAULT_DEVICE_OS } from "./system-version.ts";

export function cloudKeysFor(scenario: Scenario): CloudKeys {
  return {
    serverKey: new DctServerKey(scenario.device.serverKey ?? "right"),
    cloudKnowsDeviceKey: scenario.environment.cloudKnowsDeviceKey ?? true,
    systemModuleVersion: systemModuleVersionOf(scenario.device.deviceOs ?? DEFAULT_DEVICE_OS) ?? 2302,
  };
}
