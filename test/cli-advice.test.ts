// The next steps are data, named as a command line that works where the
// owner is: the installed command (npx photon-netreset ...) or, in a
// checkout, its npm scripts (npm run ... --), always carrying the run's own
// --simulate and --device; each step said once.
import { describe, expect, it } from "vitest";
import { commandLine } from "../recovery/actions.ts";
import { realContext } from "../cli/real-context.ts";
import { runCli, scratchDir } from "./cli-harness.ts";

const ROOT = process.cwd();
const sim = (argv: string[], opts: Parameters<typeof runCli>[3] = {}) => runCli(argv, [], ROOT, { cwd: scratchDir("photon-netreset-cwd-"), ...opts });

describe("a next step as a command line", () => {
  it("installed and checkout forms, with --simulate and --device carried, and a path quoted for a shell", () => {
    expect(commandLine({ command: "wifi" }, { form: "installed", simulate: "healthy" })).toBe("npx photon-netreset wifi --simulate healthy");
    expect(commandLine({ command: "wifi" }, { form: "checkout", simulate: "healthy", device: "e00fce68" })).toBe("npm run wifi -- --device e00fce68 --simulate healthy");
    expect(commandLine({ command: "flash" }, { form: "checkout" })).toBe("npm run flash");
    expect(commandLine({ command: "restore", args: ["/home/me/my apps/b.bin"] }, { form: "installed" })).toBe("npx photon-netreset restore '/home/me/my apps/b.bin'");
  });

  it("after a wrong Wi-Fi password the advice keeps --simulate", async () => {
    const r = await sim(["wifi", "--simulate", "wrong-password", "--ssid", "home"], { env: { PHOTON_NETRESET_WIFI_PASSWORD: "correct-hors" } });
    expect(r.code).toBe(1);
    const said = `${r.out}${r.err}`;
    expect(said).toMatch(/photon-netreset wifi --simulate wrong-password/);
    expect(said).not.toMatch(/photon-netreset wifi(?! --simulate)/);
  });

  it("flash in a script (nobody to ask, no --ssid) states its next step once", async () => {
    const r = await sim(["flash", "--simulate", "healthy"]);
    expect(r.code).toBe(0);
    expect(`${r.out}${r.err}`.match(/photon-netreset wifi/g)).toHaveLength(1);
  });

  it("in a checkout every command shown is an npm script there; none is npx photon-netreset", async () => {
    const r = await sim(["flash", "--simulate", "owner-app-static-ip"], { form: "checkout" });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/`npm run wifi -- --simulate owner-app-static-ip`/);
    expect(r.out).toMatch(/To put your application back later: npm run restore -- \S+photon-netreset-backup-\S+\.bin --simulate owner-app-static-ip/);
    expect(`${r.out}${r.err}`).not.toMatch(/npx photon-netreset/);
  });

  it("--device is carried into the advice", async () => {
    const r = await sim(["flash", "--simulate", "healthy", "--device", "e00fce68"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/`npx photon-netreset wifi --device e00fce68 --simulate healthy`/);
  });

  it("under npm run, a backup lands in the folder the owner ran it from (INIT_CWD), not the package's", () => {
    const was = process.env.INIT_CWD;
    process.env.INIT_CWD = "/home/someone/photons";
    try {
      expect(realContext("checkout")).toMatchObject({ cwd: "/home/someone/photons", form: "checkout" });
    } finally {
      if (was === undefined) delete process.env.INIT_CWD; else process.env.INIT_CWD = was;
    }
  });
});

describe("the outcome on stdout, progress on stderr", () => {
  it("doctor > notes.txt keeps what it found; flash's before → after, verdict and next step are on stdout, its progress on stderr", async () => {
    const doctor = await sim(["doctor", "--simulate", "forum-static-ip-external-antenna"]);
    expect(doctor.out).toMatch(/Read from the device's own storage/);
    expect(doctor.out).toMatch(/to fix it: npx photon-netreset flash --simulate forum-static-ip-external-antenna/);
    const flash = await sim(["flash", "--simulate", "forum-static-ip-external-antenna", "--no-wifi"]);
    expect(flash.out).toMatch(/antenna +external +→ internal/);
    expect(flash.out).toMatch(/^Reset done: now enter your Wi-Fi network\.$/m);
    expect(flash.out).toMatch(/^Next step: /m);
    expect(flash.err).not.toMatch(/→|^Next step:|^Diagnosis:/m);
    expect(flash.err).toMatch(/Flashing over DFU: 100%|Flashing: 100%/);
    expect(flash.out).not.toMatch(/Flashing/);
  });
});
