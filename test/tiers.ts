// The test tiers, one vitest project each (vitest.config.ts). A file is put in
// a tier by its name; a file no pattern names falls into "unit", the default.
// test/tiers.test.ts fails if a test file is in no tier or in two.

export interface Tier {
  /** What is in it, for `vitest --project NAME` and docs/testing.md. */
  about: string;
  /** Globs, relative to the checkout; "unit" takes every test file no other tier names. */
  include: string[];
  /** In `npm run test:fast`. */
  quick: boolean;
}

export const TEST_FILES = "test/**/*.test.ts";
export const DEFAULT_TIER = "unit";

export const TIERS: Record<string, Tier> = {
  unit: { about: "the model, the simulator, scenarios, properties, the layers (in-process, no build, no browser)", include: [TEST_FILES], quick: true },
  cli: { about: "the command end to end over simulated USB Photons, and real terminals", include: ["test/cli-*.test.ts", "test/cli/**/*.test.ts", "test/device-os-versions.test.ts", "test/device-os-walk.test.ts", "test/device-os-releases.test.ts"], quick: false },
  browser: { about: "the page in Chromium (one page build and one Chromium per run, shared)", include: ["test/web-*.test.ts", "test/web/**/*.test.ts", "test/browser/**/*.test.ts"], quick: false },
  native: { about: "the firmware builds: AssemblyScript, wasm2c, g++, arm-none-eabi-gcc and QEMU", include: ["test/native-*.test.ts", "test/wasm-build.test.ts", "test/build.test.ts", "test/cross-build.test.ts", "test/stack-usage.test.ts", "test/generated-c.test.ts"], quick: false },
  release: { about: "npm pack, the packed CLI, the release rehearsal, and Particle's particle-cli against the simulated Photons", include: ["test/release*.test.ts", "test/particle-cli-*.test.ts", "test/package-*.test.ts"], quick: false },
};

/** Each tier's include and exclude: the default tier excludes what the others include. */
export function tierGlobs(name: string): { include: string[]; exclude: string[] } {
  if (name !== DEFAULT_TIER) return { include: TIERS[name].include, exclude: [] };
  return { include: TIERS[name].include, exclude: Object.entries(TIERS).filter(([n]) => n !== DEFAULT_TIER).flatMap(([, t]) => t.include) };
}
