// .bin checks, on modules made here with binary-version-reader's own test helper.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { FUNCTION, inspectUserPart, NotAModuleError, userPartProblems } from "../model/user-part.ts";

const { firmwareTestHelper } = createRequire(import.meta.url)("binary-version-reader");
const bin = (over: Record<string, unknown> = {}) => firmwareTestHelper.createFirmwareBinary({
  platformId: 6, moduleFunction: FUNCTION.USER_PART, moduleIndex: 1, moduleVersion: 6,
  deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: 2302 }], moduleStartAddress: 0x080a0000, dataSize: 4000, ...over,
}) as Buffer;

describe("user part checks", () => {
  it("accepts a Photon user part that needs Device OS 2.3.1", async () => {
    const info = await inspectUserPart(bin());
    expect(info).toMatchObject({ platform: "photon", crcOk: true, moduleFunction: 5, systemVersion: 2302 });
    expect(userPartProblems(info, { platform: "photon" })).toEqual([]);
  });

  it("accepts a P1 build for a P1, and refuses it for a Photon", async () => {
    const info = await inspectUserPart(bin({ platformId: 8 }));
    expect(userPartProblems(info, { platform: "p1" })).toEqual([]);
    expect(userPartProblems(info, { platform: "photon" })).toEqual([expect.stringMatching(/built for a p1, but the device is a photon/)]);
  });

  it("refuses another platform, a system part, a corrupted file", async () => {
    expect(userPartProblems(await inspectUserPart(bin({ platformId: 12 })))).toEqual([expect.stringMatching(/platform 12, not a Photon/)]);
    expect(userPartProblems(await inspectUserPart(bin({ moduleFunction: FUNCTION.SYSTEM_PART }))))
      .toEqual([expect.stringMatching(/not a user part/)]);
    const corrupted = bin();
    corrupted[600] ^= 0xff;
    expect(userPartProblems(await inspectUserPart(corrupted))).toEqual([expect.stringMatching(/CRC does not match/)]);
  });

  it("refuses a truncated file", async () => {
    const whole = bin();
    const problems = await inspectUserPart(whole.subarray(0, 2000)).then((i) => userPartProblems(i), (e) => [String(e)]);
    expect(problems.join()).toMatch(/CRC does not match|not a Particle firmware module/);
    await expect(inspectUserPart(Buffer.alloc(10))).rejects.toBeInstanceOf(NotAModuleError);
  });

  it("refuses a build that needs a newer Device OS than the device has, saying how to update", async () => {
    const info = await inspectUserPart(bin({ deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: 2302 }] }));
    expect(userPartProblems(info, { platform: "photon", maxSystemVersion: 1512 })).toEqual([
      expect.stringMatching(/needs Device OS 2\.3\.1, newer than the device's Device OS 1\.5\.2: update the device with `particle update`/),
    ]);
    const tooNew = await inspectUserPart(bin({ deps: [{ func: FUNCTION.SYSTEM_PART, index: 2, version: 3000 }] }));
    expect(userPartProblems(tooNew)).toEqual([expect.stringMatching(/newer than the 2\.3\.1 it should target/)]);
  });

  it("refuses a file over the 128 KiB user slot", async () => {
    const info = await inspectUserPart(bin({ dataSize: 132 * 1024 }));
    expect(userPartProblems(info)).toEqual([expect.stringMatching(/over the 131072-byte user firmware slot/)]);
  });
});
