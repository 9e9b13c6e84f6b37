// The device's own stored settings, read over DFU (issue 9): doctor reads them
// before anything is flashed; flash reads them after the program's report and
// refuses a report they contradict. Against simulated USB Photons.
import { describe, expect, it } from "vitest";
import { DCT_READ_RANGES } from "../model/dct.ts";
import { dctReadsOutside } from "../host-shim/usb/dct-image.ts";
import { main } from "../cli/main.ts";
import { REAL_TIMING, type CliContext } from "../cli/context.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";

const FORUM = "forum-static-ip-external-antenna";
const json = (out: string) => JSON.parse(out) as { ok: boolean; exitCode?: number; error?: string; devices: Record<string, unknown>[] };

/** `photon-netreset CMD --simulate …` as a user runs it, output captured. */
async function simulate(argv: string[]) {
  let out = "", err = "";
  const ctx: CliContext = {
    usb: { openAll: async () => ({ devices: [], unopened: [] }) }, serial: { open: async () => { throw new Error("no serial"); } },
    root: process.cwd(), timing: REAL_TIMING,
    io: { out: (t) => { out += t; }, err: (t) => { err += t; }, interactive: false, tty: false, env: {},
      prompts: { confirm: async () => false, text: async () => "", password: async () => "", select: async () => "" } as never },
  };
  const code = await main(argv, ctx);
  return { code, out, err };
}

describe("doctor reads the stored settings", () => {
  it("--simulate forum --json: external antenna, static 10.0.0.50 with gateway 10.0.0.1, before anything is flashed", async () => {
    const r = await simulate(["doctor", "--simulate", FORUM, "--json"]);
    expect(r.code).toBe(0);
    expect(json(r.out).devices[0].dct).toEqual({
      antenna: "external", ipSource: "static",
      staticIp: { host: "10.0.0.50", netmask: "255.255.255.0", gateway: "10.0.0.1", dns: "8.8.8.8" },
    });
    expect(r.err).toMatch(/restarts into DFU mode .* and back/);
  });

  it("says what they mean for the owner", async () => {
    const r = await simulate(["doctor", "--simulate", FORUM]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/static IP 10\.0\.0\.50\/24, gateway 10\.0\.0\.1: unless your network is 10\.0\.0\.x, this Photon cannot get online/);
    expect(r.out).toMatch(/external antenna selected: without one fitted the Photon sees no network/);
  });

  it("reads only ip_config, the antenna byte and the public server key, and the device is back out of DFU mode afterwards", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FORUM, {}, bins);
    const r = await runCli(["doctor", "--json"], [d], root);
    expect(r.code).toBe(0);
    expect(d.dfu.dctReads).toEqual([{ start: 1634, length: 24 }, { start: 2976, length: 1 }, { start: 2082, length: 512 }]);
    expect(dctReadsOutside(d.dfu.dctReads, DCT_READ_RANGES)).toEqual([]);
    expect(d.mode).not.toBe("dfu");
  });

  it("a device found in DFU mode is read at once and left in DFU mode", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FORUM, { mode: "dfu" }, bins);
    const r = await runCli(["doctor", "--json"], [d], root);
    expect(r.code).toBe(0);
    expect(json(r.out).devices[0]).toMatchObject({ mode: "dfu", dct: { antenna: "external", ipSource: "static" } });
    expect(d.mode).toBe("dfu");
    expect(r.out + r.err).not.toMatch(/restarts into DFU mode/);
  });

  it("--no-dfu leaves a running device alone: dct is null", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FORUM, {}, bins);
    const r = await runCli(["doctor", "--no-dfu", "--json"], [d], root);
    expect(r.code).toBe(0);
    expect(json(r.out).devices[0].dct).toBeNull();
    expect(d.dfu.dctReads).toEqual([]);
  });
});

describe("flash confirms the report with the stored settings", () => {
  it("--simulate forum --json --no-wifi: exit 0, and dct reads internal/dynamic", async () => {
    const r = await simulate(["flash", "--simulate", FORUM, "--json", "--no-wifi"]);
    expect(r.code).toBe(0);
    const device = json(r.out).devices[0];
    expect(json(r.out).ok).toBe(true);
    expect(device.dct).toMatchObject({ antenna: "internal", ipSource: "dynamic" });
    expect(r.err).toMatch(/Read from the device's own storage/);
    expect(r.err).toMatch(/storage confirms the report/);
  });

  it("a program whose report the storage contradicts: exit 1, both shown", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FORUM, { faults: { lyingProgram: true } }, bins);
    const r = await runCli(["flash", "--no-wifi", "--json"], [d], root);
    expect(r.code).toBe(1);
    const device = json(r.out).devices?.[0] ?? json(r.out);
    expect(r.err).toMatch(/antenna: the program reported internal, the device's storage says external/);
    expect(r.err).toMatch(/IP source: the program reported dynamic, the device's storage says static/);
    expect(JSON.stringify(device)).toMatch(/"dct":\{"antenna":"external","ipSource":"static"/);
  });

  it("--no-dct-check skips the read", async () => {
    const { root, bins } = packageRoot();
    const d = photon(FORUM, {}, bins);
    const r = await runCli(["flash", "--no-wifi", "--no-dct-check", "--json"], [d], root);
    expect(r.code).toBe(0);
    expect(d.dfu.dctReads).toEqual([]);
    expect(json(r.out).devices[0].dct).toBeNull();
  });
});
