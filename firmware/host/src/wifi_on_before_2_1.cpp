// The program's wifi_on / wifi_is_on imports on Device OS before 2.1.0-rc.1,
// which has no WiFi.isOn() (added in 2.1.0-rc.1, wiring/inc/spark_wiring_network.h).
// The system sends the network_status event with network_status_on once
// on() has run, and network_status_off once off() has (system_network_internal.h
// on() / off(), the same from 0.8.0-rc.2 to 2.3.1); handlers run on the
// application thread, from delay() (system_event.cpp system_notify_event_async),
// which is where the program polls. Built against 2.1.0 or newer this file is empty.
#include "Particle.h"

#ifndef SYSTEM_VERSION_v210RC1
#pragma GCC diagnostic push
#include "generated/netreset.h"
#pragma GCC diagnostic pop

namespace {
volatile bool wifiModuleOn = false;

void onNetworkStatus(system_event_t, int status) {
    if (status == network_status_on) wifiModuleOn = true;
    else if (status == network_status_off) wifiModuleOn = false;
}
} // namespace

extern "C" {

void w2c_photon_wifi_on(struct w2c_photon*) {
    static bool subscribed = false;
    if (!subscribed) { // before on(): its event must not be missed
        System.on(network_status, onNetworkStatus);
        subscribed = true;
    }
    WiFi.on();
}

u32 w2c_photon_wifi_is_on(struct w2c_photon*) { return wifiModuleOn; }

} // extern "C"
#endif
