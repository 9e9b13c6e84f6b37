// The host's sources compiled for the Photon's CPU with Debian's
// arm-none-eabi-gcc, warnings as errors, against the fake Device OS header.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flash, GOAL, measureRoute, ram } from "../scripts/size.ts";
import { ARM, ARM_MISSING, compile, haveCompiler, hostSources } from "../scripts/toolchain.ts";

const arm = haveCompiler(ARM);
if (!arm) console.warn(`skipping the ARM cross build: ${ARM_MISSING}`);

describe.skipIf(!arm)("ARM cross build (Cortex-M3)", () => {
  it.each(["wasm", "reference"] as const)("compiles every %s-route source with -Wall -Wextra -Wundef -Werror", (route) => {
    const objects = compile(ARM, hostSources(route), mkdtempSync(join(tmpdir(), `arm-${route}-`)));
    for (const o of objects) {
      const header = spawnSync("arm-none-eabi-readelf", ["-h", o], { encoding: "utf8" }).stdout;
      expect(header).toMatch(/Machine:\s+ARM/);
      expect(header).toMatch(/Flags:.*Version5 EABI/);
    }
  });

  it("links into a program that needs no heap, no printf and no runtime support beyond Device OS", () => {
    const wasm = measureRoute("wasm");
    expect(Object.keys(wasm.objects)).toContain("wasm_program.cpp");
    const undefinedSymbols = spawnSync("arm-none-eabi-nm", ["-u", "-C", wasm.elf], { encoding: "utf8" }).stdout;
    expect(undefinedSymbols).not.toMatch(/\b(malloc|free|realloc|calloc|_sbrk|printf|snprintf|sprintf|__assert_func|abort|setjmp|longjmp|operator new)\b/);
    expect(undefinedSymbols).toMatch(/HAL_EEPROM_Get/); // it does call Device OS
  });

  it.each(["wasm", "reference"] as const)("the %s build carries the scan list: scan_list.cpp's code linked in, the list's 593 bytes in RAM", (route) => {
    const measured = measureRoute(route);
    const list = measured.objects["scan_list.cpp"];
    expect(list, Object.keys(measured.objects).join(", ")).toBeDefined();
    expect(list.text).toBeGreaterThan(0);
    expect(list.bss).toBeGreaterThanOrEqual(1 + 16 * 37); // the count, then 16 records of 37 bytes (model/wifi-scan-list.ts)
    const defined = spawnSync("arm-none-eabi-nm", ["-C", "--defined-only", measured.elf], { encoding: "utf8" }).stdout;
    expect(defined).toMatch(/ T netreset_scan\(\)/);
    expect(defined).toMatch(/ T netreset_reply_scan_list\(ctrl_request\*\)/);
  });

  it("costs no more flash and no more RAM than the same program written in C++ (npm run size's goal)", () => {
    const wasm = measureRoute("wasm").total;
    const reference = measureRoute("reference").total;
    expect(GOAL).toEqual({ flash: 0, ram: 0 });
    expect(flash(wasm) - flash(reference)).toBeLessThanOrEqual(GOAL.flash);
    expect(ram(wasm) - ram(reference)).toBeLessThanOrEqual(GOAL.ram);
  });
});
