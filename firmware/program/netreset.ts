// The network reset, run once per build on every boot (see README, "What the
// firmware does"). Entry points: boot() from setup(), rerun() from the host's
// USB "rerun" request. No heap, no strings, no memory: only host calls.
import {
  ANT_INTERNAL, DYNAMIC_IP, SEMI_AUTOMATIC, UNKNOWN, RESET_REASON_NONE,
  ACTION_RESET, ACTION_DONE, ACTION_EEPROM_FAILURE, ACTION_SETTINGS_FAILURE,
  DIAGNOSIS_OK, DIAGNOSIS_NO_ACCESS_POINTS, DIAGNOSIS_EEPROM_FAILURE, DIAGNOSIS_PENDING,
  DIAGNOSIS_RADIO_OFF, DIAGNOSIS_SCAN_FAILED, DIAGNOSIS_SETTINGS_FAILURE,
  eepromGetU32, eepromPutU32, wifiOn, wifiIsOn, wifiGetAntenna, wifiSelectAntenna,
  wifiGetIpSource, wifiUseDynamicIp, wifiCredentialsCount, wifiClearCredentials,
  wifiScanCount, delayMs, systemReset, resetReason, cloudConnect,
  retainedGet, retainedSet, report,
} from "./photon";

/** The host must run the program in this Device OS system mode. */
export const REQUIRED_SYSTEM_MODE: i32 = SEMI_AUTOMATIC;

// Fixed at build time by scripts/build-wasm.ts (`--use BUILD_ID_VALUE=<n>`): a hash
// of the program's sources, so every different build runs the reset once.
// @ts-ignore: defined on the asc command line
export const BUILD_ID: u32 = <u32>BUILD_ID_VALUE;

/** The forum program's magic number, kept so its devices are recognised. */
export const MARKER_MAGIC: u32 = 0x000c0ffe;
const MARKER_ADDRESS: u32 = 0;
const BUILD_ID_ADDRESS: u32 = 4;
const ERASED: u32 = 0xffffffff;

/** Resets that did not stick before the boot-loop guard gives up. */
export const MAX_RESET_ATTEMPTS: u32 = 3;
const RESET_SETTLE_MS: u32 = 1000;
// WiFi.on() is asynchronous: wait this long at most for the module to come up
// before scanning (a scan of a module that is not up finds nothing).
const RADIO_POLL_MS: u32 = 100;
const RADIO_ON_TIMEOUT_MS: u32 = 10000;

// Retained RAM slots. GUARD tells valid contents from power-on garbage; BUILD
// ties them to this build: retained RAM survives flashing another user part
// (wiring/src/user.cpp), so an older build's counter must not count here.
const SLOT_GUARD: u32 = 0;
const SLOT_ATTEMPTS: u32 = 1;
const SLOT_BEFORE: u32 = 2;
const SLOT_BUILD: u32 = 3;
const RETAINED_GUARD: u32 = 0x6e657472; // "netr"

function markerMatches(): bool {
  return eepromGetU32(MARKER_ADDRESS) == MARKER_MAGIC
    && eepromGetU32(BUILD_ID_ADDRESS) == BUILD_ID;
}

/** Device OS's defaults, as read back: internal antenna and dynamic IP. */
function settingsAreReset(): bool {
  return wifiGetAntenna() == ANT_INTERNAL && wifiGetIpSource() == DYNAMIC_IP;
}

function retainedValid(): bool {
  return retainedGet(SLOT_GUARD) == RETAINED_GUARD && retainedGet(SLOT_BUILD) == BUILD_ID;
}

/** This build's reset attempts since the settings were last confirmed. */
function resetAttempts(): u32 {
  return retainedValid() ? retainedGet(SLOT_ATTEMPTS) : 0;
}

function saveRetained(attempts: u32, before: u32): void {
  retainedSet(SLOT_GUARD, RETAINED_GUARD);
  retainedSet(SLOT_BUILD, BUILD_ID);
  retainedSet(SLOT_ATTEMPTS, attempts);
  retainedSet(SLOT_BEFORE, before);
}

// The "before" facts, one byte each, so they fit one retained slot; 0xff is UNKNOWN.
function packBefore(antenna: i32, ipSource: i32, credentials: i32, reason: i32): u32 {
  return (<u32>antenna & 0xff) | ((<u32>ipSource & 0xff) << 8)
    | ((<u32>credentials & 0xff) << 16) | ((<u32>reason & 0xff) << 24);
}

