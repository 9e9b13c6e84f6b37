// doctor, rerun and the command line itself, against simulated USB Photons.
import { describe, expect, it } from "vitest";
import { program } from "./helpers.ts";
import { packageRoot, photon, runCli } from "./cli-harness.ts";
import { SimulatedUsbBus } from "../host-shim/usb/simulated-bus.ts";

describe("photon-netreset command line", () => {
  it("--help lists the commands, options and exit codes", async () => {
    const r = await runCli(["--help"], [], packageRoot().root);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/flash \[options\] +put the network-reset firmware/);
    expect(r.out).toMatch(/wifi \[options\] +enter Wi-Fi credentials/);
    expect(r.out).toMatch(/Exit codes:\n +0 +done: every device reset and verified/);
  });

  it("rejects an unknown command or option with exit code 2", async () => {
    expect((await runCli(["frobnicate"], [], packageRoot().root)).code).toBe(2);
    const r = await runCli(["flash", "--colour"], [], packageRoot().root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--colour'/);
    expect(r.err).toMatch(/photon-netreset help flash lists its options/);
    expect(r.out + r.err).not.toMatch(/positional argument/); // Node's parseArgs advice is gone
    expect(r.out + r.err).not.toMatch(/Commands:/); // a hint, not the whole help
  });
});

describe("doctor (read-only)", () => {
  it("shows mode, Device OS, modules, cloud and our report, and changes nothing", async () => {
    const { root, bins } = packageRoot();
    const ours = photon("forum-static-ip-external-antenna", { app: { kind: "netreset", program: program() } }, bins);
    const theirs = photon("healthy", {}, bins);
    const r = await runCli(["doctor", "--all", "--json"], [ours, theirs], root);
    expect(r.code).toBe(0);
    const [a, b] = JSON.parse(r.out).devices;
    expect(a).toMatchObject({ id: ours.id, mode: "listening", deviceOs: "2.3.1", cloud: "DISCONNECTED",
      photonNetreset: { action: "done", after: { antenna: "internal" } } });
    expect(a.modules).toContainEqual({ type: "SYSTEM_PART", index: 2, version: 2302 });
    expect(b).toMatchObject({ id: theirs.id, mode: "normal", photonNetreset: "not running" });
    expect(ours.flashed.length + theirs.flashed.length).toBe(0);
    const text = await runCli(["doctor", "--device", ours.id], [ours, theirs], root);
    expect(text.out).toMatch(/modules: BOOTLOADER 0 v1006, SYSTEM_PART 1 v2302/);
    expect(text.out).toMatch(/antenna +external +→ internal/);
  });

  it("with nothing connected exits 3", async () => {
    expect((await runCli(["doctor"], [], packageRoot().root)).code).toBe(3);
  });
});

describe("rerun", () => {
  it("asks our firmware to run the reset again and shows the new report", async () => {
    const { root, bins } = packageRoot();
    const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
    const resetsBefore = d.photon!.trace.filter((t) => t.call === "system_reset").length;
    const r = await runCli(["rerun", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).report).toMatchObject({ action: "done", resetAttempts: 1 });
    // rerun's own reset, then the program's reset: two more.
    expect(d.photon!.trace.filter((t) => t.call === "system_reset").length).toBe(resetsBefore + 2);
  });

  it("asks again when its request is lost because the device was in a boot that resets, and succeeds", async () => {
    const { root, bins } = packageRoot();
    // 1 s of the program's time takes 200 ms here: the resetting boot lasts ~330 ms, long enough to be asked during it.
    const d = photon("healthy", { app: { kind: "netreset", program: program() }, timeScale: 0.2 }, bins);
    d.photon!.wifi.antenna = "external"; // the owner's app changed it again: the next boot resets
    const from = d.enumeration;
    const resetsBefore = d.photon!.trace.filter((t) => t.call === "system_reset").length;
    const [dev] = (await new SimulatedUsbBus([d]).openAll()).devices;
    await dev.reset();
    while (d.enumeration === from || !d.attached) await new Promise((r) => setTimeout(r, 2));
    expect(d.runningSetup).toBe(true);
    const r = await runCli(["rerun", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/restarted before it answered .*; asking again \(2 of 3\)/);
    expect(JSON.parse(r.out).report).toMatchObject({ action: "done", before: { antenna: "internal" }, resetAttempts: 1 });
    // The boot it was asked during resets; then rerun's own reset and the program's reset.
    expect(d.photon!.trace.filter((t) => t.call === "system_reset").length).toBe(resetsBefore + 3);
  });

  it("waits for the rerun's reset: the report from before it is not taken for the verdict", async () => {
    const { root, bins } = packageRoot();
    const d = photon("forum-static-ip-external-antenna", { app: { kind: "netreset", program: program() }, timeScale: 0.1 }, bins);
    const r = await runCli(["rerun", "--json"], [d], root);
    expect(r.code, r.err).toBe(0);
    // The verdict before the rerun found the external antenna; the rerun's found the internal one.
    expect(JSON.parse(r.out).report).toMatchObject({ action: "done", before: { antenna: "internal" } });
  });

  it("on a device without our firmware says to flash it", async () => {
    const { root, bins } = packageRoot();
    const r = await runCli(["rerun"], [photon("healthy", {}, bins)], root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not run photon-netreset: use `npx photon-netreset flash`/);
  });
});

describe("the exit codes: code, --help and README agree", () => {
  it("the README's table, --help's list and the EXIT constants say the same", async () => {
    const { readFileSync } = await import("node:fs");
    const { EXIT, EXIT_MEANINGS } = await import("../cli/context.ts");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### Exit codes"));
    const table = [...section.slice(0, section.indexOf("\n\n", section.indexOf("| code |"))).matchAll(/^\| (\d+) \| (.+) \|$/gm)]
      .map((m) => [Number(m[1]), m[2]]);
    expect(table).toEqual(EXIT_MEANINGS.map(([c, m]) => [c, m]));
    expect(new Set(EXIT_MEANINGS.map(([c]) => c))).toEqual(new Set(Object.values(EXIT)));
    const help = (await runCli(["--help"], [], packageRoot().root)).out;
    // Each meaning may go on over lines indented under it (80 columns, broken between words).
    const section80 = help.slice(help.indexOf("Exit codes:"), help.indexOf("Demo without"));
    for (const line of section80.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
    const listed = [...section80.matchAll(/^ +(\d+) {2}(.+(?:\n {7}\S.*)*)$/gm)].map((m) => [Number(m[1]), m[2].replace(/\n {7}/g, " ")]);
    expect(listed).toEqual(table);
    // Every command's own help carries the same list.
    for (const cmd of ["flash", "doctor", "rerun", "wifi"]) expect((await runCli(["help", cmd], [], packageRoot().root)).out).toContain(help.slice(help.indexOf("Exit codes:"), help.indexOf("Demo without")).trim());
  });
});
