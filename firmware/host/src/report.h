// The program's report: printed on USB serial, kept for the USB "report" request.
#pragma once

#include <stddef.h>
#include <stdint.h>

// The twelve values of the program's report() call (README, "The report").
struct NetresetReport {
    uint32_t buildId;
    int32_t action;
    int32_t diagnosis;
    int32_t antennaBefore;
    int32_t ipSourceBefore;
    int32_t credentialsBefore;
    int32_t resetReasonBefore;
    int32_t antennaAfter;
    int32_t ipSourceAfter;
    int32_t credentialsAfter;
    int32_t accessPoints;
    int32_t resetAttempts;
};

// Keep the report, print it as one line on USB serial, show eeprom-failure on the LED.
void netreset_report(const NetresetReport& report);

// The program stopped on a wasm trap: keep the reason for the USB request.
void netreset_report_trap(int trap);

// The latest report as JSON into buf (always NUL-terminated); returns its
// length, or 0 when there is no report yet.
size_t netreset_report_json(char* buf, size_t size);

// Longest JSON netreset_report_json() writes, plus the NUL.
static const size_t NETRESET_REPORT_JSON_MAX = 320;
