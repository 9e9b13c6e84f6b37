// Which .bin to flash, and whether it is fit for this device: checked before
// a byte is sent. A file named with --bin is read and checked before any
// device is looked for, so a bad file is refused the same with or without one.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BadFileError, readBoundedFile } from "../model/bounded-file.ts";
import { binName, generatedBuildId, PREBUILT_DIR, readManifest, readSums, SUMS_FILE } from "./prebuilt.ts";
import { inspectUserPart, NotAModuleError, USER_PART_MAX_BYTES, userPartProblems, type Platform, type UserPartInfo } from "../model/user-part.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { buildFor, deviceOsLabel, type FirmwareBuild } from "../model/device-os-versions.ts";
import { checkFirmware, refuseFirmware, type Firmware, type FirmwareOrigin } from "../recovery/firmware-check.ts";

export { describeFirmware, type Firmware } from "../recovery/firmware-check.ts";

export function packageVersion(root: string): string {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
}


/** Reads a .bin: a regular file, at most the user slot; exit 4 with the reason otherwise. */
function readBin(path: string): Buffer {
  try {
    return readBoundedFile(path, USER_PART_MAX_BYTES, "firmware file");
  } catch (e) {
    if (e instanceof BadFileError) throw refuseFirmware(path, [e.message.replace(`firmware file ${path} `, "it ")]);
    throw e;
  }
}

/** Reads a .bin and parses its module header; exit 4 with the reason otherwise. */
async function readModule(path: string, ownerApp: boolean): Promise<{ bytes: Buffer; info: UserPartInfo }> {
  const bytes = readBin(path);
  try {
    return { bytes, info: await inspectUserPart(bytes) };
  } catch (e) {
    // The owner's own application is not one of our builds: say what of theirs has a header.
    if (e instanceof NotAModuleError) throw refuseFirmware(path, [ownerApp ? e.message.replace(/ \(a \.bin from .*\)$/, OWNER_APP_HAS_HEADER) : e.message]);
    throw e;
  }
}

const OWNER_APP_HAS_HEADER = " (a backup that `photon-netreset flash` saved has one, and so has your application as `particle compile` builds it)";

/** --bin FILE (photon-netreset's firmware) or restore FILE (the owner's own application), read and checked for anything that does not depend on the device. */
export async function readBinOption(file: string, opts: { ownerApp?: boolean } = {}): Promise<Firmware> {
  const path = resolve(file);
  const { bytes, info } = await readModule(path, opts.ownerApp === true);
  // Before the device is known: any Photon release will do (the device's own Device OS is checked next).
  const problems = userPartProblems(info, { anyPhotonRelease: true, ownerApp: opts.ownerApp });
  if (problems.length) throw refuseFirmware(path, problems);
  return { path, bytes, info, source: "--bin", buildId: null };
}

function locate(ctx: CliContext, platform: Platform, build: FirmwareBuild): FirmwareOrigin | null {
  const name = binName(platform, packageVersion(ctx.root), build.deviceOs);
  const bundled = join(ctx.root, PREBUILT_DIR, name);
  if (existsSync(bundled)) {
    const manifest = readManifest(join(ctx.root, PREBUILT_DIR));
    return { path: bundled, source: "bundled", buildId: manifest ? Number(manifest.buildId) : null };
  }
  const built = join(ctx.root, "dist", name);
  if (existsSync(built)) return { path: built, source: "local build", buildId: generatedBuildId(ctx.root) };
  return null;
}

/**
 * The firmware for this device (the --bin one if given): the newest build its
 * system can run (model/device-os-versions.ts), checked against it
 * (firmware-check.ts); refuses with every reason found.
 */
export async function chooseFirmware(ctx: CliContext, device: { platform: Platform; systemVersion: number | null }, bin?: Firmware): Promise<Firmware> {
  if (bin) return checkFirmware(bin, bin.bytes, device);
  const build = device.systemVersion === null ? null : buildFor(device.systemVersion);
  if (!build) {
    throw new CliError(`No photon-netreset build runs on ${device.systemVersion === null ? "a device whose Device OS is not known" : deviceOsLabel(device.systemVersion)}.`, EXIT.badFirmware);
  }
  const where = locate(ctx, device.platform, build);
  if (!where && ctx.simulated) {
    const standIn = await ctx.simulated.standIn(device.platform, build);
    return checkFirmware({ path: standIn.wasmPath, source: "simulation stand-in", buildId: standIn.buildId }, standIn.bytes, device);
  }
  const name = binName(device.platform, packageVersion(ctx.root), build.deviceOs);
  if (!where) {
    throw new CliError(`No firmware for a ${device.platform} on ${deviceOsLabel(device.systemVersion!)}: ${join(PREBUILT_DIR, name)} is not in this package and there is no local build.
Build one (npm run build -- --platform ${device.platform}, or npm run build -- --cloud after \`particle login\`), or pass --bin FILE.`, EXIT.badFirmware);
  }
  const bytes = readBin(where.path); // checkFirmware parses it
  const sums = where.source !== "bundled" ? undefined : {
    file: `${PREBUILT_DIR}/${SUMS_FILE}`, remedy: "reinstall it",
    expected: readSums(join(ctx.root, PREBUILT_DIR))?.get(name),
  };
  return checkFirmware({ ...where, sums }, bytes, device);
}
