// Reading a file named on the command line (a .bin, a scenario) without
// trusting it: only a regular file, only up to a size cap, never more bytes
// than the cap, and every refusal a sentence that names the problem.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

export class BadFileError extends Error {}

const KIND: [(s: import("node:fs").Stats) => boolean, string][] = [
  [(s) => s.isDirectory(), "a directory"], [(s) => s.isFIFO(), "a pipe (FIFO)"], [(s) => s.isCharacterDevice(), "a character device"],
  [(s) => s.isBlockDevice(), "a block device"], [(s) => s.isSocket(), "a socket"],
];

/**
 * The whole of a regular file of at most `maxBytes`. `what` names it in
 * messages ("firmware file", "scenario file").
 */
export function readBoundedFile(path: string, maxBytes: number, what: string): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new BadFileError(`${what} ${path} does not exist`);
    if (code === "EACCES" || code === "EPERM") throw new BadFileError(`${what} ${path} cannot be read: permission denied`);
    if (code === "EISDIR") throw new BadFileError(`${what} ${path} is a directory, not a file`);
    throw new BadFileError(`${what} ${path} cannot be opened (${code ?? "unknown error"})`);
  }
  try {
    // fstat on the opened descriptor: what was checked is what is read.
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = KIND.find(([test]) => test(stat))?.[1] ?? "not a regular file";
      throw new BadFileError(`${what} ${path} is ${kind}, not a regular file`);
    }
    if (stat.size > maxBytes) throw new BadFileError(`${what} ${path} is ${stat.size} bytes, more than the ${maxBytes} bytes a ${what} can be`);
    // One byte more than the cap: a file that grew since fstat is caught, not read on.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let n: number; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;) length += n;
    if (length > maxBytes) throw new BadFileError(`${what} ${path} grew past ${maxBytes} bytes while it was read`);
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof BadFileError) throw e;
    throw new BadFileError(`${what} ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** Text of a bounded file, UTF-8, without a leading byte-order mark (editors on Windows add one). */
export function readBoundedText(path: string, maxBytes: number, what: string): string {
  return readBoundedFile(path, maxBytes, what).toString("utf8").replace(/^\uFEFF/, "");
}

/** A scenario file is a page of JSON; the built-in ones are under 2 KiB. */
export const SCENARIO_MAX_BYTES = 256 * 1024;
