// Which .bin to flash, and whether it is fit for this device: checked before
// a byte is sent.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { binName, generatedBuildId, PREBUILT_DIR, readManifest, readSums, sha256 } from "../lib/prebuilt.ts";
import { deviceOsName, inspectUserPart, NotAModuleError, userPartProblems, type Platform, type UserPartInfo } from "../lib/user-part.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";

export interface Firmware {
  path: string;
  bytes: Buffer;
  info: UserPartInfo;
  source: "bundled" | "local build" | "--bin";
  /** The program's build id, when known: how a device already running it is recognised. */
  buildId: number | null;
}

export function packageVersion(root: string): string {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
}

function locate(ctx: CliContext, platform: Platform, bin?: string): Omit<Firmware, "bytes" | "info"> {
  if (bin) return { path: resolve(bin), source: "--bin", buildId: null };
  const name = binName(platform, packageVersion(ctx.root));
  const bundled = join(ctx.root, PREBUILT_DIR, name);
  if (existsSync(bundled)) {
    const manifest = readManifest(join(ctx.root, PREBUILT_DIR));
    return { path: bundled, source: "bundled", buildId: manifest ? Number(manifest.buildId) : null };
  }
  const built = join(ctx.root, "dist", name);
  if (existsSync(built)) return { path: built, source: "local build", buildId: generatedBuildId(ctx.root) };
  throw new CliError(`No firmware for a ${platform}: ${join(PREBUILT_DIR, name)} is not in this package and there is no local build.
Use a released package (npx photon-netreset flash), build one (npm run build -- --platform ${platform}), or pass --bin FILE.`, EXIT.badFirmware);
}

/** Reads and checks the firmware for this device; refuses with every reason found. */
export async function chooseFirmware(ctx: CliContext, device: { platform: Platform; systemVersion: number | null }, bin?: string): Promise<Firmware> {
  const where = locate(ctx, device.platform, bin);
  if (!existsSync(where.path)) throw new CliError(`${where.path} does not exist.`, EXIT.badFirmware);
  const bytes = readFileSync(where.path);
  const refuse = (problems: string[]) => new CliError(
    `Refusing to flash ${where.path}:\n${problems.map((p) => `  - ${p}`).join("\n")}\nNothing was sent to the device.`, EXIT.badFirmware);
  if (where.source === "bundled") {
    const expected = readSums(join(ctx.root, PREBUILT_DIR))?.get(binName(device.platform, packageVersion(ctx.root)));
    if (!expected) throw refuse([`it is not listed in ${PREBUILT_DIR}/SHA256SUMS: the package is incomplete; reinstall it`]);
    if (sha256(bytes) !== expected) throw refuse(["its SHA-256 does not match SHA256SUMS: the package is damaged; reinstall it"]);
  }
  let info: UserPartInfo;
  try {
    info = await inspectUserPart(bytes);
  } catch (e) {
    if (e instanceof NotAModuleError) throw refuse([e.message]);
    throw e;
  }
  const problems = userPartProblems(info, { platform: device.platform, maxSystemVersion: device.systemVersion ?? undefined });
  if (problems.length) throw refuse(problems);
  return { ...where, bytes, info };
}

export const describeFirmware = (fw: Firmware) =>
  `${fw.source} ${fw.path.split("/").pop()} (${fw.bytes.length} bytes, needs ${deviceOsName(fw.info.systemVersion)}${fw.source === "bundled" ? ", SHA-256 checked" : ""})`;
