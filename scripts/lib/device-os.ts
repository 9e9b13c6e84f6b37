// Finding a Device OS source tree and a compiler for `npm run build`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface DeviceOsTree { path: string; version: string; source: "DEVICE_OS_PATH" | "Particle Workbench" }

/** The version a Device OS tree declares (build/version.mk), or null when it is not one. */
export function deviceOsVersion(path: string): string | null {
  const mk = join(path, "build", "version.mk");
  if (!existsSync(join(path, "main")) || !existsSync(mk)) return null;
  return /^VERSION_STRING\s*=\s*(\S+)/m.exec(readFileSync(mk, "utf8"))?.[1] ?? null;
}

const semverKey = (v: string) => v.split(/[.-]/).slice(0, 3).map((n) => n.padStart(5, "0")).join(".");

/** DEVICE_OS_PATH, else the newest 2.3.x that Particle Workbench installed. */
export function findDeviceOs(env: NodeJS.ProcessEnv = process.env, home = homedir()): DeviceOsTree | { error: string } | null {
  if (env.DEVICE_OS_PATH) {
    const version = deviceOsVersion(env.DEVICE_OS_PATH);
    if (!version) return { error: `DEVICE_OS_PATH=${env.DEVICE_OS_PATH} is not a Device OS source tree (no main/ and build/version.mk)` };
    return { path: env.DEVICE_OS_PATH, version, source: "DEVICE_OS_PATH" };
  }
  const root = join(home, ".particle", "toolchains", "deviceOS");
  if (!existsSync(root)) return null;
  const candidates = readdirSync(root).filter((v) => /^2\.3\.\d+$/.test(v)).sort((a, b) => semverKey(b).localeCompare(semverKey(a)));
  for (const v of candidates) {
    const version = deviceOsVersion(join(root, v));
    if (version) return { path: join(root, v), version, source: "Particle Workbench" };
  }
  return null;
}

/** GCC_ARM_PATH as given (with the trailing slash make wants), else Workbench's compiler, else PATH's. */
export function findGccArmPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string | null {
  if (env.GCC_ARM_PATH) return env.GCC_ARM_PATH.endsWith("/") ? env.GCC_ARM_PATH : `${env.GCC_ARM_PATH}/`;
  const root = join(home, ".particle", "toolchains", "gcc-arm");
  if (!existsSync(root)) return null;
  const newest = readdirSync(root).sort((a, b) => semverKey(b).localeCompare(semverKey(a)))[0];
  return newest && existsSync(join(root, newest, "bin")) ? join(root, newest, "bin") + "/" : null;
}
