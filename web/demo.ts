// The demo: a simulated Photon runs inside the page (host-shim's
// SimulatedUsbPhoton with photon-netreset's real WebAssembly program), behind
// the same WebUSB backend and CLI flow as a real one. Loaded only when asked.
import { compileProgram } from "../host-shim/program.ts";
import { parseScenario } from "../host-shim/scenario.ts";
import { SimulatedUsbPhoton } from "../host-shim/usb/simulated-usb-photon.ts";
import type { SerialBackend } from "../model/device.ts";
import { chosenFirmware, type FirmwareFor } from "./firmware-source.ts";
import { simulatedWebUsb } from "./simulated-webusb.ts";
import type { WebUsb } from "./web-apis.ts";

/** Files the build puts in web-dist/demo/. */
export const DEMO_DIR = "demo/";
export const demoBinName = (platform: string) => `photon-netreset-${platform}-demo.bin`;

export interface Demo {
  usb: WebUsb; serial: SerialBackend; firmware: FirmwareFor; photon: SimulatedUsbPhoton;
  /** The simulated router's 2.4 GHz network the owner can type in (null: none in range). */
  network: { ssid: string; security: string; password?: string } | null;
}

/** A made-up Photon id: 24 hex digits, as a real one. */
export const DEMO_DEVICE_ID = "e00fce68d3a0000000000001";

const bytesOf = async (url: string) => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
};

/** The first 2.4 GHz network around the simulated Photon. */
function demoNetwork(scenario: ReturnType<typeof parseScenario>): Demo["network"] {
  const ap = scenario.environment.accessPoints.find((a) => a.band === "2.4");
  return ap ? { ssid: ap.ssid, security: ap.security, password: ap.password } : null;
}

export async function startDemo(scenarioName: string): Promise<Demo> {
  const program = compileProgram(await bytesOf(`${DEMO_DIR}netreset.wasm`) as Uint8Array<ArrayBuffer>);
  const scenario = parseScenario(await fetch(`${DEMO_DIR}scenarios/${scenarioName}.json`).then((r) => r.json()), scenarioName);
  const bin = Buffer.from(await bytesOf(`${DEMO_DIR}${demoBinName(scenario.device.platform)}`));
  const photon = new SimulatedUsbPhoton({
    id: DEMO_DEVICE_ID, platform: scenario.device.platform, scenario, rebootMs: 300,
    // The demo .bin stands in for the release's: flashing it installs the real program.
    programIn: (flashed) => (flashed.equals(bin) ? program : null),
  });
  const file = { name: demoBinName(scenario.device.platform), arrayBuffer: async () => bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) as ArrayBuffer };
  return {
    usb: simulatedWebUsb([photon], (offered) => offered[0] ?? null),
    serial: { open: async () => photon.console.open() },
    firmware: chosenFirmware(file),
    photon,
    network: demoNetwork(scenario),
  };
}
