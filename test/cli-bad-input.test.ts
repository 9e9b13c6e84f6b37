// Files handed to photon-netreset and npm run sim that are not what they say:
// refused in seconds, with a message naming the problem, no stack trace, bounded memory.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadScenario, SCENARIO_DIR } from "../host-shim/scenario.ts";
import { BadFileError, readBoundedFile } from "../model/bounded-file.ts";
import { packageRoot, photon, runCli, userPart } from "./cli-harness.ts";
import { runScript } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "bad-input-"));
const files = {
  "/dev/zero": { path: "/dev/zero", problem: /is a character device, not a regular file/ },
  fifo: { path: join(dir, "no-writer.fifo"), problem: /is a pipe \(FIFO\), not a regular file/ },
  directory: { path: join(dir, "a-directory.json"), problem: /is a directory, not a regular file/ },
  brackets: { path: join(dir, "brackets.json"), problem: null as RegExp | null },
  "50 MB": { path: join(dir, "big.json"), problem: /is 52428800 bytes, more than the \d+ bytes/ },
};

beforeAll(() => {
  expect(spawnSync("mkfifo", [files.fifo.path]).status).toBe(0);
  mkdirSync(files.directory.path);
  writeFileSync(files.brackets.path, "[".repeat(200_000));
  writeFileSync(files["50 MB"].path, Buffer.alloc(50 * 1024 * 1024, 0x20));
});

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("npm run sim -- --scenario FILE", () => {
  for (const [name, f] of Object.entries(files)) {
    it(`${name}: exit 2 within seconds, the problem named, no stack trace`, () => {
      const started = Date.now();
      const r = runScript("scripts/sim.ts", ["--scenario", f.path]);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(f.problem ?? /is nested more than 32 levels deep \(at character 33\)/);
      expect(r.stderr).toContain(f.path);
      expect(r.stderr.length).toBeLessThan(2000); // never the input itself
      noStackTrace(r.stderr);
    });
  }

  it("a file that starts with a UTF-8 byte-order mark is accepted", () => {
    const bom = join(dir, "bom.json");
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(SCENARIO_DIR, "healthy.json"))]));
    expect(loadScenario(bom).environment.accessPoints.length).toBeGreaterThan(0);
    const r = runScript("scripts/sim.ts", ["--scenario", bom, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).diagnosis).toBe("ok");
  });

  it("a long value is quoted short in the message", () => {
    const long = join(dir, "long.json");
    writeFileSync(long, JSON.stringify({ environment: { accessPoints: [{ ssid: "x".repeat(100_000) }] } }));
    const r = runScript("scripts/sim.ts", ["--scenario", long]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/environment\.accessPoints\[0\]\.ssid: expected 1 to 32 characters, got 100000/);
    expect(r.stderr.length).toBeLessThan(2000);
  });
});

describe("flash --bin FILE: checked before any device is looked for", () => {
  for (const [name, f] of Object.entries(files)) {
    it(`${name}: exit 4 with the problem named, device or not; nothing sent`, async () => {
      const { root, bins } = packageRoot();
      // 200,000 brackets are over the 128 KiB a user part can be: refused by size before any parsing.
      const problem = f.problem ?? /is 200000 bytes, more than the 131072 bytes a firmware file can be/;
      const none = await runCli(["flash", "--bin", f.path], [], root);
      expect(none.code).toBe(4);
      expect(none.err).toMatch(problem);
      expect(none.out + none.err).not.toMatch(/No Photon or P1 found/);
      const d = photon("healthy", {}, bins);
      const one = await runCli(["flash", "--bin", f.path, "--json"], [d], root);
      expect(one.code).toBe(4);
      expect(JSON.parse(one.out)).toMatchObject({ ok: false, exitCode: 4, error: expect.stringMatching(problem) });
      expect(d.flashed).toEqual([]);
      noStackTrace(none.err + one.err);
    });
  }

  it("a file bigger than the 128 KiB user slot is refused by its size, not read", async () => {
    const big = join(dir, "big.bin");
    writeFileSync(big, Buffer.concat([userPart(), Buffer.alloc(200 * 1024)]));
    const r = await runCli(["flash", "--bin", big], [], packageRoot().root);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/it is \d+ bytes, more than the 131072 bytes a firmware file can be/);
  });

  it("a good .bin passes the early check (and with no device the answer is then exit 3)", async () => {
    const good = join(dir, "good.bin");
    writeFileSync(good, userPart());
    expect((await runCli(["flash", "--bin", good], [], packageRoot().root)).code).toBe(3);
  });
});

describe("readBoundedFile", () => {
  it("reads at most the cap from /dev/zero and a 50 MB file: memory stays flat", () => {
    const before = process.memoryUsage().rss;
    for (const path of ["/dev/zero", files["50 MB"].path]) expect(() => readBoundedFile(path, 1024, "test file")).toThrow(BadFileError);
    expect(process.memoryUsage().rss - before).toBeLessThan(20 * 1024 * 1024);
  });

  it("returns a regular file's bytes, and names a missing one", () => {
    const ok = join(dir, "ok.txt");
    writeFileSync(ok, "hello");
    expect(readBoundedFile(ok, 5, "test file").toString()).toBe("hello");
    expect(() => readBoundedFile(join(dir, "missing"), 5, "test file")).toThrow(/test file .*missing does not exist/);
    expect(() => readBoundedFile(ok, 4, "test file")).toThrow(/is 5 bytes, more than the 4 bytes/);
  });
});
