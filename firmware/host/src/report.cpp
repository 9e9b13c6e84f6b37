#include "report.h"

#include "Particle.h"
#include "json_writer.h"

namespace {
NetresetReport last;
bool haveReport = false;
int trapCode = 0;

// The eeprom-failure pattern: fast-blinking orange over Device OS's own
// patterns, so the owner sees that the program gave up (README, "LED").
LEDStatus eepromFailureLed(RGB_COLOR_ORANGE, LED_PATTERN_BLINK, LED_SPEED_FAST, LED_PRIORITY_IMPORTANT);

const int32_t ACTION_EEPROM_FAILURE = 2;
const int32_t ACTION_SETTINGS_FAILURE = 3;

const char* name(const char* const* names, int count, int32_t value) {
    return value >= 0 && value < count && names[value] ? names[value] : "unknown";
}

const char* const ACTIONS[] = {"reset", "done", "eeprom-failure", "settings-failure"};
const char* const DIAGNOSES[] = {"ok", "no-access-points", "eeprom-failure", "pending",
                                 "radio-off", "scan-failed", "settings-failure"};
const char* const ANTENNAS[] = {"internal", "external", nullptr, "auto"};
const char* const IP_SOURCES[] = {"dynamic", "static"};

void settings(JsonWriter& w, int32_t antenna, int32_t ipSource, int32_t credentials) {
    w.key("antenna").str(name(ANTENNAS, 4, antenna));
    w.key("ipSource").str(name(IP_SOURCES, 2, ipSource));
    w.key("credentials").integer(credentials);
}
} // namespace

size_t netreset_report_json(char* buf, size_t size) {
    JsonWriter w(buf, size);
    if (trapCode) {
        w.open().key("trap").integer(trapCode).close();
        return w.length(buf);
    }
    if (!haveReport) return 0;
    w.open();
    w.key("build").hex32(last.buildId);
    w.key("action").str(name(ACTIONS, 4, last.action));
    w.key("diagnosis").str(name(DIAGNOSES, 7, last.diagnosis));
    w.key("before").open();
    settings(w, last.antennaBefore, last.ipSourceBefore, last.credentialsBefore);
    w.key("resetReason").integer(last.resetReasonBefore).close();
    w.key("after").open();
    settings(w, last.antennaAfter, last.ipSourceAfter, last.credentialsAfter);
    w.close();
    w.key("accessPoints").integer(last.accessPoints);
    w.key("resetAttempts").integer(last.resetAttempts);
    w.close();
    return w.length(buf);
}

void netreset_report(const NetresetReport& report) {
    last = report;
    haveReport = true;
    char line[NETRESET_REPORT_JSON_MAX];
    netreset_report_json(line, sizeof(line));
    Serial.print("netreset ");
    Serial.println(line);
    // The program gave up (the boot-loop guard): say so on the LED.
    if (report.action == ACTION_EEPROM_FAILURE || report.action == ACTION_SETTINGS_FAILURE) eepromFailureLed.setActive(true);
}

void netreset_report_trap(int trap) {
    trapCode = trap;
    Serial.print("netreset trap ");
    Serial.println(trap);
}
