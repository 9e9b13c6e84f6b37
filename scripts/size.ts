// npm run size — the ARM code of the program's two routes, per object and in
// total: WebAssembly (generated C + runtime + glue, the product) against the
// same behaviour written directly in C++ (bench/reference/). Each route is
// compiled with Device OS's flags for the Photon and linked with
// --gc-sections, so only what the firmware would keep is counted; Device OS
// itself is left unresolved and not counted.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ARM, ARM_LINK_FLAGS, ARM_MISSING, cacheDir, compile, FAKE_DEVICE_OS, haveCompiler, hostHeaders, hostSources, type Toolchain } from "./toolchain.ts";
import { ensureWasm } from "./build-wasm.ts";
import { APPLICATION_STACK, measureStack, OWN_STACK_BUDGET } from "./stack-usage.ts";

/**
 * What the WebAssembly route may add over the same program written in C++:
 * nothing. A real .bin pads its code to 16 bytes (Device OS 2.3.1
 * modules/shared/stm32f2xx/user.ld, ALIGN(16) at the end of .text), so code
 * no larger than the reference's gives a .bin no larger either.
 */
export const GOAL = { flash: 0, ram: 0 };

export interface Sizes { text: number; data: number; bss: number; retained: number }
export interface RouteSize { route: "wasm" | "reference"; /** The program linked alone (Device OS unresolved). */ elf: string; objects: Record<string, Sizes>; total: Sizes }

const zero = (): Sizes => ({ text: 0, data: 0, bss: 0, retained: 0 });

/** What kind of memory an input section ends up in. */
function kindOf(section: string): keyof Sizes | null {
  if (/^\.(text|rodata|init_array|fini_array|ARM\.exidx|ARM\.extab)/.test(section)) return "text";
  if (/^\.data/.test(section)) return "data";
  if (/^\.bss|^COMMON/.test(section)) return "bss";
  if (/retained_user/.test(section)) return "retained";
  return null;
}

/** Sums the linker map's input sections per object file. */
export function sizesFromMap(map: string): Record<string, Sizes> {
  const body = map.slice(map.indexOf("Linker script and memory map"));
  const sizes: Record<string, Sizes> = {};
  let pending: string | null = null;
  for (const line of body.split("\n")) {
    const whole = /^ (\.\S+|COMMON|retained_user)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o)$/.exec(line);
    const nameOnly = /^ (\.\S+|COMMON|retained_user)$/.exec(line);
    const rest = /^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o)$/.exec(line);
    let section: string | null = null, size = 0, object = "";
    if (whole) [section, size, object] = [whole[1], parseInt(whole[2], 16), whole[3]];
    else if (nameOnly) { pending = nameOnly[1]; continue; }
    else if (rest && pending) [section, size, object] = [pending, parseInt(rest[1], 16), rest[2]];
    pending = null;
    const kind = section && kindOf(section);
    if (!kind || size === 0) continue;
    const name = basename(object).replace(/^firmware__host__src__|^bench__reference__|^host-shim__native__/, "").replace(/\.o$/, "");
    (sizes[name] ??= zero())[kind] += size;
  }
  return sizes;
}

/** What Device OS calls in a user part (C++ names): everything kept hangs from these. */
const ROOTS = ["_Z5setupv", "_Z4loopv", "_Z27ctrl_request_custom_handlerP12ctrl_request"];

function link(tc: Toolchain, objects: string[], elf: string): string {
  const mapFile = `${elf}.map`;
  const r = spawnSync(tc.cxx, [...tc.flags, ...ARM_LINK_FLAGS, "-nostdlib",
    "-Wl,--unresolved-symbols=ignore-all", `-Wl,-e,${ROOTS[0]}`, ...ROOTS.slice(1).map((r) => `-Wl,-u,${r}`),
    `-Wl,-Map=${mapFile}`, ...objects, "-o", elf], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`link failed: ${r.stderr}`);
  return readFileSync(mapFile, "utf8");
}

/**
 * Device OS's own code, here the fake's: linked first and not counted. It
 * holds what a real link takes from Device OS's libraries, such as the WiFi
 * object's vtable and the out-of-line copies of the inline virtual functions
 * it points to; a copy the program's code also emits is then Device OS's, as
 * in a real link (it is there in both routes).
 */
const DEVICE_OS_STAND_IN = "fake_device_os.cpp";

