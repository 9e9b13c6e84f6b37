// An option given an empty value (an unset shell variable: --ssid "$SSID") is
// refused with exit 2 naming the option, before any device is touched; never
// read as "not given".
import { describe, expect, it } from "vitest";
import { packageRoot, photon, runCli } from "./cli-harness.ts";
import { program } from "./helpers.ts";

const ENV = { PHOTON_NETRESET_WIFI_PASSWORD: "correct horse" };

const cases: { argv: string[]; option: RegExp }[] = [];
for (const value of ["", "  ", "\t"]) {
  cases.push(
    { argv: ["flash", "--ssid", value], option: /--ssid <name>/ },
    { argv: ["wifi", "--ssid", value], option: /--ssid <name>/ },
    { argv: ["flash", "--bin", value], option: /--bin <file>/ },
    { argv: ["flash", "--device", value], option: /--device <id>/ },
    { argv: ["doctor", "--device", value], option: /--device <id>/ },
    { argv: ["rerun", "--device", value], option: /--device <id>/ },
    { argv: ["doctor", "--simulate", value], option: /--simulate <scenario>/ },
    { argv: ["flash", "--security", value, "--ssid", "home"], option: /--security <type>/ },
    { argv: ["restore", value], option: /argument ''|argument ' *\t?'|file/ },
  );
}

describe("an empty option value is refused with exit 2, naming the option", () => {
  for (const { argv, option } of cases) {
    it(`${argv.map((a) => JSON.stringify(a)).join(" ")}`, async () => {
      const { root, bins } = packageRoot();
      const d = photon("healthy", { app: { kind: "netreset", program: program() } }, bins);
      const r = await runCli([...argv, "--json"], [d], root, { env: ENV });
      expect(r.code, r.err).toBe(2);
      const json = JSON.parse(r.out);
      expect(json).toMatchObject({ ok: false, exitCode: 2 });
      expect(json.error).toMatch(option);
      expect(json.error).toMatch(/invalid/);
      expect(d.flashed).toEqual([]);
      expect(r.err).not.toMatch(/No terminal to ask at/);
    });
  }

  it('flash --ssid "" no longer succeeds without credentials (the finding: exit 0, cloud false)', async () => {
    const { root, bins } = packageRoot();
    const r = await runCli(["flash", "--ssid", "", "--json"], [photon("healthy", {}, bins)], root, { env: ENV });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toMatch(/--ssid <name>.*empty or only spaces/);
  });
});
