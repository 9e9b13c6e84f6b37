// Firmware update over control requests (start / data / finish), as Device OS
// 2.3.1 stages it (system/src/system_control_internal.cpp → firmware_update.cpp):
// chunks are collected, and only a complete image that passes the module
// checks replaces the user part.
// A default import, not createRequire: the web page's demo bundles this file.
import protobufModule from "@particle/device-os-protobuf";
import type { ControlReply } from "./control-endpoint.ts";

const protobuf = protobufModule as unknown as {
  decode(name: string, data: Buffer): Record<string, unknown>;
  encode(name: string, data: Record<string, unknown>): Buffer;
};
/** system_error_t (services/inc/system_error.h). */
const ERROR = { INVALID_STATE: -210, INVALID_ARGUMENT: -270 } as const;
const CHUNK_SIZE = 4096;
const MAX_SIZE = 128 * 1024 + 1024;

export const ok = (requestName: string, message: Record<string, unknown> = {}): ControlReply =>
  ({ result: 0, data: protobuf.encode(requestName.replace(/Request$/, "Reply"), message) });

export class FirmwareUpdateStaging {
  private update: { size: number; chunks: Buffer[] } | null = null;

  /** `onBytes` sees the running total (for the unplug fault); `fits` runs Device OS's module checks. */
  constructor(private readonly onBytes: (received: number) => void, private readonly fits: (bin: Buffer) => Promise<boolean>) {}

  cancel(): void {
    this.update = null;
  }

  start(data: Buffer): ControlReply {
    const { size } = protobuf.decode("StartFirmwareUpdateRequest", data) as { size: number };
    if (!size || size > MAX_SIZE) return { result: ERROR.INVALID_ARGUMENT };
    this.update = { size, chunks: [] };
    return ok("StartFirmwareUpdateRequest", { chunkSize: CHUNK_SIZE });
  }

  data(data: Buffer): ControlReply {
    if (!this.update) return { result: ERROR.INVALID_STATE };
    const { data: chunk } = protobuf.decode("FirmwareUpdateDataRequest", data) as { data: Uint8Array };
    this.update.chunks.push(Buffer.from(chunk));
    this.onBytes(this.update.chunks.reduce((n, c) => n + c.length, 0));
    return ok("FirmwareUpdateDataRequest");
  }

  /** The checked image, or a reply refusing it. */
  async finish(data: Buffer): Promise<{ bin: Buffer; validateOnly: boolean } | ControlReply> {
    const { validateOnly } = protobuf.decode("FinishFirmwareUpdateRequest", data) as { validateOnly: boolean };
    const update = this.update;
    this.update = null;
    if (!update) return { result: ERROR.INVALID_STATE };
    const bin = Buffer.concat(update.chunks);
    if (bin.length !== update.size || !(await this.fits(bin))) return { result: ERROR.INVALID_ARGUMENT };
    return { bin, validateOnly: Boolean(validateOnly) };
  }
}
