// The WebAssembly route, in one translation unit: the Device OS calls the
// program imports (one thin function each), then the wasm2c-generated module
// itself, so the compiler inlines the thin functions into the module's code.
// Device OS links user parts without LTO; this is how the glue costs nothing.
#include "Particle.h"
#include "netreset_program.h"
#include "report.h"
#include "scan_list.h"

// The generated declarations, with the runtime header's warning switches
// (meant for wasm2c's idioms) undone again for our own code below.
#pragma GCC diagnostic push
#include "generated/netreset.h"
#pragma GCC diagnostic pop

// --- host imports (firmware/program/photon.ts) ---------------------------------

// Retained RAM (backup SRAM: survives System.reset(), lost on power loss).
static const u32 RETAINED_SLOTS = 4; // a power of two: slot numbers are masked, not checked
retained uint32_t netreset_retained[RETAINED_SLOTS];

namespace {
// wlan_get_credentials() calls back once per stored network: count them
// instead of copying them into a 5 x 64-byte WiFiAccessPoint buffer.
void countNetwork(WiFiAccessPoint*, void* count) { ++*static_cast<int*>(count); }
} // namespace

// Called from several places, so -Os would keep one out-of-line copy of
// each (external linkage: wasm2c declares the imports extern); written
// directly, as in bench/reference, each is a call or two inline.
#define NETRESET_GLUE __attribute__((always_inline)) inline

extern "C" {

NETRESET_GLUE u32 w2c_photon_eeprom_get_u32(struct w2c_photon*, u32 address) {
    uint32_t value;
    return EEPROM.get(static_cast<int>(address), value);
}

NETRESET_GLUE void w2c_photon_eeprom_put_u32(struct w2c_photon*, u32 address, u32 value) {
    EEPROM.put(static_cast<int>(address), static_cast<uint32_t>(value));
}

#ifdef SYSTEM_VERSION_v210RC1 // WiFi.isOn() exists from Device OS 2.1.0-rc.1; older: wifi_on_before_2_1.cpp
void w2c_photon_wifi_on(struct w2c_photon*) { WiFi.on(); }

u32 w2c_photon_wifi_is_on(struct w2c_photon*) { return WiFi.isOn(); }
#endif

u32 w2c_photon_wifi_get_antenna(struct w2c_photon*) { return WiFi.getAntenna(); }

u32 w2c_photon_wifi_select_antenna(struct w2c_photon*, u32 antenna) {
    return static_cast<u32>(WiFi.selectAntenna(static_cast<WLanSelectAntenna_TypeDef>(antenna)));
}

u32 w2c_photon_wifi_get_ip_source(struct w2c_photon*) { return wlan_get_ipaddress_source(nullptr); }

void w2c_photon_wifi_use_dynamic_ip(struct w2c_photon*) { WiFi.useDynamicIP(); }

NETRESET_GLUE u32 w2c_photon_wifi_credentials_count(struct w2c_photon*) {
    int count = 0;
    wlan_get_credentials(countNetwork, &count);
    return static_cast<u32>(count);
}

NETRESET_GLUE u32 w2c_photon_wifi_clear_credentials(struct w2c_photon*) { return WiFi.clearCredentials(); }

// WiFi.scan(), counted and kept for the USB "scan" request (scan_list.cpp).
NETRESET_GLUE u32 w2c_photon_wifi_scan_count(struct w2c_photon*) { return static_cast<u32>(netreset_scan()); }

void w2c_photon_delay_ms(struct w2c_photon*, u32 ms) { delay(ms); }

void w2c_photon_system_reset(struct w2c_photon*) { System.reset(); }

u32 w2c_photon_reset_reason(struct w2c_photon*) { return static_cast<u32>(System.resetReason()); }

void w2c_photon_cloud_connect(struct w2c_photon*) { Particle.connect(); }

u32 w2c_photon_retained_get(struct w2c_photon*, u32 slot) { return netreset_retained[slot & (RETAINED_SLOTS - 1)]; }

void w2c_photon_retained_set(struct w2c_photon*, u32 slot, u32 value) {
    netreset_retained[slot & (RETAINED_SLOTS - 1)] = value;
}

void w2c_photon_report(struct w2c_photon*, u32 buildId, u32 action, u32 diagnosis,
                       u32 antennaBefore, u32 ipSourceBefore, u32 credentialsBefore, u32 resetReasonBefore,
                       u32 antennaAfter, u32 ipSourceAfter, u32 credentialsAfter,
                       u32 accessPoints, u32 resetAttempts) {
    netreset_report({buildId, static_cast<int32_t>(action), static_cast<int32_t>(diagnosis),
                     static_cast<int32_t>(antennaBefore), static_cast<int32_t>(ipSourceBefore),
                     static_cast<int32_t>(credentialsBefore), static_cast<int32_t>(resetReasonBefore),
                     static_cast<int32_t>(antennaAfter), static_cast<int32_t>(ipSourceAfter),
                     static_cast<int32_t>(credentialsAfter), static_cast<int32_t>(accessPoints),
                     static_cast<int32_t>(resetAttempts)});
}

} // extern "C"

// --- the generated module ------------------------------------------------------
// wasm2c's C, compiled here as C++ (see wasm-rt.h for the warnings it needs off).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-value"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
// Its system headers first, so that their declarations stay global.
#include <alloca.h>
#include <assert.h>
#include <math.h>
#include <stdarg.h>
// Inside a namespace of this file, the module's functions (its exports
// included) have internal linkage: each entry point below is then its only
// caller, and -Os inlines the export into it instead of keeping both (Device
// OS links without LTO, so nothing else would). Its imports stay the global
// extern "C" functions above, declared by generated/netreset.h.
//
// wasm2c keeps each wasm `if` result in a variable that a later `if` tests
// again (boot()'s `marked`); GCC's jump threading at -Os then copies the
// code between the two tests (WiFi.on(), the retained-RAM check) onto each
// path: 36 bytes. In effect to the end of this file: the generated code and
// the entry points below, into which it is inlined.
#pragma GCC optimize("no-thread-jumps")
namespace {
namespace generated {
#include "generated/netreset.inc"
} // namespace generated
} // namespace
#pragma GCC diagnostic pop

// --- the program, as the host calls it -----------------------------------------
namespace {
// The module keeps no state: its instance holds only the exported constants,
// which its own functions never read. One short-lived instance per entry
// point lets the compiler drop it (no RAM, no start-up stores).
struct Instance {
    w2c_netreset module;
    Instance() { generated::wasm2c_netreset_instantiate(&module, nullptr); }
};
} // namespace

int netreset_init() { return static_cast<int>(Instance().module.w2c_REQUIRED_SYSTEM_MODE); }

void netreset_boot() {
    Instance i;
    generated::w2c_netreset_boot(&i.module);
}

void netreset_rerun() {
    Instance i;
    generated::w2c_netreset_rerun(&i.module);
}
