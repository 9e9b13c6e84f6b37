// photon-netreset: recover a USB-connected Photon or P1 (flash), look at one
// (doctor), or run the reset again (rerun). Usage: --help.
import { parseArgs } from "node:util";
import { formatBeforeAfter } from "../lib/report-rows.ts";
import type { ParticleDevice } from "./backends.ts";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { APP_REQUEST, NOT_SUPPORTED, readReport, waitForVerdict } from "./device-report.ts";
import { chooseFirmware } from "./firmware.ts";
import { chooseDevices, describe, findDevices, NO_DEVICE_HELP, type FoundDevice } from "./find-devices.ts";
import { failedResult, recoverDevice, type DeviceResult } from "./recover.ts";
import { isCliSecurity, type WifiCredentials } from "./wifi-setup.ts";

export const PASSWORD_ENV = "PHOTON_NETRESET_WIFI_PASSWORD";

export const HELP = `Usage: photon-netreset <command> [options]     (or: npm run flash / npm run doctor)

Commands:
  flash    put the network-reset firmware on a USB-connected Photon or P1, wait
           for it to reset dynamic IP, internal antenna and stored networks,
           show what changed, and offer to enter Wi-Fi credentials
  doctor   read-only: mode, Device OS, modules, cloud status, and the report
           when photon-netreset runs on it
  rerun    ask photon-netreset on the device to run the reset once more

Options:
  --device ID        the device to use when several are connected
  --all              flash every connected Photon/P1, one after another
                     (doctor always shows every device unless --device is given)
  --bin FILE         flash this .bin instead of the bundled firmware
  --force            flash even when the device already runs this build
  --ssid NAME        enter these Wi-Fi credentials after the reset (scripts);
  --security TYPE    wpa2 (default), wpa, wep or open; the password is read
                     from the environment variable ${PASSWORD_ENV}
  --no-wifi          do not offer to enter credentials
  --json             one JSON object on stdout (progress stays on stderr)
  -h, --help         this text

Exit codes: 0 every device reset and verified; 1 a device was not (timeout,
unplugged, refused); 2 bad arguments or several devices and no way to ask;
3 no usable device (none found, or no permission); 4 firmware refused before
flashing; 5 the device already runs this build (nothing done).`;

interface Options { device?: string; all?: boolean; bin?: string; force?: boolean; ssid?: string; security?: string; noWifi?: boolean; json?: boolean }

function parse(argv: string[]): { command: string; opts: Options } {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: {
    device: { type: "string" }, all: { type: "boolean" }, bin: { type: "string" }, force: { type: "boolean" },
    ssid: { type: "string" }, security: { type: "string" }, "no-wifi": { type: "boolean" },
    json: { type: "boolean" }, help: { type: "boolean", short: "h" },
  } });
  if (values.help) return { command: "help", opts: {} };
  if (positionals.length > 1) throw new CliError(`One command at a time, got: ${positionals.join(" ")}`, EXIT.usage);
  const command = positionals[0] ?? "help";
  if (!["flash", "doctor", "rerun", "help"].includes(command)) throw new CliError(`Unknown command "${command}".`, EXIT.usage);
  return { command, opts: { ...values, noWifi: values["no-wifi"] } as Options };
}

function scriptedWifi(ctx: CliContext, opts: Options): WifiCredentials | null {
  if (!opts.ssid) {
    if (opts.security) throw new CliError("--security needs --ssid", EXIT.usage);
    return null;
  }
  const security = opts.security ?? "wpa2";
  if (!isCliSecurity(security)) throw new CliError(`--security must be wpa2, wpa, wep or open, not ${opts.security}`, EXIT.usage);
  const password = ctx.io.env[PASSWORD_ENV];
  if (security !== "open" && !password) throw new CliError(`--ssid with ${security} needs the password in the environment variable ${PASSWORD_ENV}`, EXIT.usage);
  return { ssid: opts.ssid, security, password: security === "open" ? undefined : password };
}

