// The options each command takes (parsed by commander in main.ts), and what a command hands back.
import { InvalidArgumentError } from "commander";
import { CliError, EXIT, type CliContext } from "./context.ts";
import { CLI_SECURITIES, isCliSecurity, passwordProblem, ssidProblem, type WifiCredentials } from "./wifi-setup.ts";

export const PASSWORD_ENV = "PHOTON_NETRESET_WIFI_PASSWORD";

export interface CommonOptions { device?: string; json?: boolean; simulate?: string }
export interface WifiOptions extends CommonOptions { ssid?: string; security?: string }
export interface FlashOptions extends WifiOptions {
  all?: boolean; bin?: string; force?: boolean; /** false with --no-wifi */ wifi?: boolean; /** false with --no-dct-check */ dctCheck?: boolean;
  /** issue 21: false with --no-backup */ backup?: boolean; /** issue 21: put the backup back after the recovery, without asking */ restore?: boolean;
}
/** issue 21: `restore FILE`. */
export interface RestoreOptions extends CommonOptions { file: string; /** false with --no-dct-check */ dctCheck?: boolean }
export interface DoctorOptions extends CommonOptions { all?: boolean; /** false with --no-dfu */ dfu?: boolean }

/**
 * Commander's parser for every option and argument that takes a value: an
 * empty one (an unset shell variable: `--ssid "$SSID"`) or only spaces is
 * refused (exit 2, commander names the option), never read as "not given".
 */
export function nonEmpty(value: string): string {
  if (value.trim() === "") throw new InvalidArgumentError("it is empty or only spaces; give a value, or leave the option out");
  return value;
}

/** What a command did: its exit code, what --json prints, and the failure in a sentence. */
export interface CommandResult { code: number; json: Record<string, unknown>; error?: string }

/** --ssid/--security and the password from the environment (scripts); null without --ssid. */
export function scriptedWifi(ctx: CliContext, opts: WifiOptions): WifiCredentials | null {
  if (!opts.ssid) {
    if (opts.security) throw new CliError("--security needs --ssid", EXIT.usage);
    return null;
  }
  const security = opts.security ?? "wpa2";
  if (!isCliSecurity(security)) throw new CliError(`--security must be one of ${CLI_SECURITIES.join(", ")}, not ${opts.security}`, EXIT.usage);
  const ssidWrong = ssidProblem(opts.ssid);
  if (ssidWrong) throw new CliError(`--ssid: ${ssidWrong}`, EXIT.usage);
  const password = ctx.io.env[PASSWORD_ENV];
  if (security !== "open" && !password) throw new CliError(`--ssid with ${security} needs the password in the environment variable ${PASSWORD_ENV}`, EXIT.usage);
  const passwordWrong = security === "open" ? undefined : passwordProblem(security, password!);
  if (passwordWrong) throw new CliError(`${PASSWORD_ENV}: ${passwordWrong}`, EXIT.usage);
  return { ssid: opts.ssid, security, password: security === "open" ? undefined : password };
}
