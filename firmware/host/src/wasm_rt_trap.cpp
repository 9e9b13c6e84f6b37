// A wasm trap: the program cannot go on. Log why, keep the reason for the
// USB "report" request, and park the application thread. With
// SYSTEM_THREAD(ENABLED) the system thread keeps USB, DFU and safe mode
// working, so the device can always be reflashed. No reset of its own: that
// could loop; the computer's "rerun" request may ask for one.
#include "Particle.h"
#include "report.h"
#include "usb_requests.h"
#include "wasm-rt.h"

namespace {
const uint32_t PARK_POLL_MS = 100;
}

extern "C" void wasm_rt_trap(wasm_rt_trap_t trap) {
    netreset_report_trap(static_cast<int>(trap));
    for (;;) {
        // delay() serves USB requests only while Wi-Fi is awake and for
        // delays of 1 s or more (system_task.cpp system_delay_pump); a trap
        // can come before WiFi.on(). Particle.process() always serves one.
        Particle.process();
        usb_rerun_when_collected();
        delay(PARK_POLL_MS);
    }
}
