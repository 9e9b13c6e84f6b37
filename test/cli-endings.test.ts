// Every ending tells the truth (issue 22): a Photon whose radio is off or that
// sees no network is not "recovered"; rerun ends as flash does; advice names
// commands that work where they are shown; bad input in our own words; two
// Photons sharing one DFU serial number are told apart or refused.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../cli/main.ts";
import { REAL_TIMING, type CliContext } from "../cli/context.ts";
import { PASSWORD_ENV } from "../cli/options.ts";
import { packageRoot, photon, runCli, scriptedPrompts } from "./cli-harness.ts";

const FORUM = "forum-static-ip-external-antenna";
const SHARED_DFU_SERIAL = "00000000010C"; // device-os issue 1425

/** `photon-netreset CMD --simulate …` as a user runs it, output captured. */
async function simulate(argv: string[], opts: { env?: NodeJS.ProcessEnv; answers?: string[] } = {}) {
  let out = "", err = "";
  const asked: string[] = [];
  const ctx: CliContext = {
    usb: { openAll: async () => ({ devices: [], unopened: [] }) }, serial: { open: async () => { throw new Error("no serial"); } },
    root: process.cwd(), timing: REAL_TIMING,
    io: { out: (t) => { out += t; }, err: (t) => { err += t; }, interactive: opts.answers !== undefined, tty: false, env: opts.env ?? {},
      prompts: scriptedPrompts([...(opts.answers ?? [])], asked, []) },
  };
  const code = await main(argv, ctx);
  return { code, out, err, asked };
}

describe("a Photon whose radio is off or that sees no network is not recovered", () => {
  for (const [scenario, diagnosis, headline] of [
    ["damaged-radio", "radio-off", /Not recovered: its Wi-Fi radio does not come on/],
    ["only-5ghz", "no-access-points", /Not recovered: it sees no 2\.4 GHz network/],
  ] as const) {
    it(`flash --simulate ${scenario} --ssid home --json: exit 1, "failed", and the credentials were not sent`, async () => {
      const r = await simulate(["flash", "--simulate", scenario, "--ssid", "home", "--security", "wpa2", "--json"], { env: { [PASSWORD_ENV]: "correct horse" } });
      expect(r.code, r.err).toBe(1);
      const json = JSON.parse(r.out);
      expect(json).toMatchObject({ ok: false, exitCode: 1 });
      expect(json.devices[0]).toMatchObject({ result: "failed", diagnosis, cloud: false, credentialsSent: false });
      expect(json.error).toMatch(/the Wi-Fi credentials were not sent/);
      expect(r.err).toMatch(headline);
      expect(r.err).toMatch(/The Wi-Fi credentials for "home" were not sent: not recovered/);
      expect(r.out + r.err).not.toMatch(/Sending the credentials/);
      expect(`${r.out}${r.err}`).not.toContain("correct horse");
    });
  }

  it("the advice for a dead radio is not to run it again", async () => {
    const r = await simulate(["flash", "--simulate", "damaged-radio", "--no-wifi"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Next step: No setting and no Wi-Fi password can fix a radio that does not start/);
    expect(r.out + r.err).not.toMatch(/rerun/);
  });
});

describe("a next step the command is about to do itself is not named as a command to run", () => {
  it("flash --simulate forum --ssid home: the next step says it sends them now, not 'run photon-netreset wifi'", async () => {
    const r = await simulate(["flash", "--simulate", FORUM, "--ssid", "home", "--security", "wpa2", "--no-backup"], { env: { [PASSWORD_ENV]: "correct horse" } });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Next step: Sending the Wi-Fi credentials given for "home", now\./);
    expect(r.out + r.err).not.toMatch(/Next step:.*photon-netreset wifi/);
    expect(r.out).toMatch(/Connected to the Particle cloud/);
    expect(`${r.out}${r.err}`).not.toContain("correct horse");
  });
});

