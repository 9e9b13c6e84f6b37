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
// System.resetReason() is 0 while this DCT flag is off (an earlier app may
// have cleared it); Device OS writes the flag only when it changes
// (Write_Feature_Flag), so this costs no flash wear. From the next reset on.
STARTUP(System.enableFeature(FEATURE_RESET_INFO));

namespace {
// USB serial drops every byte while no computer holds the port open, and
// each boot re-enumerates USB (README, "The boot serial line"). Give a
// computer that reopens the port a moment, without serving USB requests yet:
// the program has not run. Best effort; the "report" request is reliable.
const uint32_t SERIAL_WAIT_MS = 2000;
const uint32_t SERIAL_POLL_MS = 50;

void waitForSerialPort() {
    for (uint32_t waited = 0; waited < SERIAL_WAIT_MS && !Serial.isConnected(); waited += SERIAL_POLL_MS) {
        HAL_Delay_Milliseconds(SERIAL_POLL_MS);
    }
}
} // namespace

void setup() {
    waitForSerialPort();
    if (netreset_init() != SEMI_AUTOMATIC) {
        Serial.println("netreset: the program needs another system mode; not running it");
        return;
    }
    netreset_boot();
}

// Device OS serves one queued USB request before each loop() call.
void loop() { usb_rerun_when_collected(); }
