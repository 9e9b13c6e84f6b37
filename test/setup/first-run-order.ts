// The order test files start in. vitest starts the longest first, by the last
// run's durations (node_modules/.vite/vitest/results.json). A fresh clone has
// none, and vitest then starts the largest files first, which puts some of the
// longest last (web-one-verdict is small and takes a minute): the run ends on
// them alone. With no durations known, the tiers say it instead: the browser's
// files first, then release, native, cli and unit, each largest first.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const SLOWEST_FIRST = ["browser", "release", "native", "cli", "unit"];
const rank = (spec: TestSpecification) => {
  const at = SLOWEST_FIRST.indexOf(spec.project.name);
  return at < 0 ? SLOWEST_FIRST.length : at;
};

export class FirstRunOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const known = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`) !== undefined;
    if (files.some(known)) return sorted;
    return [...sorted].sort((a, b) => rank(a) - rank(b)); // stable: largest first within a tier
  }
}
