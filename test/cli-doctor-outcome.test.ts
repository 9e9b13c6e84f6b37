// doctor's reading is a typed outcome (recovery/doctor-outcome.ts): --json
// prints it with the documented keys unchanged, gaining only `next` (the next
// steps as data), and the terminal names the same steps from it.
import { describe, expect, it } from "vitest";
import { doctorNext } from "../recovery/doctor.ts";
import type { DoctorResult } from "../recovery/doctor-outcome.ts";
import { runCli } from "./cli-harness.ts";

const ROOT = process.cwd();
/** doctor's --json device keys before it had a type of its own (docs/cli.md); a reading may only add to them. */
const KEYS = ["id", "platform", "mode", "deviceOs", "systemModuleVersion", "recovery", "modules", "cloud", "photonNetreset", "dct", "serverKey"];

async function doctor(scenario: string, json = true) {
  const r = await runCli(["doctor", "--simulate", scenario, ...(json ? ["--json"] : [])], [], ROOT);
  expect(r.code, r.err).toBe(0);
  return { r, device: json ? (JSON.parse(r.out) as { devices: DoctorResult[] }).devices[0] : null };
}

describe("doctor's outcome", () => {
  it("--json keeps every documented key and value, and gains the next steps as data", async () => {
    const { device } = await doctor("forum-static-ip-external-antenna");
    expect(Object.keys(device!)).toEqual([...KEYS, "next"]);
    expect(device).toMatchObject({ platform: "photon", mode: "normal", deviceOs: "2.3.1", recovery: { route: "firmware", build: "2.3.1" },
      dct: { antenna: "external", ipSource: "static" }, serverKey: { verdict: "right" } });
    expect(device!.next).toEqual([{ command: "flash" }]);
  });

  it("names the server key's fix as a step of its own, and nothing for a healthy Photon", async () => {
    expect((await doctor("wrong-server-key")).device!.next).toContainEqual({ command: "flash", args: ["--fix-server-key"] });
    expect((await doctor("healthy")).device!.next).toEqual([]);
  });

  it("the terminal names the steps the outcome holds, as command lines of this run", async () => {
    const { r } = await doctor("wrong-server-key", false);
    expect(r.out).toMatch(/to fix it: npx photon-netreset flash --fix-server-key --simulate wrong-server-key \(it resets the network settings too/);
  });

  it("the next steps follow what was read: the reset, Particle's key, credentials while it listens", () => {
    const dct = { antenna: "internal", ipSource: "dynamic", staticIp: { host: "0.0.0.0", netmask: "0.0.0.0", gateway: "0.0.0.0", dns: "0.0.0.0" } } as DoctorResult["dct"];
    const key = (verdict: "right" | "wrong") => ({ verdict, summary: "" }) as unknown as DoctorResult["serverKey"];
    expect(doctorNext({ mode: "normal", dct, serverKey: key("right") })).toEqual([]);
    expect(doctorNext({ mode: "normal", dct: { ...dct!, antenna: "external" }, serverKey: key("right") })).toEqual([{ command: "flash" }]);
    expect(doctorNext({ mode: "listening", dct, serverKey: key("wrong") })).toEqual([{ command: "flash", args: ["--fix-server-key"] }, { command: "wifi" }]);
    expect(doctorNext({ mode: "normal", dct: null })).toEqual([]); // nothing read, nothing advised
  });
});
