// The browser tests' WebSocket to their simulated Photons (test/web/bridge-socket.ts):
// replies by id whatever their order and size, a fragmented message read whole,
// errors as replies, and no socket for a page without a bridge.
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptBridgeSockets, bridgeEndpoint } from "./web/bridge-socket.ts";

let server: Server;
let base: string;
beforeAll(async () => {
  server = acceptBridgeSockets(createServer((_req, res) => res.end()));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `ws://127.0.0.1:${(server.address() as { port: number }).port}/__bridge/`;
});
afterAll(() => server.close());

/** Opens a bridge socket; `ask` sends a request and resolves with its reply. */
async function open(token: string) {
  const ws = new WebSocket(base + token);
  const replies = new Map<number, (r: unknown) => void>();
  ws.onmessage = (e) => {
    const { id, reply } = JSON.parse(String(e.data));
    replies.get(id)!(reply);
  };
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error("did not open")); });
  let next = 1;
  const ask = (request: unknown) => new Promise<unknown>((resolve) => {
    const id = next++;
    replies.set(id, resolve);
    ws.send(JSON.stringify({ id, request }));
  });
  return { ws, ask };
}

describe("the bridge socket", () => {
  it("answers each request by its id, small and large (16- and 64-bit lengths), even out of order", async () => {
    const endpoint = bridgeEndpoint("t-order", async (request) => {
      const { n, delay } = request as { n: number; delay: number };
      await new Promise((r) => setTimeout(r, delay));
      return { bytes: Array.from({ length: n }, (_, i) => i & 0xff) };
    });
    const { ws, ask } = await open("t-order");
    const [slow, small, large] = await Promise.all([ask({ n: 3, delay: 50 }), ask({ n: 200, delay: 0 }), ask({ n: 30_000, delay: 0 })]);
    expect((slow as { bytes: number[] }).bytes).toEqual([0, 1, 2]);
    expect((small as { bytes: number[] }).bytes).toHaveLength(200);
    expect((large as { bytes: number[] }).bytes).toHaveLength(30_000); // over 64 KiB of JSON
    ws.close();
    endpoint.forget();
  });

  it("reads a request whatever its size from the page (a DFU block is 4 KiB)", async () => {
    const endpoint = bridgeEndpoint("t-echo", async (request) => request);
    const { ws, ask } = await open("t-echo");
    const big = "x".repeat(70_000);
    expect(await ask({ big })).toEqual({ big });
    expect(await ask("é")).toBe("é");
    ws.close();
    endpoint.forget();
  });

  it("reads a message sent in fragments as one", async () => {
    const endpoint = bridgeEndpoint("t-fragments", async (request) => ({ got: request }));
    const port = (server.address() as { port: number }).port;
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    socket.on("data", (d) => { received = Buffer.concat([received, d]); });
    socket.write("GET /__bridge/t-fragments HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    const masked = (fin: boolean, opcode: number, text: string) => {
      const payload = Buffer.from(text);
      const mask = Buffer.from([1, 2, 3, 4]);
      return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | payload.length]), mask, payload.map((b, i) => b ^ mask[i & 3])]);
    };
    // One message: a text frame without FIN, then its continuation.
    socket.write(masked(false, 0x1, '{"id":7,"request":"hel'));
    socket.write(masked(true, 0x0, 'lo"}'));
    await expect.poll(() => received.toString("latin1")).toContain('{"id":7,"reply":{"got":"hello"}}');
    expect(received.toString("latin1")).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\n/); // RFC 6455's own example
    socket.destroy();
    endpoint.forget();
  });

  it("sends a handler's failure back as an error reply, and the socket stays open", async () => {
    let calls = 0;
    const endpoint = bridgeEndpoint("t-error", async () => {
      if (++calls === 1) throw Object.assign(new Error("gone"), { name: "NotFoundError" });
      return "fine";
    });
    const { ws, ask } = await open("t-error");
    expect(await ask(null)).toEqual({ error: { name: "NotFoundError", message: "gone" } });
    expect(await ask(null)).toBe("fine");
    ws.close();
    endpoint.forget();
  });

  it("opens no socket for a token with no bridge, or one forgotten", async () => {
    await expect(open("t-nobody")).rejects.toThrow(/did not open/);
    bridgeEndpoint("t-gone", async () => null).forget();
    await expect(open("t-gone")).rejects.toThrow(/did not open/);
  });
});
