// The browser tests' channel from a page to its simulated Photons: a
// WebSocket to the very server that serves the page (its CSP allows
// connect-src 'self'), one JSON request and reply per WebUSB or Web Serial
// call. Playwright's exposeFunction did the same at about five times the
// CPU per call (each a round trip through Chromium's browser process, the
// browser server and the test's worker): measured 5.7-9.4 ms against
// 1.4-1.8 ms of CPU per call, and a flash makes a few hundred.
//
// Only what Chromium sends is read (RFC 6455): masked text frames, maybe
// in fragments, and a close; replies are single unmasked text frames.
import { createHash } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

/** Answers one request from a page: the reply is sent back as JSON. */
export type BridgeHandler = (request: unknown) => Promise<unknown>;

const PATH = /^\/__bridge\/([0-9a-z-]+)$/;
const handlers = new Map<string, BridgeHandler>();
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455, section 1.3

/** Registers a page's handler (until `forget` is called); the page connects to `/__bridge/<token>` of the server it came from. */
export function bridgeEndpoint(token: string, handler: BridgeHandler): { forget(): void } {
  handlers.set(token, handler);
  return { forget: () => handlers.delete(token) };
}

/** One frame to a client: FIN, opcode, unmasked payload. */
function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = Buffer.alloc(n < 126 ? 2 : n < 0x10000 ? 4 : 10);
  head[0] = 0x80 | opcode;
  if (n < 126) head[1] = n;
  else if (n < 0x10000) {
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

function accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const handler = handlers.get(PATH.exec(req.url ?? "")?.[1] ?? "");
  const key = req.headers["sec-websocket-key"];
  if (!handler || typeof key !== "string") {
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
    return;
  }
  const acceptKey = createHash("sha1").update(key + GUID).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey}\r\n\r\n`);
  let pending = Buffer.alloc(0);
  let message: Buffer[] = [];
  const answer = async (text: string) => {
    const { id, request } = JSON.parse(text) as { id: number; request: unknown };
    const reply = await handler(request).catch((e: Error) => ({ error: { name: e.name ?? "Error", message: e.message ?? String(e) } }));
    if (socket.writable) socket.write(frame(0x1, Buffer.from(JSON.stringify({ id, reply }))));
  };
  socket.on("error", () => socket.destroy());
  const read = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const fin = (pending[0] & 0x80) !== 0;
      const opcode = pending[0] & 0x0f;
      let length = pending[1] & 0x7f;
      let at = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        at = 10;
      }
      if (pending.length < at + 4 + length) return;
      const mask = pending.subarray(at, at + 4);
      const payload = Buffer.from(pending.subarray(at + 4, at + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      pending = pending.subarray(at + 4 + length);
      if (opcode === 0x8) {
        socket.end(frame(0x8, Buffer.alloc(0)));
        return;
      }
      if (opcode === 0x9) socket.write(frame(0xa, payload));
      if (opcode !== 0x1 && opcode !== 0x0) continue;
      message.push(payload);
      if (!fin) continue;
      const text = Buffer.concat(message).toString("utf8");
      message = [];
      void answer(text);
    }
  };
  socket.on("data", read);
  // What came with the upgrade request, after its headers.
  if (head.length) read(head);
}

/** Lets the pages `server` serves reach their bridges (test/web/bridge.ts). */
export function acceptBridgeSockets(server: Server): Server {
  server.on("upgrade", accept);
  return server;
}
