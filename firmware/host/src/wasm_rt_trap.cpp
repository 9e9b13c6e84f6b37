// A wasm trap: the program cannot go on. Log why, keep the reason for the
// USB "report" request, and park the application thread. With
// SYSTEM_THREAD(ENABLED) the system thread keeps USB, DFU and safe mode
// working, so the device can always be reflashed. No reset: that could loop.
#include "Particle.h"
#include "report.h"
#include "wasm-rt.h"

extern "C" void wasm_rt_trap(wasm_rt_trap_t trap) {
    netreset_report_trap(static_cast<int>(trap));
    for (;;) delay(1000);
}
