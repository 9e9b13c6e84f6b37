// One thin function per host import of the program (firmware/program/photon.ts),
// each a direct call into Device OS 2.3.1.
#include "Particle.h"
#include "netreset_module.h"
#include "report.h"
#include "retained_slots.h"

retained uint32_t netreset_retained[NETRESET_RETAINED_SLOTS];

namespace {
// WiFi.scan() and wlan_get_credentials() call back once per network: count
// them instead of copying them into a 5 x 64-byte WiFiAccessPoint buffer.
void countNetwork(WiFiAccessPoint*, void* count) { ++*static_cast<int*>(count); }
} // namespace

extern "C" {

u32 w2c_photon_eeprom_get_u32(struct w2c_photon*, u32 address) {
    uint32_t value;
    return EEPROM.get(static_cast<int>(address), value);
}

void w2c_photon_eeprom_put_u32(struct w2c_photon*, u32 address, u32 value) {
    EEPROM.put(static_cast<int>(address), static_cast<uint32_t>(value));
}

void w2c_photon_wifi_on(struct w2c_photon*) { WiFi.on(); }

u32 w2c_photon_wifi_get_antenna(struct w2c_photon*) { return WiFi.getAntenna(); }

u32 w2c_photon_wifi_select_antenna(struct w2c_photon*, u32 antenna) {
    return static_cast<u32>(WiFi.selectAntenna(static_cast<WLanSelectAntenna_TypeDef>(antenna)));
}

u32 w2c_photon_wifi_get_ip_source(struct w2c_photon*) { return wlan_get_ipaddress_source(nullptr); }

void w2c_photon_wifi_use_dynamic_ip(struct w2c_photon*) { WiFi.useDynamicIP(); }

u32 w2c_photon_wifi_credentials_count(struct w2c_photon*) {
    int count = 0;
    wlan_get_credentials(countNetwork, &count);
    return static_cast<u32>(count);
}

u32 w2c_photon_wifi_clear_credentials(struct w2c_photon*) { return WiFi.clearCredentials(); }

u32 w2c_photon_wifi_scan_count(struct w2c_photon*) {
    int count = 0;
    WiFi.scan(countNetwork, &count);
    return static_cast<u32>(count);
}

void w2c_photon_delay_ms(struct w2c_photon*, u32 ms) { delay(ms); }

void w2c_photon_system_reset(struct w2c_photon*) { System.reset(); }

u32 w2c_photon_reset_reason(struct w2c_photon*) { return static_cast<u32>(System.resetReason()); }

void w2c_photon_cloud_connect(struct w2c_photon*) { Particle.connect(); }

u32 w2c_photon_retained_get(struct w2c_photon*, u32 slot) {
    return slot < NETRESET_RETAINED_SLOTS ? netreset_retained[slot] : 0;
}

void w2c_photon_retained_set(struct w2c_photon*, u32 slot, u32 value) {
    if (slot < NETRESET_RETAINED_SLOTS) netreset_retained[slot] = value;
}

void w2c_photon_report(struct w2c_photon*, u32 buildId, u32 action, u32 diagnosis,
                       u32 antennaBefore, u32 ipSourceBefore, u32 credentialsBefore, u32 resetReasonBefore,
                       u32 antennaAfter, u32 ipSourceAfter, u32 credentialsAfter,
                       u32 accessPoints, u32 resetAttempts) {
    const NetresetReport report = {
        buildId, static_cast<int32_t>(action), static_cast<int32_t>(diagnosis),
        static_cast<int32_t>(antennaBefore), static_cast<int32_t>(ipSourceBefore),
        static_cast<int32_t>(credentialsBefore), static_cast<int32_t>(resetReasonBefore),
        static_cast<int32_t>(antennaAfter), static_cast<int32_t>(ipSourceAfter),
        static_cast<int32_t>(credentialsAfter), static_cast<int32_t>(accessPoints),
        static_cast<int32_t>(resetAttempts),
    };
    netreset_report(report);
}

} // extern "C"
