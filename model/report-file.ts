// The report an owner attaches to a forum post or a support ticket: one text
// file from plain data (what the command or the page found and did). Pure: the
// caller writes it (0600) or offers it as a download. It never holds a Wi-Fi
// password, a key or the claim code: its input has no field for them, free
// text is scrubbed of the secrets the caller knows and of anything shaped like
// key material, and the device id is shortened unless the owner says otherwise.
import { explainDct, type DctSettings } from "./dct.ts";
import type { Report } from "./host-api.ts";
import { formatBeforeAfter } from "./report-rows.ts";
import { explainServerKey, type ServerKeyCheck } from "./server-key.ts";

/** One network of the Photon's own scan (no password: a scan has none); a scan list's access points fit as they are. */
export interface ReportScanEntry { ssid: string; rssi: number; security: string; cipher?: string; channel?: number }

export interface ReportFileInput {
  tool: { version: string };
  /** When the report was made (ISO 8601). */
  createdAt: string;
  device: {
    id: string;
    platform: string;
    deviceOs: string | null;
    systemModuleVersion?: number;
    modules?: { type: string; index: number; version: number }[];
    mode?: string;
    cloudStatus?: string;
  };
  /** Read over DFU from the device's own storage. */
  dct?: { settings?: DctSettings; serverKey?: ServerKeyCheck };
  /** Our firmware's report (null: it gave none). */
  firmwareReport?: Report | null;
  /** The networks the Photon's own scan saw (those the firmware kept). */
  scan?: ReportScanEntry[];
  /** How many the scan reported in all, when more than were kept. */
  scanSeen?: number;
  /** What was done, in order. */
  steps: { at: string; what: string }[];
  /** Every verdict reached. */
  verdicts: { about: string; verdict: string; detail?: string }[];
}

export interface ReportFileOptions {
  /** The owner asked for the whole device id (default: shortened). */
  fullDeviceId?: boolean;
  /** Secrets the caller knows of (a Wi-Fi password typed, a claim code): never in the output, wherever they appear. */
  secrets?: readonly string[];
}

/** "e00fce…0001": enough to tell devices apart in a thread, not enough to name one. */
export function shortDeviceId(id: string): string {
  return id.length <= 10 ? id : `${id.slice(0, 6)}…${id.slice(-4)}`;
}

const HIDDEN = "[hidden]";
/** Runs that look like key material: PEM armour, long hex (a device id, 24 hex digits, is shorter), long mixed base64 (a claim code's shape; not a path). */
const PEM = /-----BEGIN[^-]*-----[\s\S]*?(-----END[^-]*-----|$)/g;
const LONG_HEX = /\b[0-9a-fA-F]{40,}\b/g;
const LONG_BASE64 = /[A-Za-z0-9+/]{40,}={0,2}/g;
const mixed = (run: string) => /[0-9]/.test(run) && /[A-Z]/.test(run) && /[a-z]/.test(run);

function scrub(text: string, input: ReportFileInput, options: ReportFileOptions): string {
  let out = text;
  for (const secret of options.secrets ?? []) if (secret.length > 0) out = out.split(secret).join(HIDDEN);
  out = out.replace(PEM, HIDDEN).replace(LONG_HEX, HIDDEN).replace(LONG_BASE64, (run) => (mixed(run) ? HIDDEN : run));
  if (!options.fullDeviceId) out = out.replace(new RegExp(input.device.id.replace(/[^0-9a-zA-Z]/g, ""), "gi"), shortDeviceId(input.device.id));
  return out;
}

const line = (label: string, value: string) => `  ${`${label}:`.padEnd(14)}${value}`;

function deviceSection(d: ReportFileInput["device"], options: ReportFileOptions): string[] {
  const id = options.fullDeviceId ? d.id : `${shortDeviceId(d.id)} (shortened; ask for the full id to include it)`;
  const os = d.deviceOs ? `${d.deviceOs}${d.systemModuleVersion ? ` (system module ${d.systemModuleVersion})` : ""}`
    : d.systemModuleVersion ? `system module ${d.systemModuleVersion}` : "unknown";
  const rows = [line("device", id), line("platform", d.platform), line("Device OS", os)];
  if (d.modules?.length) rows.push(line("modules", d.modules.map((m) => `${m.type} ${m.index} v${m.version}`).join(", ")));
  if (d.mode) rows.push(line("mode", d.mode));
  if (d.cloudStatus) rows.push(line("cloud", d.cloudStatus));
  return rows;
}

function dctSection(dct: NonNullable<ReportFileInput["dct"]>, systemModuleVersion?: number): string[] {
  const rows: string[] = [];
  if (dct.settings) {
    const meaning = explainDct(dct.settings);
    rows.push(line("IP", meaning.ip), line("antenna", meaning.antenna));
  }
  if (dct.serverKey) rows.push(line("server key", `${dct.serverKey.verdict}: ${explainServerKey(dct.serverKey, systemModuleVersion)}`));
  return rows;
}

function scanSection(scan: ReportScanEntry[]): string[] {
  if (scan.length === 0) return ["  (none seen)"];
  return [...scan].sort((a, b) => b.rssi - a.rssi).map((n) =>
    `  ${(n.ssid === "" ? "(hidden network)" : n.ssid).padEnd(33)} ${`${n.rssi} dBm`.padEnd(9)} ${n.security}${n.cipher && n.cipher !== "none" ? ` (${n.cipher})` : ""}${n.channel === undefined ? "" : `, channel ${n.channel}`}`);
}

/** The report as text: one section per part, only the parts given. */
export function buildReportFile(input: ReportFileInput, options: ReportFileOptions = {}): string {
  const out = ["photon-netreset report", "", line("made", `${input.createdAt} by photon-netreset ${input.tool.version}`), ...deviceSection(input.device, options)];
  if (input.dct) out.push("", "Stored settings (the device's DCT, read over DFU):", ...dctSection(input.dct, input.device.systemModuleVersion));
  if (input.firmwareReport !== undefined) {
    const r = input.firmwareReport;
    out.push("", "Our firmware's report:", ...(r
      ? [line("action", r.action), line("diagnosis", r.diagnosis), line("reset reason", r.before.resetReason), formatBeforeAfter(r)]
      : ["  none (the firmware did not report)"]));
  }
  if (input.scan) {
    const more = input.scanSeen !== undefined && input.scanSeen > input.scan.length ? `, the strongest ${input.scan.length} of ${input.scanSeen}` : "";
    out.push("", `Wi-Fi networks the Photon sees (${input.scan.length}${more}):`, ...scanSection(input.scan));
  }
  out.push("", "What was done:", ...(input.steps.length ? input.steps.map((s) => `  ${s.at}  ${s.what}`) : ["  nothing"]));
  out.push("", "Verdicts:", ...(input.verdicts.length ? input.verdicts.map((v) => `  ${v.about}: ${v.verdict}${v.detail ? ` (${v.detail})` : ""}`) : ["  none"]));
  out.push("", "No Wi-Fi password, key or claim code is in this report.", "");
  return scrub(out.join("\n"), input, options);
}
