// photon-netreset: reset a Photon's network settings once, then connect.
// The program itself is firmware/program/netreset.ts, compiled to WebAssembly
// and translated to C (src/generated/); this file only hosts it.
#include "Particle.h"
#include "netreset_program.h"
#include "usb_requests.h"

// Nothing may talk to the cloud before the reset; the program connects itself.
SYSTEM_MODE(SEMI_AUTOMATIC);
// USB requests are answered even while the system is in listening mode.
SYSTEM_THREAD(ENABLED);
// Retained RAM holds the program's reset-attempt counter across resets.
STARTUP(System.enableFeature(FEATURE_RETAINED_MEMORY));

namespace {
// Give the rerun request's reply time to leave before the reset.
const uint32_t RERUN_REPLY_MS = 100;
}

void setup() {
    if (netreset_init() != SEMI_AUTOMATIC) {
        Serial.println("netreset: the program needs another system mode; not running it");
        return;
    }
    netreset_boot();
}

void loop() {
    if (usb_rerun_requested()) {
        delay(RERUN_REPLY_MS);
        netreset_rerun();
    }
}
