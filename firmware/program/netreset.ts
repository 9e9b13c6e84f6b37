// The network reset, run once per build on every boot (see README, "What the
// firmware does"). Entry points: boot() from setup(), rerun() from the host's
// USB "rerun" request. No heap, no strings, no memory: only host calls.
import {
  ANT_INTERNAL, DYNAMIC_IP, SEMI_AUTOMATIC, UNKNOWN,
  ACTION_RESET, ACTION_DONE, ACTION_EEPROM_FAILURE,
  DIAGNOSIS_OK, DIAGNOSIS_NO_ACCESS_POINTS, DIAGNOSIS_EEPROM_FAILURE, DIAGNOSIS_PENDING,
  eepromGetU32, eepromPutU32, wifiOn, wifiGetAntenna, wifiSelectAntenna,
  wifiGetIpSource, wifiUseDynamicIp, wifiCredentialsCount, wifiClearCredentials,
  wifiScanCount, delayMs, systemReset, resetReason, cloudConnect,
  retainedGet, retainedSet, report,
} from "./photon";

/** The host must run the program in this Device OS system mode. */
export const REQUIRED_SYSTEM_MODE: i32 = SEMI_AUTOMATIC;

// Fixed at build time by scripts/build-wasm.ts (`--use BUILD_ID=<n>`): a hash
// of the program's sources, so every different build runs the reset once.
// @ts-ignore: defined on the asc command line
export const BUILD_ID: u32 = <u32>BUILD_ID_VALUE;

/** The forum program's magic number, kept so its devices are recognised. */
export const MARKER_MAGIC: u32 = 0x000c0ffe;
const MARKER_ADDRESS: u32 = 0;
const BUILD_ID_ADDRESS: u32 = 4;
const ERASED: u32 = 0xffffffff;

/** Resets whose marker did not stick before the boot-loop guard gives up. */
export const MAX_RESET_ATTEMPTS: u32 = 3;
const RESET_SETTLE_MS: u32 = 1000;

// Retained RAM slots. GUARD tells valid contents from power-on garbage.
const SLOT_GUARD: u32 = 0;
const SLOT_ATTEMPTS: u32 = 1;
const SLOT_BEFORE: u32 = 2;
const RETAINED_GUARD: u32 = 0x6e657472; // "netr"

function markerMatches(): bool {
  return eepromGetU32(MARKER_ADDRESS) == MARKER_MAGIC
    && eepromGetU32(BUILD_ID_ADDRESS) == BUILD_ID;
}

function retainedValid(): bool {
  return retainedGet(SLOT_GUARD) == RETAINED_GUARD;
}

function resetAttempts(): u32 {
  return retainedValid() ? retainedGet(SLOT_ATTEMPTS) : 0;
}

function saveRetained(attempts: u32, before: u32): void {
  retainedSet(SLOT_GUARD, RETAINED_GUARD);
  retainedSet(SLOT_ATTEMPTS, attempts);
  retainedSet(SLOT_BEFORE, before);
}

// The "before" facts, one byte each, so they fit one retained slot.
function packBefore(antenna: i32, ipSource: i32, credentials: i32, reason: i32): u32 {
  return (<u32>antenna & 0xff) | ((<u32>ipSource & 0xff) << 8)
    | ((<u32>credentials & 0xff) << 16) | ((<u32>reason & 0xff) << 24);
}

function beforeField(shift: u32): i32 {
  return retainedValid() ? <i32>((retainedGet(SLOT_BEFORE) >> shift) & 0xff) : UNKNOWN;
}

function applyReset(attempts: u32): void {
  const antenna = wifiGetAntenna();
  const ipSource = wifiGetIpSource();
  const credentials = wifiCredentialsCount();
  const reason = resetReason();
  // Count the attempt before touching anything, so a boot loop is caught
  // even when a reset interrupts what follows.
  saveRetained(attempts + 1, packBefore(antenna, ipSource, credentials, reason));

  wifiUseDynamicIp();
  wifiSelectAntenna(ANT_INTERNAL);
  wifiClearCredentials();
  eepromPutU32(MARKER_ADDRESS, MARKER_MAGIC);
  eepromPutU32(BUILD_ID_ADDRESS, BUILD_ID);
  markerMatches(); // read back: the next boot's check is the verdict

  report(BUILD_ID, ACTION_RESET, DIAGNOSIS_PENDING,
    antenna, ipSource, credentials, reason,
    wifiGetAntenna(), wifiGetIpSource(), wifiCredentialsCount(),
    UNKNOWN, <i32>(attempts + 1));
  delayMs(RESET_SETTLE_MS);
  systemReset();
}

function verifyAndConnect(action: i32, attempts: u32): void {
  const accessPoints = wifiScanCount();
  let diagnosis = DIAGNOSIS_OK;
  if (action == ACTION_EEPROM_FAILURE) diagnosis = DIAGNOSIS_EEPROM_FAILURE;
  else if (accessPoints == 0) diagnosis = DIAGNOSIS_NO_ACCESS_POINTS;

  report(BUILD_ID, action, diagnosis,
    beforeField(0), beforeField(8), beforeField(16), beforeField(24),
    wifiGetAntenna(), wifiGetIpSource(), wifiCredentialsCount(),
    accessPoints, <i32>attempts);
  cloudConnect();
}

/** Called once from setup() on every boot. */
export function boot(): void {
  const done = markerMatches();
  wifiOn();
  const attempts = resetAttempts();
  if (done) {
    verifyAndConnect(ACTION_DONE, attempts);
  } else if (attempts >= MAX_RESET_ATTEMPTS) {
    // The marker never sticks: stop the boot loop, say so, stay reachable.
    verifyAndConnect(ACTION_EEPROM_FAILURE, attempts);
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
