// The tests must run on a Node.js the dependencies support (particle-usb 4.1:
// >= 22; @particle/device-os-protobuf 2.9: >= 22.18). `npm test` gets it from
// the `node` devDependency, whose binary npm puts first on the scripts' PATH.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("Node.js", () => {
  it("runs the tests on Node 22.18 or newer, as package.json's engines says", () => {
    const [major, minor] = process.versions.node.split(".").map(Number);
    expect(major > 22 || (major === 22 && minor >= 18), `running on Node ${process.versions.node}`).toBe(true);
    const engines = JSON.parse(readFileSync("package.json", "utf8")).engines.node;
    expect(engines).toBe(">=22.18");
  });
});
