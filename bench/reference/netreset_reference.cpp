// The reset program written directly in C++, for `npm run size` only: the
// same behaviour as firmware/program/netreset.ts, so that the bytes the
// WebAssembly route adds can be measured. It is not built into the product.
#include "Particle.h"
#include "netreset_program.h"
#include "report.h"

namespace {
const uint32_t MARKER_MAGIC = 0x000c0ffe;
const int MARKER_ADDRESS = 0;
const int BUILD_ID_ADDRESS = 4;
const uint32_t ERASED = 0xffffffff;
// A fixed id: the reference is measured, never flashed.
const uint32_t BUILD_ID = 0x52454631;
const uint32_t MAX_RESET_ATTEMPTS = 3;
const uint32_t RESET_SETTLE_MS = 1000;
const uint32_t RETAINED_GUARD = 0x6e657472;
const int32_t UNKNOWN = -1;
enum { ACTION_RESET, ACTION_DONE, ACTION_EEPROM_FAILURE };
enum { DIAGNOSIS_OK, DIAGNOSIS_NO_ACCESS_POINTS, DIAGNOSIS_EEPROM_FAILURE, DIAGNOSIS_PENDING };

struct Retained {
    uint32_t guard;
    uint32_t attempts;
    uint32_t before;
    uint32_t spare;
};
retained Retained saved;

uint32_t eepromWord(int address) {
    uint32_t value;
    return EEPROM.get(address, value);
}

bool markerMatches() {
    return eepromWord(MARKER_ADDRESS) == MARKER_MAGIC && eepromWord(BUILD_ID_ADDRESS) == BUILD_ID;
}

void countNetwork(WiFiAccessPoint*, void* count) { ++*static_cast<int*>(count); }

int32_t credentialsCount() {
    int count = 0;
    wlan_get_credentials(countNetwork, &count);
    return count;
}

uint32_t resetAttempts() { return saved.guard == RETAINED_GUARD ? saved.attempts : 0; }

void save(uint32_t attempts, uint32_t before) {
    saved.guard = RETAINED_GUARD;
    saved.attempts = attempts;
    saved.before = before;
}

int32_t beforeField(unsigned shift) {
    return saved.guard == RETAINED_GUARD ? static_cast<int32_t>((saved.before >> shift) & 0xff) : UNKNOWN;
}

void applyReset(uint32_t attempts) {
    const int32_t antenna = WiFi.getAntenna();
    const int32_t ipSource = wlan_get_ipaddress_source(nullptr);
    const int32_t credentials = credentialsCount();
    const int32_t reason = System.resetReason();
    save(attempts + 1, (antenna & 0xff) | (ipSource & 0xff) << 8 | (credentials & 0xff) << 16 | (reason & 0xff) << 24);

    WiFi.useDynamicIP();
    WiFi.selectAntenna(ANT_INTERNAL);
    WiFi.clearCredentials();
    EEPROM.put(MARKER_ADDRESS, MARKER_MAGIC);
    EEPROM.put(BUILD_ID_ADDRESS, BUILD_ID);
    markerMatches();

    netreset_report({BUILD_ID, ACTION_RESET, DIAGNOSIS_PENDING, antenna, ipSource, credentials, reason,
                     WiFi.getAntenna(), wlan_get_ipaddress_source(nullptr), credentialsCount(),
                     UNKNOWN, static_cast<int32_t>(attempts + 1)});
    delay(RESET_SETTLE_MS);
    System.reset();
}

void verifyAndConnect(int32_t action, uint32_t attempts) {
    int count = 0;
    WiFi.scan(countNetwork, &count);
    int32_t diagnosis = action == ACTION_EEPROM_FAILURE ? DIAGNOSIS_EEPROM_FAILURE
                        : count == 0                    ? DIAGNOSIS_NO_ACCESS_POINTS
                                                        : DIAGNOSIS_OK;
    netreset_report({BUILD_ID, action, diagnosis, beforeField(0), beforeField(8), beforeField(16), beforeField(24),
                     WiFi.getAntenna(), wlan_get_ipaddress_source(nullptr), credentialsCount(),
                     count, static_cast<int32_t>(attempts)});
    Particle.connect();
}
} // namespace

void netreset_boot() {
    const bool done = markerMatches();
    WiFi.on();
    const uint32_t attempts = resetAttempts();
    if (done) verifyAndConnect(ACTION_DONE, attempts);
    else if (attempts >= MAX_RESET_ATTEMPTS) verifyAndConnect(ACTION_EEPROM_FAILURE, attempts);
    else applyReset(attempts);
}

void netreset_rerun() {
    EEPROM.put(MARKER_ADDRESS, ERASED);
    EEPROM.put(BUILD_ID_ADDRESS, ERASED);
    save(0, 0);
    System.reset();
}

int netreset_init() { return SEMI_AUTOMATIC; }
