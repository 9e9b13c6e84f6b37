// The reset program written directly in C++, for `npm run size` only: the
// same behaviour as firmware/program/netreset.ts, step for step (the same
// Device OS calls in the same order), so that the bytes the WebAssembly route
// adds can be measured fairly. It is not built into the product.
#include "Particle.h"
#include "netreset_program.h"
#include "report.h"
#include "scan_list.h"

namespace {
const uint32_t MARKER_MAGIC = 0x000c0ffe;
const int MARKER_ADDRESS = 0;
const int BUILD_ID_ADDRESS = 4;
const uint32_t ERASED = 0xffffffff;
// A fixed id: the reference is measured, never flashed.
const uint32_t BUILD_ID = 0x52454631;
const uint32_t MAX_RESET_ATTEMPTS = 3;
const uint32_t RESET_SETTLE_MS = 1000;
const uint32_t RADIO_POLL_MS = 100;
const uint32_t RADIO_ON_TIMEOUT_MS = 10000;
const uint32_t RETAINED_GUARD = 0x6e657472;
const int32_t UNKNOWN = -1;
enum { ACTION_RESET, ACTION_DONE, ACTION_EEPROM_FAILURE, ACTION_SETTINGS_FAILURE };
enum {
    DIAGNOSIS_OK, DIAGNOSIS_NO_ACCESS_POINTS, DIAGNOSIS_EEPROM_FAILURE, DIAGNOSIS_PENDING,
    DIAGNOSIS_RADIO_OFF, DIAGNOSIS_SCAN_FAILED, DIAGNOSIS_SETTINGS_FAILURE
};

struct Retained {
    uint32_t guard;
    uint32_t attempts;
    uint32_t before;
    uint32_t build;
};
retained Retained saved;

uint32_t eepromWord(int address) {
    uint32_t value;
    return EEPROM.get(address, value);
}

bool markerMatches() {
    return eepromWord(MARKER_ADDRESS) == MARKER_MAGIC && eepromWord(BUILD_ID_ADDRESS) == BUILD_ID;
}

bool settingsAreReset() {
    return WiFi.getAntenna() == ANT_INTERNAL && wlan_get_ipaddress_source(nullptr) == DYNAMIC_IP;
}

void countNetwork(WiFiAccessPoint*, void* count) { ++*static_cast<int*>(count); }

int32_t credentialsCount() {
    int count = 0;
    wlan_get_credentials(countNetwork, &count);
    return count;
}

bool retainedValid() { return saved.guard == RETAINED_GUARD && saved.build == BUILD_ID; }

uint32_t resetAttempts() { return retainedValid() ? saved.attempts : 0; }

void save(uint32_t attempts, uint32_t before) {
    saved.guard = RETAINED_GUARD;
    saved.build = BUILD_ID;
    saved.attempts = attempts;
    saved.before = before;
}

int32_t beforeField(unsigned shift) {
    if (!retainedValid()) return UNKNOWN;
    const int32_t value = static_cast<int32_t>((saved.before >> shift) & 0xff);
    return value == 0xff ? UNKNOWN : value;
}

int32_t knownResetReason() {
    const int32_t reason = System.resetReason();
    return reason == 0 ? UNKNOWN : reason; // RESET_REASON_NONE: not recorded
}

void report(int32_t action, int32_t diagnosis, int32_t accessPoints, uint32_t attempts) {
    netreset_report({BUILD_ID, action, diagnosis, beforeField(0), beforeField(8), beforeField(16), beforeField(24),
                     WiFi.getAntenna(), wlan_get_ipaddress_source(nullptr), credentialsCount(),
                     accessPoints, static_cast<int32_t>(attempts)});
}

void applyReset(uint32_t attempts) {
    uint32_t before = saved.before;
    if (attempts == 0) {
        const uint32_t antenna = WiFi.getAntenna();
        const uint32_t ipSource = wlan_get_ipaddress_source(nullptr);
        const uint32_t credentials = credentialsCount();
        const uint32_t reason = knownResetReason();
        before = (antenna & 0xff) | (ipSource & 0xff) << 8 | (credentials & 0xff) << 16 | (reason & 0xff) << 24;
    }
    save(attempts + 1, before);

    WiFi.useDynamicIP();
    WiFi.selectAntenna(ANT_INTERNAL);
    WiFi.clearCredentials();
    EEPROM.put(MARKER_ADDRESS, MARKER_MAGIC);
    EEPROM.put(BUILD_ID_ADDRESS, BUILD_ID);

    report(ACTION_RESET, DIAGNOSIS_PENDING, UNKNOWN, attempts + 1);
    delay(RESET_SETTLE_MS);
    System.reset();
}

bool radioCameOn() {
    for (uint32_t waited = 0; waited < RADIO_ON_TIMEOUT_MS; waited += RADIO_POLL_MS) {
        if (WiFi.isOn()) return true;
        delay(RADIO_POLL_MS);
    }
    return WiFi.isOn();
}

void verifyAndConnect(int32_t action, uint32_t attempts) {
    int32_t accessPoints = UNKNOWN;
    int32_t diagnosis = action == ACTION_EEPROM_FAILURE      ? DIAGNOSIS_EEPROM_FAILURE
                        : action == ACTION_SETTINGS_FAILURE ? DIAGNOSIS_SETTINGS_FAILURE
                                                            : DIAGNOSIS_OK;
    if (!radioCameOn()) {
        if (diagnosis == DIAGNOSIS_OK) diagnosis = DIAGNOSIS_RADIO_OFF;
    } else {
        const int32_t seen = netreset_scan(); // kept for the USB "scan" request, as in the WebAssembly route
        if (seen >= 0) accessPoints = seen;
        if (diagnosis == DIAGNOSIS_OK) {
            if (seen < 0) diagnosis = DIAGNOSIS_SCAN_FAILED;
            else if (seen == 0) diagnosis = DIAGNOSIS_NO_ACCESS_POINTS;
        }
    }
    if (action == ACTION_DONE && attempts != 0) saved.attempts = 0;
    report(action, diagnosis, accessPoints, attempts);
    Particle.connect();
}
} // namespace

void netreset_boot() {
    const bool marked = markerMatches();
    WiFi.on();
    const uint32_t attempts = resetAttempts();
    if (marked && settingsAreReset()) verifyAndConnect(ACTION_DONE, attempts);
    else if (attempts >= MAX_RESET_ATTEMPTS) verifyAndConnect(marked ? ACTION_SETTINGS_FAILURE : ACTION_EEPROM_FAILURE, attempts);
    else applyReset(attempts);
}

void netreset_rerun() {
    EEPROM.put(MARKER_ADDRESS, ERASED);
    EEPROM.put(BUILD_ID_ADDRESS, ERASED);
    save(0, 0);
    System.reset();
}

int netreset_init() { return SEMI_AUTOMATIC; }