describe("rerun ends as flash does", () => {
  it("--simulate forum: the rerun resets the scenario's settings (external → internal), with diagnosis, next step and the Wi-Fi offer", async () => {
    const r = await simulate(["rerun", "--simulate", FORUM], { answers: ["n"] });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/antenna +external +→ internal/);
    expect(r.out).toMatch(/IP source +static +→ dynamic/);
    expect(r.out).toMatch(/Reset done: now enter your Wi-Fi network\./);
    expect(r.out).toMatch(/Diagnosis: ok\./);
    expect(r.out).toMatch(/Next step: Enter your Wi-Fi credentials when asked/);
    expect(r.asked).toEqual(["Enter Wi-Fi credentials now?"]);
    expect(r.out).toMatch(/To enter Wi-Fi credentials later: npx photon-netreset wifi --simulate forum-static-ip-external-antenna/);
  });

  it("--simulate eeprom-stuck in text mode: exit 1 with the reason", async () => {
    const r = await simulate(["rerun", "--simulate", "eeprom-stuck"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Settings reset, but the EEPROM does not keep the reset's marker/);
    expect(r.out).toMatch(/Diagnosis: eeprom-failure\. The EEPROM did not keep the marker after 3 resets/);
    expect(r.out).toMatch(/Next step: Power-cycle it and `npx photon-netreset rerun --simulate eeprom-stuck`/);
  });

  it("--json keeps the report and adds the diagnosis and advice", async () => {
    const r = await simulate(["rerun", "--simulate", "only-5ghz", "--json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ ok: false, exitCode: 1, result: "failed", diagnosis: "no-access-points", report: { action: "done" } });
    expect(json.advice.actions).toEqual(["rerun"]);
  });
});

describe("advice names commands that work where they are shown", () => {
  it("in a --simulate run the commands keep --simulate SCENARIO", async () => {
    const r = await simulate(["flash", "--simulate", "only-5ghz", "--no-wifi"]);
    expect(r.out).toMatch(/then `npx photon-netreset rerun --simulate only-5ghz` to scan again/);
    const later = await simulate(["flash", "--simulate", FORUM, "--no-wifi"]);
    expect(later.out).toMatch(/Next step: Enter your Wi-Fi credentials: `npx photon-netreset wifi --simulate forum-static-ip-external-antenna`/);
  });

  it("doctor says what fixes the settings it explains", async () => {
    const r = await simulate(["doctor", "--simulate", FORUM]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/this Photon cannot get online\.\n(.*\n)*? +to fix it: npx photon-netreset flash --simulate forum-static-ip-external-antenna \(it sets dynamic IP and the internal antenna/);
    const healthy = await simulate(["doctor", "--simulate", "healthy"]);
    expect(healthy.out).not.toMatch(/to fix it/);
  });

  it("counts access points in words: 1 access point, not 1 access point(s)", async () => {
    const r = await simulate(["flash", "--simulate", FORUM, "--no-wifi"]);
    expect(r.out).toMatch(/no stored networks; 1 access point in range/);
    expect(r.out + r.err).not.toMatch(/\(s\)/);
  });
});

describe("bad input in our words", () => {
  it("--bin with a file that is not firmware: what is wrong, not the parser's message", async () => {
    const notes = join(tmpdir(), `notes-${process.pid}.txt`);
    // Bytes binary-version-reader takes for a module prefix with broken extensions ("Prefix extensions should end with END extension").
    let x = 1;
    writeFileSync(notes, Buffer.from(Array.from({ length: 3000 }, () => { x = (x * 1103515245 + 12345) >>> 0; return x >>> 24; })));
    const r = await simulate(["flash", "--bin", notes, "--simulate", "healthy"]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/it is not a Particle firmware module: its first bytes are not a module header/);
    expect(r.out + r.err).not.toMatch(/Prefix extensions|END extension|offset/);
  });
});

describe("two Photons sharing one DFU serial number (device-os issue 1425)", () => {
  it("the DCT read-back finds the right one: the only new DFU-mode device once it has left normal mode", async () => {
    const { root, bins } = packageRoot();
    const [a, b] = [photon(FORUM, { dfuSerial: SHARED_DFU_SERIAL }, bins), photon(FORUM, { dfuSerial: SHARED_DFU_SERIAL }, bins)];
    const r = await runCli(["flash", "--device", a.id, "--no-wifi", "--json"], [a, b], root);
    expect(r.code, r.err).toBe(0);
    expect(a.dfu.dctReads).toHaveLength(3); // ip_config, the antenna byte, the public server key
    expect(b.dfu.dctReads).toEqual([]);
    expect(b.flashed).toEqual([]);
  });

  it("refuses to guess when another Photon in DFU mode gives the same serial number", async () => {
    const { root, bins } = packageRoot();
    const a = photon(FORUM, { dfuSerial: SHARED_DFU_SERIAL }, bins);
    const b = photon(FORUM, { dfuSerial: SHARED_DFU_SERIAL, mode: "dfu" }, bins);
    const r = await runCli(["flash", "--device", a.id, "--no-wifi"], [a, b], root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`Cannot tell which device in DFU mode is ${a.id}: 2 Photons in DFU mode give the\\s+serial number ${SHARED_DFU_SERIAL.toLowerCase()}`));
    expect(r.err).toMatch(/device-os issue 1425/);
    expect(r.err).toMatch(/leave it\s+the only Photon in DFU mode/);
    expect([a.dfu.dctReads, b.dfu.dctReads]).toEqual([[], []]); // neither was read
  });
});
