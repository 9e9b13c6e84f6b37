// The command in a checkout (npm run flash, doctor, rerun, wifi, restore):
// the program is built first when its sources changed, and the advice shows
// the npm scripts, the commands that work here (`npx photon-netreset` is the
// installed package's).
import { realContext, start } from "../cli/real-context.ts";
import { ensureWasm } from "./build-wasm.ts";

await ensureWasm();
start(realContext("checkout"));
