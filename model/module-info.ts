// Module info (control request 90) in both encodings a Photon has used:
// system_module_info()'s JSON text on 0.8.0-rc.2 to rc.14 and 1.0.x
// (system/src/system_control_internal.cpp CTRL_REQUEST_MODULE_INFO →
// system_update.cpp system_info_to_json / module_info_to_json at v0.8.0-rc.2,
// v0.8.0-rc.14, v1.0.0, v1.0.1), and GetModuleInfoReply protobuf from
// 0.8.0-rc.26 and 1.1.0 (control::getModuleInfo). The simulated device encodes
// with this file; the tools decode with it, whatever the device answered.
// Default import of this CommonJS package (not createRequire): the web page bundles this file.
import protobufModule from "@particle/device-os-protobuf";
import type { ParticleDevice } from "./device.ts";
import { CONTROL_REQUESTS_FROM } from "./device-os-versions.ts";
import { earlyControlHandler } from "./system-requests-by-release.ts";

const protobuf = protobufModule as unknown as { decode(name: string, data: Buffer): Record<string, unknown> };

export type ModuleType = "BOOTLOADER" | "SYSTEM_PART" | "USER_PART";
export interface ModuleDependency { type: ModuleType; index: number; version: number }
export interface FirmwareModule extends ModuleDependency { size: number; dependencies: ModuleDependency[] }

/** The reply's encoding on a system of this module version; null: no control requests at all (before 0.8.0-rc.2). */
export function moduleInfoEncoding(moduleVersion: number): "json" | "protobuf" | null {
  if (moduleVersion < CONTROL_REQUESTS_FROM) return null;
  if (earlyControlHandler(moduleVersion)) return "json"; // 0.8.0-rc.2..rc.14, 1.0.x
  return "protobuf";
}

/** module_function_string (system_update.cpp): the letters of the JSON text. */
const LETTER: Record<ModuleType, string> = { BOOTLOADER: "b", SYSTEM_PART: "s", USER_PART: "u" };
const FROM_LETTER = Object.fromEntries(Object.entries(LETTER).map(([t, l]) => [l, t])) as Record<string, ModuleType>;
/** FirmwareModuleType of control/storage.proto (GetModuleInfoReply.modules_deprecated). */
const FROM_PROTO: Record<number, ModuleType> = { 1: "BOOTLOADER", 2: "SYSTEM_PART", 3: "USER_PART" };
/** FirmwareModuleType of cloud/describe.proto (GetModuleInfoReply.modules). */
const FROM_CLOUD_PROTO: Record<number, ModuleType> = { 2: "BOOTLOADER", 4: "SYSTEM_PART", 5: "USER_PART" };

/**
 * system_module_info() wrapped in braces, as the control request answers it:
 * {"p":platform,"m":[{"s":size,"l":"m","vc":..,"vv":..,"f":"b|s|u","n":"index","v":version,"d":[{"f","n","v"}]}]}
 * (no key-values on the Photon: ota_flash_hal.cpp sets key_value_count 0).
 */
export function moduleInfoJson(platformId: number, modules: FirmwareModule[]): string {
  const dep = (d: ModuleDependency) => `{"f":"${LETTER[d.type]}","n":"${d.index}","v":${d.version}}`;
  const mod = (m: FirmwareModule) =>
    `{"s":${m.size},"l":"m","vc":30,"vv":30,"f":"${LETTER[m.type]}","n":"${m.index}","v":${m.version},"d":[${m.dependencies.map(dep).join(",")}]}`;
  return `{"p":${platformId},"m":[${modules.map(mod).join(",")}]}`;
}

type Raw = { type?: number; index?: number; version?: number; size?: number; maxSize?: number; dependencies?: Raw[] };

/** The modules of a request 90 reply, in either encoding (JSON text starts with '{'). */
export function decodeModuleInfo(data: Buffer): FirmwareModule[] {
  if (data[0] === 0x7b) {
    const json = JSON.parse(data.toString("latin1")) as { m?: { f: string; n: string; v: number; s: number; d?: { f: string; n: string; v: number }[] }[] };
    return (json.m ?? []).filter((m) => FROM_LETTER[m.f]).map((m) => ({
      type: FROM_LETTER[m.f], index: Number(m.n), version: m.v, size: m.s,
      dependencies: (m.d ?? []).filter((d) => FROM_LETTER[d.f]).map((d) => ({ type: FROM_LETTER[d.f], index: Number(d.n), version: d.v })),
    }));
  }
  const reply = protobuf.decode("GetModuleInfoReply", data) as { modulesDeprecated?: Raw[]; modules?: Raw[] };
  const deprecated = reply.modulesDeprecated ?? [];
  const [list, types] = deprecated.length ? [deprecated, FROM_PROTO] : [reply.modules ?? [], FROM_CLOUD_PROTO];
  return list.filter((m) => types[m.type ?? 0]).map((m) => ({
    type: types[m.type ?? 0], index: m.index ?? 0, version: m.version ?? 0, size: m.size ?? m.maxSize ?? 0,
    dependencies: (m.dependencies ?? []).filter((d) => types[d.type ?? 0]).map((d) => ({ type: types[d.type ?? 0], index: d.index ?? 0, version: d.version ?? 0 })),
  }));
}

/** Control request 90 (CTRL_REQUEST_MODULE_INFO), read in whichever encoding the device answers. Throws when it is not answered. */
export async function moduleInfoOf(dev: Pick<ParticleDevice, "sendControlRequest">, opts: { timeout?: number } = {}): Promise<FirmwareModule[]> {
  const r = await dev.sendControlRequest(90, null, { timeout: opts.timeout ?? 5000 });
  if (r.result !== 0) throw new Error(`module info refused (error ${r.result})`);
  return decodeModuleInfo(Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data ?? "", "latin1"));
}
