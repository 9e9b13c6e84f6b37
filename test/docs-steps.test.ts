// The docs keep up with what the command and the page offer: every option of
// flash and doctor is in README and docs/cli.md, every button and link of the
// page is named in README or docs/web.md, and docs/conformance*.md cites the
// DCT offsets the code reads (from model/dct.ts, not copied) and the Device OS
// functions the scan list and the server key follow.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DCT } from "../model/dct.ts";
import { SERVER_KEY_SEGMENT } from "../model/server-key.ts";
import { runCli } from "./cli-harness.ts";

const checkout = join(import.meta.dirname, "..");
/** A doc's text with its line breaks and runs of spaces as one space: a name wrapped across lines is still found. */
const doc = (path: string) => readFileSync(join(checkout, path), "utf8").replace(/\s+/g, " ");

/** The long options a command's help lists (commander's own text). */
async function optionsOf(command: string): Promise<string[]> {
  const { out, code } = await runCli(["help", command], [], checkout);
  expect(code).toBe(0);
  return [...new Set(out.match(/--[a-z][a-z-]+/g) ?? [])].filter((o) => o !== "--help");
}

describe("the docs name what the command and the page offer", () => {
  it.each(["flash", "doctor"])("every option of %s is in README and docs/cli.md", async (command) => {
    const options = await optionsOf(command);
    expect(options).toEqual(expect.arrayContaining(["--report", "--full-id", "--json"]));
    for (const path of ["README.md", "docs/cli.md"]) {
      const text = doc(path);
      expect(options.filter((o) => !text.includes(o)), `${path} misses`).toEqual([]);
    }
  });

  it("every button and link of the page is named in README or docs/web.md", () => {
    const html = readFileSync(join(checkout, "web/index.html"), "utf8");
    const names = [...html.matchAll(/<(button|a)\b[^>]*>([^<]+)</g)].map((m) => m[2].trim().replace(/…$/, "")).filter(Boolean);
    expect(names).toEqual(expect.arrayContaining(["Download a report", "Write Particle's server key"]));
    const text = `${doc("README.md")} ${doc("docs/web.md")}`;
    expect(names.filter((n) => !text.includes(n))).toEqual([]);
  });

  it("docs/conformance*.md cite the DCT offsets the code uses and the Device OS functions it follows", () => {
    const text = `${doc("docs/conformance.md")} ${doc("docs/conformance-usb.md")}`;
    const offsets = `device_private_key ${DCT.devicePrivateKey.offset}, ip_config ${DCT.ipConfig.offset} (${DCT.ipConfig.size} bytes), `
      + `server_public_key ${DCT.serverPublicKey.offset}, antenna_selection ${DCT.antennaSelection.offset}`;
    expect(text).toContain(offsets);
    expect(text).toContain(`${SERVER_KEY_SEGMENT.offset} + ${SERVER_KEY_SEGMENT.addressOffset}`);
    expect(text).toContain(`${SERVER_KEY_SEGMENT.offset}, ${SERVER_KEY_SEGMENT.size} bytes`);
    for (const fn of ["sniffer", "handleScanRequest", "handleCommonCredentialsRequest", "parseServerAddressData", "init_rsa_context_with_public_key", "Spark_Handshake", "DCT_If_Write"]) {
      expect(text, fn).toContain(fn);
    }
  });
});
