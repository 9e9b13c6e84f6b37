// The shareable report (model/report-file.ts): built from what a simulated
// Photon gives (its firmware's report, its DCT read as the CLI reads it, its
// scan), then grepped for every secret its scenario holds.
import { describe, expect, it } from "vitest";
import { DctServerKey } from "../host-shim/dct-server-key.ts";
import { builtInScenarioNames, loadScenario, type Scenario } from "../host-shim/scenario.ts";
import { buildDctImage, FAKE_PRIVATE_KEY } from "../host-shim/usb/dct-image.ts";
import { DCT, decodeDct } from "../model/dct.ts";
import { buildReportFile, shortDeviceId, type ReportFileInput } from "../model/report-file.ts";
import { judgeServerKey, PARTICLE_SERVER_KEY } from "../model/server-key.ts";
import { run } from "./helpers.ts";

const ID = "e00fce68a1b2c3d4e5f60718";

/** Every password a scenario holds: stored, at the access points, typed after the reset. */
function passwords(s: Scenario): string[] {
  return [...s.device.credentials, ...s.environment.accessPoints, ...(s.afterReset?.credentials ?? [])]
    .flatMap((c) => (c.password ? [c.password] : []));
}

/** The report's input as the CLI would gather it for this scenario's simulated Photon. */
function inputFor(name: string): { input: ReportFileInput; scenario: Scenario } {
  const scenario = loadScenario(name);
  const sim = run(scenario);
  const dct = buildDctImage({ antenna: scenario.device.antenna, ipSource: scenario.device.ipSource, staticIp: scenario.device.staticIp }, new DctServerKey(scenario.device.serverKey));
  const ranges = (r: { offset: number; size: number }) => dct.subarray(r.offset, r.offset + r.size);
  return {
    scenario,
    input: {
      tool: { version: "0.1.0" },
      createdAt: "2026-12-07T18:00:00Z",
      device: { id: ID, platform: "Photon", deviceOs: "2.3.1", systemModuleVersion: 2302, mode: "normal", cloudStatus: sim.final.cloud ? "connected" : "connecting",
        modules: [{ type: "system part", index: 2, version: 2302 }, { type: "user part", index: 1, version: 6 }] },
      dct: { settings: decodeDct(ranges(DCT.ipConfig), ranges(DCT.antennaSelection)), serverKey: judgeServerKey(ranges({ offset: 2082, size: 512 })) },
      firmwareReport: sim.report,
      scan: scenario.environment.accessPoints.filter((ap) => ap.band === "2.4").map((ap) => ({ ssid: ap.visibility === "hidden" ? "" : ap.ssid, rssi: ap.rssi, security: ap.security })),
      steps: [{ at: "18:00:01", what: `flashed photon-netreset onto ${ID}` }, { at: "18:00:40", what: "read the stored settings back" }],
      verdicts: [{ about: "reset", verdict: sim.diagnosis }, { about: "cloud", verdict: sim.final.cloud ? "connected" : "not connected", detail: sim.outcome?.reason }],
    },
  };
}

describe("the report file", () => {
  it.each(builtInScenarioNames())("%s: no password, key or full device id in it", (name) => {
    const { input, scenario } = inputFor(name);
    const text = buildReportFile(input);
    for (const secret of passwords(scenario)) expect(text, `password ${JSON.stringify(secret)}`).not.toContain(secret);
    expect(text).not.toContain(FAKE_PRIVATE_KEY.toString("latin1").slice(0, 14)); // "NOT A REAL KEY"
    expect(text.toLowerCase()).not.toContain(Buffer.from(PARTICLE_SERVER_KEY.subarray(33, 49)).toString("hex"));
    expect(text).not.toContain(ID);
    expect(text).toContain(shortDeviceId(ID));
    // What it is for is there: Device OS, the stored settings, the firmware's verdict, the scan.
    expect(text).toContain("Device OS:    2.3.1 (system module 2302)");
    expect(text).toMatch(/IP: +(dynamic|static)/);
    expect(text).toMatch(new RegExp(`server key: +${scenario.device.serverKey}:`));
    if (input.firmwareReport) expect(text).toContain(`diagnosis:    ${input.firmwareReport.diagnosis}`);
  });

  it("the forum's case reads as the owner needs it: the static IP, the antenna, the networks strongest first", () => {
    const text = buildReportFile(inputFor("forum-static-ip-external-antenna").input);
    expect(text).toContain("static IP 10.0.0.50/24");
    expect(text).toContain("external antenna selected");
    const five = buildReportFile(inputFor("five-networks-with-5ghz").input);
    const lines = five.split("\n").filter((l) => / dBm /.test(l));
    const rssis = lines.map((l) => Number(/(-?\d+) dBm/.exec(l)![1]));
    expect(rssis).toEqual([...rssis].sort((a, b) => b - a));
  });

  it("the full device id only when asked", () => {
    expect(buildReportFile(inputFor("healthy").input, { fullDeviceId: true })).toContain(`device:       ${ID}\n`);
  });

  it("scrubs a typed password and a claim code it is told of, and key-shaped text, wherever they turn up", () => {
    const { input } = inputFor("healthy");
    const claim = "Zk3v9QpL2xW8mN4rT6yB1cD5fG7hJ0kAsEuIoPaSdFgHjKlZxCvBnM0123456789ab";
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${Buffer.from(FAKE_PRIVATE_KEY).toString("base64").slice(0, 64)}\n-----END RSA PRIVATE KEY-----`;
    input.steps.push({ at: "18:01:00", what: "owner typed \"correct horse\" for home" }, { at: "18:01:05", what: `claim code ${claim}` },
      { at: "18:01:06", what: pem }, { at: "18:01:07", what: `key ${Buffer.from(FAKE_PRIVATE_KEY.subarray(0, 64)).toString("hex")}` },
      { at: "18:01:08", what: `b64 ${Buffer.from(PARTICLE_SERVER_KEY).toString("base64")}` });
    input.verdicts.push({ about: "wifi", verdict: "joined", detail: "password correct horse accepted" });
    const text = buildReportFile(input, { secrets: ["correct horse", claim] });
    expect(text).not.toContain("correct horse");
    expect(text).not.toContain(claim.slice(0, 20));
    expect(text).not.toContain("BEGIN RSA");
    expect(text).not.toContain(Buffer.from(FAKE_PRIVATE_KEY.subarray(0, 20)).toString("hex"));
    expect(text).not.toContain(Buffer.from(PARTICLE_SERVER_KEY).toString("base64").slice(0, 30));
    expect(text.match(/\[hidden\]/g)?.length).toBeGreaterThanOrEqual(6);
    // A path is not mistaken for a key.
    input.steps.push({ at: "18:02:00", what: "saved /home/owner/projects/greenhousebackups/photonnetresetbackup.bin" });
    expect(buildReportFile(input)).toContain("/home/owner/projects/greenhousebackups/photonnetresetbackup.bin");
  });

  it("says what a wrong server key means, and shows hidden networks as such", () => {
    const { input } = inputFor("healthy");
    input.dct!.serverKey = judgeServerKey(new DctServerKey("wrong").segment());
    input.scan!.push({ ssid: "", rssi: -70, security: "wpa2", cipher: "aes", channel: 11 });
    input.scanSeen = 20;
    const text = buildReportFile(input);
    expect(text).toMatch(/server key: +wrong: the stored server key is another RSA key/);
    expect(text).toContain("(hidden network)");
    expect(text).toContain("wpa2 (aes), channel 11");
    expect(text).toContain(`Wi-Fi networks the Photon sees (${input.scan!.length}, the strongest ${input.scan!.length} of 20):`);
  });
});
