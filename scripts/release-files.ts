// npm run release:prepare — write SHA256SUMS and manifest.json for the .bin
// files the release workflow put in firmware/prebuilt/.
// npm run release:check — verify that folder: a .bin for every platform, each
// matching SHA256SUMS and passing the module checks and size budget, one per
// platform and build (model/device-os-versions.ts FIRMWARE_BUILDS).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./lib/root.ts";
import { hex32 } from "../model/host-api.ts";
import { binName, formatSums, generatedBuildId, MANIFEST_FILE, PREBUILT_DIR, readManifest, readSums, SUMS_FILE, type Manifest } from "../cli/prebuilt.ts";
import { inspectUserPart, PLATFORM_IDS, releaseProblems, TARGET_DEVICE_OS, type Platform } from "../model/user-part.ts";
import { FIRMWARE_BUILDS } from "../model/device-os-versions.ts";
import { releaseBinNames } from "../model/release-names.ts";
import { sha256Hex } from "../model/sha256.ts";

const PLATFORMS = Object.keys(PLATFORM_IDS) as Platform[];

export function versionOf(root: string): string {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
}

export async function prepareRelease(root: string): Promise<string[]> {
  const dir = join(root, PREBUILT_DIR);
  const bins = readdirSync(dir).filter((f) => f.endsWith(".bin")).sort();
  writeFileSync(join(dir, SUMS_FILE), await formatSums(bins.map((name) => ({ name, bytes: readFileSync(join(dir, name)) }))));
  const buildId = generatedBuildId(root);
  if (buildId === null) throw new Error("no build id in firmware/host/src/generated/netreset.inc: run `npm run build:c`");
  const manifest: Manifest = { version: versionOf(root), buildId: hex32(buildId), deviceOs: TARGET_DEVICE_OS.version };
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return bins;
}

/** Every problem with the prebuilt folder; empty when it is releasable. */
export async function checkRelease(root: string): Promise<string[]> {
  const dir = join(root, PREBUILT_DIR);
  const version = versionOf(root);
  const problems: string[] = [];
  const sums = readSums(dir);
  if (!sums) problems.push(`${PREBUILT_DIR}/${SUMS_FILE} is missing (npm run release:prepare writes it)`);
  const manifest = readManifest(dir);
  if (!manifest) problems.push(`${PREBUILT_DIR}/${MANIFEST_FILE} is missing (npm run release:prepare writes it)`);
  else if (manifest.version !== version) problems.push(`${MANIFEST_FILE} is for version ${manifest.version}, the package is ${version}`);
  for (const platform of PLATFORMS) for (const build of FIRMWARE_BUILDS) {
    const name = binName(platform, version, build.deviceOs);
    const file = join(dir, name);
    if (!existsSync(file)) { problems.push(`${PREBUILT_DIR}/${name} is MISSING: every release needs a .bin for the ${platform} built against Device OS ${build.deviceOs}`); continue; }
    const bytes = readFileSync(file);
    if (sums && sums.get(name) !== await sha256Hex(bytes)) problems.push(`${name}: ${sums.has(name) ? "SHA-256 does not match" : "not listed in"} ${SUMS_FILE}`);
    try {
      const info = await inspectUserPart(bytes);
      for (const p of releaseProblems(info, platform)) problems.push(`${name}: ${p}`);
      // The name promises the Device OS it needs: the CLI and the page pick it by that.
      if (info.systemVersion !== build.systemModuleVersion) problems.push(`${name}: it depends on system module version ${info.systemVersion}, not ${build.systemModuleVersion} (Device OS ${build.deviceOs}) as its name says`);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  const expected = new Set(releaseBinNames(version));
  for (const extra of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".bin") && !expected.has(f)) : []) {
    problems.push(`${extra} does not belong to version ${version}`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === "prepare") {
    prepareRelease(ROOT).then((bins) => console.log(`wrote ${PREBUILT_DIR}/${SUMS_FILE} (${bins.join(", ") || "no .bin files"}) and ${MANIFEST_FILE}`),
      (e: Error) => { console.error(e.message); process.exitCode = 1; });
  } else if (command === "check") {
    checkRelease(ROOT).then((problems) => {
      if (problems.length === 0) { console.log(`${PREBUILT_DIR}: ${PLATFORMS.length * FIRMWARE_BUILDS.length} .bin files, all checked`); return; }
      console.error(`${PREBUILT_DIR} is NOT releasable:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
      process.exitCode = 1;
    }, (e: Error) => { console.error(e.message); process.exitCode = 1; });
  } else {
    console.error("usage: tsx scripts/release-files.ts prepare|check");
    process.exitCode = 2;
  }
}
