// The modules a Photon on Device OS 2.3.1 reports (GetModuleInfoRequest), with
// the versions and dependencies its build gives them
// (modules/shared/system_module_version.mk, modules/shared/stm32f2xx/part1_build.mk
// and part2_build.mk). particle-usb reads the deprecated field.
import protobufModule from "@particle/device-os-protobuf";
import type { UserPartInfo } from "../../model/user-part.ts";
import { moduleInfoEncoding, moduleInfoJson } from "../../model/module-info.ts";

const protobuf = protobufModule as unknown as { encode(name: string, m: object): Buffer };

/** module_function_t as GetModuleInfoReply numbers it (particle-usb's device.js). */
const TYPE = { BOOTLOADER: 1, SYSTEM_PART: 2, USER_PART: 3 } as const;

/** BOOTLOADER_VERSION ?= 1006; BOOTLOADER_DEPENDENCY = 1003 for PLATFORM_GEN 2; RELEASE_070_MODULE_VERSION ?= 207. */
export const MODULE_VERSIONS = { bootloader: 1006, bootloaderDependency: 1003, release070: 207 } as const;

/** Sizes Device OS computes from each module's header; not in the source: chosen (the slots' sizes). */
const SIZES = { bootloader: 16384, systemPart: 262144, unknownUserPart: 8192 } as const;

/** What is in the user slot: a flashed .bin's own header, or an application we have no .bin for. */
export type UserSlot = { bytes: number; info: Pick<UserPartInfo, "moduleVersion" | "systemVersion"> } | null;

export function moduleInfo(systemModuleVersion: number, user: UserSlot) {
  const system = systemModuleVersion;
  return [
    { type: TYPE.BOOTLOADER, index: 0, version: MODULE_VERSIONS.bootloader, size: SIZES.bootloader, validity: 0, dependencies: [] },
    // SYSTEM_PART1_MODULE_DEPENDENCY ?= ${MODULE_FUNCTION_SYSTEM_PART},2,207 (Photon/P1, system part 2 >= 300).
    { type: TYPE.SYSTEM_PART, index: 1, version: system, size: SIZES.systemPart, validity: 0,
      dependencies: [{ type: TYPE.SYSTEM_PART, index: 2, version: MODULE_VERSIONS.release070 }] },
    // part2_build.mk: MODULE_DEPENDENCY=system part 1, MODULE_DEPENDENCY2=bootloader at BOOTLOADER_DEPENDENCY.
    { type: TYPE.SYSTEM_PART, index: 2, version: system, size: SIZES.systemPart, validity: 0,
      dependencies: [{ type: TYPE.SYSTEM_PART, index: 1, version: system }, { type: TYPE.BOOTLOADER, index: 0, version: MODULE_VERSIONS.bootloaderDependency }] },
    { type: TYPE.USER_PART, index: 1, version: user?.info.moduleVersion ?? 6, size: user?.bytes ?? SIZES.unknownUserPart, validity: 0,
      dependencies: user?.info.systemVersion === 0 ? [] : [{ type: TYPE.SYSTEM_PART, index: 2, version: user ? user.info.systemVersion : system }] },
  ];
}

const TYPE_NAME = { [TYPE.BOOTLOADER]: "BOOTLOADER", [TYPE.SYSTEM_PART]: "SYSTEM_PART", [TYPE.USER_PART]: "USER_PART" } as const;

/** Request 90's reply data as this release encodes it (model/module-info.ts): JSON text on 0.8.0-rc.2..rc.14 and 1.0.x, else protobuf. */
export function moduleInfoReplyData(systemModuleVersion: number, platformId: number, user: UserSlot): Buffer {
  const modules = moduleInfo(systemModuleVersion, user);
  if (moduleInfoEncoding(systemModuleVersion) === "json") {
    const named = modules.map((m) => ({ ...m, type: TYPE_NAME[m.type], dependencies: m.dependencies.map((d) => ({ ...d, type: TYPE_NAME[d.type] })) }));
    return Buffer.from(moduleInfoJson(platformId, named), "latin1");
  }
  return protobuf.encode("GetModuleInfoReply", { modulesDeprecated: modules });
}
