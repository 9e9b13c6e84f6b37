import { availableParallelism } from "node:os";
import { join } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";
import { TIERS, tierGlobs } from "./test/tiers.ts";
import { FirstRunOrder } from "./test/setup/first-run-order.ts";

// Many tests wait (on simulated reboots, Chromium, QEMU, npm) as well as
// compute: twice as many test files at once as there are cores (3 and 6 were
// slower, docs/testing.md).
const workers = Math.max(2, availableParallelism() * 2);

// Node's compile cache (V8's compiled code of what Node loads itself: node_modules'
// CommonJS and ESM, tsx, particle-cli), for every worker and every process a test
// starts: each test file is a new process that loads particle-usb, protobufjs and
// playwright-core again. Measured: a particle-cli command starts in 0.93 s of CPU, not 1.15.
process.env.NODE_COMPILE_CACHE ??= join(import.meta.dirname, "node_modules/.cache/node-compile-cache");

export default defineConfig({
  test: {
    // Runs once per run, whatever tiers run.
    globalSetup: ["test/setup/wasm.ts"],
    maxWorkers: workers,
    minWorkers: 1,
    // Longest first; on a fresh clone, with no durations yet, by tier.
    sequence: { sequencer: FirstRunOrder },
    projects: Object.keys(TIERS).map((name) => {
      const { include, exclude } = tierGlobs(name);
      return {
        test: {
          name,
          include,
          exclude: [...configDefaults.exclude, ...exclude],
          // A release test runs whole rehearsals and npm pack (each spawn allows 120 s).
          // A browser test shares the cores with its file's other tests (maxConcurrency below): 120 s.
          testTimeout: name === "release" ? 180_000 : name === "browser" ? 120_000 : 60_000,
          hookTimeout: 180_000,
          // The page built once and one Chromium, shared by every browser file.
          globalSetup: name === "browser" ? ["test/setup/browser.ts"] : [],
          // A browser file's concurrent tests (each its own tab): a few at once, not
          // vitest's 5 per file (4 files at once would load 20 tabs on 2 cores; 3 timed out under load).
          ...(name === "browser" ? { maxConcurrency: 2 } : {}),
          // The page's steps are waited for with expect.poll: vitest's 1 s
          // default is shorter than a page takes on a loaded machine (the same
          // conditions, waited for longer). In the browser tier each look is a
          // round trip to Chromium: every 200 ms, not vitest's 50 (a little
          // less CPU: the tier's 222 s against 229 s, measured once each).
          expect: { poll: { timeout: 15_000, ...(name === "browser" ? { interval: 200 } : {}) } },
        },
      };
    }),
  },
});
