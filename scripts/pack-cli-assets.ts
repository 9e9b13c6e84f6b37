// npm pack (prepack), after tsc has compiled the CLI into cli-dist/: copy in
// what --simulate reads at run time and tsc does not emit, the built-in
// scenarios and the program (build/netreset.wasm), so the packed package can
// show the whole flow without a device.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureWasm } from "./build-wasm.ts";
import { ROOT } from "./lib/root.ts";

const OUT = join(ROOT, "cli-dist");

await ensureWasm();
copyFileSync(join(ROOT, "build", "netreset.wasm"), join(OUT, "cli", "netreset.wasm"));
const scenarios = join(ROOT, "host-shim", "scenarios");
mkdirSync(join(OUT, "host-shim", "scenarios"), { recursive: true });
for (const f of readdirSync(scenarios).filter((n) => n.endsWith(".json"))) copyFileSync(join(scenarios, f), join(OUT, "host-shim", "scenarios", f));
console.error(`cli-dist: the program and ${readdirSync(join(OUT, "host-shim", "scenarios")).length} scenarios for --simulate`);
