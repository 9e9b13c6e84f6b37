// Whether a .bin is fit for a device, checked before a byte is sent. Shared by
// the CLI (firmware.ts finds and reads the file) and the web page (fetched
// beside the page or chosen by the owner): no file system here.
import { sha256Hex } from "../model/sha256.ts";
import { deviceOsName, inspectUserPart, NotAModuleError, userPartProblems, type Platform, type UserPartInfo } from "../model/user-part.ts";
import { RecoveryError, EXIT } from "./context.ts";

export interface Firmware {
  path: string;
  bytes: Buffer;
  info: UserPartInfo;
  source: "bundled" | "local build" | "--bin" | "simulation stand-in";
  /** The program's build id, when known: how a device already running it is recognised. */
  buildId: number | null;
}

export interface FirmwareOrigin {
  path: string;
  source: Firmware["source"];
  buildId: number | null;
  /** Bundled firmware must match its SHA256SUMS line: where that list is, its entry (if any), and what fixes a mismatch. */
  sums?: { file: string; expected: string | undefined; remedy: string };
}

/** Exit 4, with every reason, before a byte is sent. */
export const refuseFirmware = (path: string, problems: string[]) => new RecoveryError(
  `Refusing to flash ${path}:\n${problems.map((p) => `  - ${p}`).join("\n")}\nNothing was sent to the device.`, EXIT.badFirmware);

/** Checks the bytes for this device; refuses with every reason found. */
export async function checkFirmware(where: FirmwareOrigin, bytes: Buffer,
  device: { platform: Platform; systemVersion: number | null; ownerApp?: boolean }): Promise<Firmware> {
  const refuse = (problems: string[]) => refuseFirmware(where.path, problems);
  if (where.sums) {
    const { file, expected, remedy } = where.sums;
    if (!expected) throw refuse([`it is not listed in ${file}: the package is incomplete; ${remedy}`]);
    if ((await sha256Hex(bytes)) !== expected) throw refuse([`its SHA-256 does not match SHA256SUMS: the package is damaged; ${remedy}`]);
  }
  let info: UserPartInfo;
  try {
    info = await inspectUserPart(bytes);
  } catch (e) {
    if (e instanceof NotAModuleError) throw refuse([e.message]);
    throw e;
  }
  const problems = userPartProblems(info, { platform: device.platform, maxSystemVersion: device.systemVersion ?? undefined, ownerApp: device.ownerApp });
  if (problems.length) throw refuse(problems);
  return { path: where.path, source: where.source, buildId: where.buildId, bytes, info };
}

export const describeFirmware = (fw: Firmware) => fw.source === "simulation stand-in"
  ? `a stand-in user part (${fw.bytes.length} bytes) carrying ${fw.path}: no photon-netreset .bin is at hand, and the simulated Photon runs the program it carries (simulation only; a real Photon needs a real .bin)`
  : `${fw.source} ${fw.path.split("/").pop()} (${fw.bytes.length} bytes, needs ${deviceOsName(fw.info.systemVersion)}${fw.source === "bundled" ? ", SHA-256 checked" : ""})`;