function table(results: DeviceResult[]): string {
  const rows = results.map((r) => [r.id, r.report ? `${r.report.before.antenna}/${r.report.before.ipSource}/${r.report.before.credentials ?? "?"}` : "-",
    r.report ? `${r.report.after.antenna}/${r.report.after.ipSource}/${r.report.after.credentials ?? "?"}` : "-",
    r.diagnosis ?? r.result, r.cloud ? "yes" : "no"]);
  const head = ["device", "before (antenna/IP/networks)", "after", "diagnosis", "cloud"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

async function flashCommand(ctx: CliContext, opts: Options): Promise<number> {
  const wifi = scriptedWifi(ctx, opts);
  const { devices, skipped } = await findDevices(ctx);
  skipped.forEach((s) => ctx.io.err(`Skipping ${s}\n`));
  const chosen = await chooseDevices(ctx, devices, opts);
  for (const d of devices) if (!chosen.includes(d)) await d.handle.close();
  const results: DeviceResult[] = [];
  for (const found of chosen) {
    try {
      results.push(await recoverDevice(ctx, found, { firmware: (d) => chooseFirmware(ctx, d, opts.bin), force: opts.force, wifi, offerWifi: !opts.noWifi }));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      ctx.io.err(`${e.message}\n`);
      await found.handle.close().catch(() => {});
      results.push(failedResult(found, e));
    }
  }
  if (results.length > 1) ctx.io.err(`\n${table(results)}\n`);
  const code = results.every((r) => r.exitCode === EXIT.ok) ? EXIT.ok
    : results.length === 1 ? results[0].exitCode : EXIT.failed;
  if (opts.json) ctx.io.out(`${JSON.stringify({ ok: code === EXIT.ok, devices: results.map(({ exitCode, ...r }) => r) }, null, 2)}\n`);
  return code;
}

async function doctorOne(found: FoundDevice) {
  const h: ParticleDevice = found.handle;
  const info: Record<string, unknown> = { id: found.id, platform: found.platform, mode: found.mode, deviceOs: found.deviceOs };
  if (found.mode !== "dfu") {
    info.modules = (await h.getFirmwareModuleInfo().catch(() => [])).map((m) => ({ type: m.type, index: m.index, version: m.version }));
    info.cloud = await h.getCloudConnectionStatus().catch(() => "unknown");
    const answer = await readReport(h).catch(() => null);
    info.photonNetreset = answer?.kind === "report" ? answer.report : answer?.kind === "none-yet" ? "running, no report yet" : "not running";
  }
  await h.close();
  return info;
}

async function doctorCommand(ctx: CliContext, opts: Options): Promise<number> {
  const { devices, skipped } = await findDevices(ctx);
  skipped.forEach((s) => ctx.io.err(`Skipping ${s}\n`));
  if (devices.length === 0) throw new CliError(NO_DEVICE_HELP, EXIT.noDevice);
  // Read-only: every device, unless one is named.
  const chosen = opts.device ? await chooseDevices(ctx, devices, opts) : devices;
  for (const d of devices) if (!chosen.includes(d)) await d.handle.close();
  const reports = [];
  for (const d of chosen) reports.push(await doctorOne(d));
  if (opts.json) { ctx.io.out(`${JSON.stringify({ devices: reports }, null, 2)}\n`); return EXIT.ok; }
  for (const r of reports) {
    ctx.io.out(`${describe(chosen.find((d) => d.id === r.id)!)}\n`);
    if (r.modules) ctx.io.out(`  modules: ${(r.modules as { type: string; index: number; version: number }[]).map((m) => `${m.type} ${m.index} v${m.version}`).join(", ")}\n`);
    if (r.cloud) ctx.io.out(`  cloud: ${String(r.cloud).toLowerCase()}\n`);
    const p = r.photonNetreset;
    if (typeof p === "object" && p) ctx.io.out(`  photon-netreset report:\n${formatBeforeAfter(p as never).replace(/^/gm, "  ")}\n`);
    else if (p) ctx.io.out(`  photon-netreset: ${p}\n`);
  }
  return EXIT.ok;
}

async function rerunCommand(ctx: CliContext, opts: Options): Promise<number> {
  const { devices } = await findDevices(ctx);
  const [found] = await chooseDevices(ctx, devices, { device: opts.device });
  for (const d of devices) if (d !== found) await d.handle.close();
  const r = await found.handle.sendControlRequest(APP_REQUEST, "rerun", { timeout: 5000 });
  await found.handle.close().catch(() => {});
  if (r.result === NOT_SUPPORTED) throw new CliError(`${found.id} does not run photon-netreset: use \`npx photon-netreset flash\`.`, EXIT.failed);
  if (r.result !== 0) throw new CliError(`${found.id} refused the rerun request (error ${r.result}).`, EXIT.failed);
  ctx.io.err(`${found.id} is running the reset again...\n`);
  const { dev, value: report } = await waitForVerdict(ctx, found.id);
  await dev.close();
  if (opts.json) ctx.io.out(`${JSON.stringify({ id: found.id, report }, null, 2)}\n`);
  else ctx.io.out(`${formatBeforeAfter(report)}\n`);
  return report.action === "done" ? EXIT.ok : EXIT.failed;
}

export async function main(argv: string[], ctx: CliContext): Promise<number> {
  try {
    const { command, opts } = parse(argv);
    if (command === "help") { ctx.io.out(`${HELP}\n`); return EXIT.ok; }
    if (command === "flash") return await flashCommand(ctx, opts);
    if (command === "doctor") return await doctorCommand(ctx, opts);
    return await rerunCommand(ctx, opts);
  } catch (e) {
    if (e instanceof CliError) { ctx.io.err(`${e.message}\n`); return e.code; }
    if ((e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) { ctx.io.err(`${(e as Error).message}\n\n${HELP}\n`); return EXIT.usage; }
    throw e;
  }
}
