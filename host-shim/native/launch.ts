// How to start and stop one build of the native harness (firmware/host +
// the fake Device OS): a program of this machine (x86), or a Cortex-M3
// image run by QEMU's netduino2 (an STM32F205, the Photon's MCU) whose
// stdin/stdout reach the driver through ARM semihosting.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export type HarnessBuild = "x86" | "cortex-m3";
export interface NativeHarness { build: HarnessBuild; command: string; args: string[] }

export const QEMU = "qemu-system-arm";

/**
 * -nodefaults: no serial or monitor on stdio (-nographic would read the
 * guest's stdin itself); the semihosting console is QEMU's stdin/stdout.
 */
export function qemuHarness(elf: string): NativeHarness {
  return { build: "cortex-m3", command: QEMU, args: ["-M", "netduino2", "-nodefaults", "-display", "none",
    "-semihosting-config", "enable=on,target=native", "-kernel", elf] };
}

export const x86Harness = (binary: string): NativeHarness => ({ build: "x86", command: binary, args: [] });

export function launchHarness(harness: NativeHarness | string): ChildProcessWithoutNullStreams {
  const h = typeof harness === "string" ? x86Harness(harness) : harness;
  return spawn(h.command, h.args, { stdio: ["pipe", "pipe", "pipe"] });
}

/**
 * A QEMU blocked in a semihosting read ignores SIGTERM: closing its stdin
 * ends the read (the fake Device OS exits on end of input); SIGKILL is
 * for one still busy. Either way the boot's RAM is gone, as intended.
 */
export function stopHarness(proc: ChildProcessWithoutNullStreams): void {
  proc.stdin.end();
  proc.kill("SIGKILL");
}
