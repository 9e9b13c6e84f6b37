// Build build/netreset.wasm once before the suite, from the current sources.
import { ensureWasm } from "../../scripts/build-wasm.ts";

export default async function setup(): Promise<void> {
  await ensureWasm();
}