function beforeField(shift: u32): i32 {
  if (!retainedValid()) return UNKNOWN;
  const value = <i32>((retainedGet(SLOT_BEFORE) >> shift) & 0xff);
  return value == 0xff ? UNKNOWN : value;
}

/** System.resetReason(), UNKNOWN when Device OS does not record it. */
function knownResetReason(): i32 {
  const reason = resetReason();
  return reason == RESET_REASON_NONE ? UNKNOWN : reason;
}

/** The boot's report: the recorded "before" facts and the settings read back now. */
function reportBoot(action: i32, diagnosis: i32, accessPoints: i32, attempts: u32): void {
  report(BUILD_ID, action, diagnosis,
    beforeField(0), beforeField(8), beforeField(16), beforeField(24),
    wifiGetAntenna(), wifiGetIpSource(), wifiCredentialsCount(),
    accessPoints, <i32>attempts);
}

function applyReset(attempts: u32): void {
  // The first attempt's facts are the device as it was found; a retry (the
  // reset did not stick) must not overwrite them with half-reset ones.
  const before = attempts == 0
    ? packBefore(wifiGetAntenna(), wifiGetIpSource(), wifiCredentialsCount(), knownResetReason())
    : retainedGet(SLOT_BEFORE);
  // Count the attempt before touching anything, so a boot loop is caught
  // even when a reset interrupts what follows.
  saveRetained(attempts + 1, before);

  wifiUseDynamicIp();
  wifiSelectAntenna(ANT_INTERNAL);
  wifiClearCredentials();
  eepromPutU32(MARKER_ADDRESS, MARKER_MAGIC);
  eepromPutU32(BUILD_ID_ADDRESS, BUILD_ID);

  reportBoot(ACTION_RESET, DIAGNOSIS_PENDING, UNKNOWN, attempts + 1);
  delayMs(RESET_SETTLE_MS);
  systemReset();
}

/** Waits (bounded) for the asynchronous WiFi.on() to bring the module up. */
function radioCameOn(): bool {
  for (let waited: u32 = 0; waited < RADIO_ON_TIMEOUT_MS; waited += RADIO_POLL_MS) {
    if (wifiIsOn() != 0) return true;
    delayMs(RADIO_POLL_MS);
  }
  return wifiIsOn() != 0;
}

function verifyAndConnect(action: i32, attempts: u32): void {
  let accessPoints = UNKNOWN;
  let diagnosis = DIAGNOSIS_OK;
  if (action == ACTION_EEPROM_FAILURE) diagnosis = DIAGNOSIS_EEPROM_FAILURE;
  else if (action == ACTION_SETTINGS_FAILURE) diagnosis = DIAGNOSIS_SETTINGS_FAILURE;
  if (!radioCameOn()) {
    if (diagnosis == DIAGNOSIS_OK) diagnosis = DIAGNOSIS_RADIO_OFF;
  } else {
    const seen = wifiScanCount();
    if (seen >= 0) accessPoints = seen; // an error is "not known", never 0 access points
    if (diagnosis == DIAGNOSIS_OK) {
      if (seen < 0) diagnosis = DIAGNOSIS_SCAN_FAILED;
      else if (seen == 0) diagnosis = DIAGNOSIS_NO_ACCESS_POINTS;
    }
  }
  // The settings are confirmed: the next trouble starts a fresh count.
  if (action == ACTION_DONE && attempts != 0) retainedSet(SLOT_ATTEMPTS, 0);

  reportBoot(action, diagnosis, accessPoints, attempts);
  cloudConnect();
}

/**
 * Called once from setup() on every boot. Whenever this build runs, it ends
 * with the internal antenna and dynamic IP: a marked device whose settings
 * were changed again (by the owner's own app) is reset again.
 */
export function boot(): void {
  const marked = markerMatches();
  wifiOn();
  const attempts = resetAttempts();
  if (marked && settingsAreReset()) {
    verifyAndConnect(ACTION_DONE, attempts);
  } else if (attempts >= MAX_RESET_ATTEMPTS) {
    // The reset does not stick: stop the boot loop, say which part, stay reachable.
    verifyAndConnect(marked ? ACTION_SETTINGS_FAILURE : ACTION_EEPROM_FAILURE, attempts);
  } else {
    applyReset(attempts);
  }
}

/** The host's "rerun" request: forget the marker and start over. */
export function rerun(): void {
  eepromPutU32(MARKER_ADDRESS, ERASED);
  eepromPutU32(BUILD_ID_ADDRESS, ERASED);
  saveRetained(0, 0);
  systemReset();
}
