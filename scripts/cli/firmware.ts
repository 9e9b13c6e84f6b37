// Which .bin to flash, and whether it is fit for this device: checked before
// a byte is sent.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { binName, generatedBuildId, PREBUILT_DIR, readManifest, readSums, SUMS_FILE } from "../lib/prebuilt.ts";
import type { Platform } from "../lib/user-part.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { checkFirmware, type Firmware, type FirmwareOrigin } from "./firmware-check.ts";

export { describeFirmware, type Firmware } from "./firmware-check.ts";

export function packageVersion(root: string): string {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
}

function locate(ctx: CliContext, platform: Platform, bin?: string): FirmwareOrigin {
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
  const sums = where.source !== "bundled" ? undefined : {
    file: `${PREBUILT_DIR}/${SUMS_FILE}`, remedy: "reinstall it",
    expected: readSums(join(ctx.root, PREBUILT_DIR))?.get(binName(device.platform, packageVersion(ctx.root))),
  };
  return checkFirmware({ ...where, sums }, readFileSync(where.path), device);
}