export function measureRoute(route: "wasm" | "reference"): RouteSize {
  const sources = [join(FAKE_DEVICE_OS, DEVICE_OS_STAND_IN), ...hostSources(route)];
  const dir = cacheDir(`arm-${route}`, [...sources, ...hostHeaders()], { flags: ARM.flags, link: ARM_LINK_FLAGS });
  const [standIn, ...program] = compile(ARM, sources, dir);
  const objectsSizes = sizesFromMap(link(ARM, [standIn, ...program], join(dir, `${route}-measured.elf`)));
  delete objectsSizes[DEVICE_OS_STAND_IN];
  // The program alone, Device OS unresolved: what it needs from Device OS.
  const elf = join(dir, `${route}.elf`);
  link(ARM, program, elf);
  const total = Object.values(objectsSizes).reduce((t, s) => {
    for (const k of Object.keys(t) as (keyof Sizes)[]) t[k] += s[k];
    return t;
  }, zero());
  return { route, elf, objects: objectsSizes, total };
}

export const flash = (s: Sizes) => s.text + s.data;
export const ram = (s: Sizes) => s.data + s.bss;

function table(r: RouteSize): string {
  const rows = Object.entries(r.objects).sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]) => `  ${name.padEnd(28)} ${String(s.text).padStart(6)} ${String(s.data).padStart(6)} ${String(s.bss).padStart(6)} ${String(s.retained).padStart(9)}`);
  const t = r.total;
  return [`  ${"object".padEnd(28)} ${"text".padStart(6)} ${"data".padStart(6)} ${"bss".padStart(6)} ${"retained".padStart(9)}`, ...rows,
    `  ${"total".padEnd(28)} ${String(t.text).padStart(6)} ${String(t.data).padStart(6)} ${String(t.bss).padStart(6)} ${String(t.retained).padStart(9)}`].join("\n");
}

async function main() {
  const { values } = parseArgs({ options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log("Usage: npm run size [-- --json]\nARM code of the WebAssembly route and the C++ reference, per object and in total,\nand the deepest stack of setup(), loop() and the USB request handler.");
    return 0;
  }
  if (!haveCompiler(ARM)) { console.error(ARM_MISSING); return 1; }
  await ensureWasm();
  const generated = join(fileURLToPath(new URL("..", import.meta.url)), "firmware/host/src/generated/netreset.inc");
  if (!existsSync(generated)) { console.error("firmware/host/src/generated/ is missing: run `npm run build:c`"); return 1; }
  const wasm = measureRoute("wasm");
  const reference = measureRoute("reference");
  const delta = { flash: flash(wasm.total) - flash(reference.total), ram: ram(wasm.total) - ram(reference.total) };
  const stack = { applicationThread: APPLICATION_STACK, ownBudget: OWN_STACK_BUDGET, entries: measureStack() };
  if (values.json) {
    console.log(JSON.stringify({ wasm, reference, delta, goal: GOAL, stack }, null, 2));
    return 0;
  }
  console.log("ARM code of the program, compiled and linked as Device OS 2.3.1's make does (arm-none-eabi-gcc, -mcpu=cortex-m3 -mthumb -Os,");
  console.log("newlib-nano, fat LTO objects linked with -fno-lto, --gc-sections); Device OS's own code not counted\n");
  console.log(`WebAssembly route (firmware/host/src):\n${table(wasm)}\n`);
  console.log(`C++ reference (bench/reference + the shared host files):\n${table(reference)}\n`);
  const verdict = (v: number, goal: number) => (v <= goal ? `within the goal of ${goal}` : `OVER the goal of ${goal}`);
  console.log(`The WebAssembly route adds ${delta.flash} bytes of flash (text+data), ${verdict(delta.flash, GOAL.flash)},`);
  console.log(`and ${delta.ram} bytes of RAM (data+bss), ${verdict(delta.ram, GOAL.ram)}.`);
  console.log(`Retained (backup) RAM: ${wasm.total.retained} bytes in both routes' program.`);
  console.log(`(A real .bin pads the code to 16 bytes, so its difference is ${delta.flash} rounded to a multiple of 16, up or down.)\n`);
  console.log(`Stack of our own code on the application thread (WebAssembly route, -fstack-usage and the call graph;`);
  console.log(`Device OS and C library calls are leaves, their frames not counted), against our budget of ${OWN_STACK_BUDGET}`);
  console.log(`of the thread's ${APPLICATION_STACK} bytes:`);
  for (const e of stack.entries) {
    console.log(`  ${e.root.padEnd(32)} ${String(e.bytes).padStart(5)} bytes, ${verdict(e.bytes, OWN_STACK_BUDGET)}`);
    console.log(`    deepest: ${e.chain.join(" → ")}`);
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then((code) => { process.exitCode = code; }, (e: Error) => { console.error(e.message); process.exitCode = 1; });
}
