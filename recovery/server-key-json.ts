// The server key's verdict as the outcome carries it (--json `serverKey`, the
// page, the report): the model's check, in words, and what was done about it.
import { explainServerKey, type ServerKeyCheck, type ServerKeyVerdict } from "../model/server-key.ts";

/** What was done about a wrong or blank key: written and read back, or not, and why. */
export type ServerKeyWrite =
  | { written: true; bytes: number; /** The verdict read back after the write. */ after: ServerKeyVerdict }
  | { written: false; why: string };

/** `serverKey` in --json: the verdict, why, where Device OS connects with it, in words, and the fix when one was due. */
export interface ServerKeyJson extends ServerKeyCheck {
  summary: string;
  write?: ServerKeyWrite;
}

export const serverKeyJson = (check: ServerKeyCheck, systemModuleVersion?: number, write?: ServerKeyWrite): ServerKeyJson =>
  ({ ...check, summary: explainServerKey(check, systemModuleVersion), ...(write ? { write } : {}) });

/** The key as it stands now: the verdict read back after a write, else the one read. */
export const serverKeyNow = (k: ServerKeyJson): ServerKeyVerdict => (k.write?.written ? k.write.after : k.verdict);

/** The verdict and what was done, for a terminal or the page's log. */
export function formatServerKey(k: ServerKeyJson): string {
  const lines = [`Cloud server key (read from the device's storage): ${k.verdict}: ${k.summary}`];
  if (k.write?.written) {
    lines.push(k.write.after === "right"
      ? `Wrote Particle's server key (${k.write.bytes} bytes) and read it back: right. The Photon uses it from its next cloud connection.`
      : `Wrote Particle's server key (${k.write.bytes} bytes), but it reads back ${k.write.after}: the write did not take. Run it again; if it stays so, \`particle keys server\` is another way.`);
  } else if (k.write) lines.push(`Server key not written: ${k.write.why}.`);
  return lines.join("\n");
}
