// The native fake of Device OS: every call the host makes is written to
// stdout as a line and answered on stdin by the TypeScript simulator
// (host-shim/native-photon.ts), which keeps the device's state. One process is
// one boot: a reset or power cut ends it, as it ends a real boot's RAM; only
// the retained section is handed back to the simulator for the next boot.
//
// Protocol (one line each):
//   simulator → here: "retained <hex word>..." | "boot" | "loop" | "ctrl <payload>"
//                     | "trap <code>" (as if the program trapped) | "exit"
//   here → simulator: "ready mode=<m> thread=<t> retained-feature=<f>"
//                     "call <name> <args...>"   answered by "ok <n>" | "reset" | "power-cut"
//                     "serial <text>"           (no answer)
//                     "returned"                setup()/loop() came back
//                     "reply <result> <text>"   a ctrl request's answer
//                     "retained <hex word>..."  just before a reset ends the process
#include "Particle.h"
#include "wasm-rt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

WiFiClass WiFi;
EEPROMClass EEPROM;
SystemClass System;
CloudClass Particle;
USBSerial Serial;

extern "C" uint32_t __start_retained_user[];
extern "C" uint32_t __stop_retained_user[];

namespace {
int systemMode = -1;
int systemThread = -1;
int retainedFeature = 0;
char serialLine[1024];
size_t serialLength = 0;

size_t retainedWords() { return static_cast<size_t>(__stop_retained_user - __start_retained_user); }

void dumpRetained() {
    printf("retained");
    for (size_t i = 0; i < retainedWords(); ++i) printf(" %08x", __start_retained_user[i]);
    printf("\n");
}

// Sends "call name args..." and waits for the simulator's answer.
uint32_t call(const char* name, int argc, ...) {
    printf("call %s", name);
    va_list args;
    va_start(args, argc);
    for (int i = 0; i < argc; ++i) printf(" %u", va_arg(args, uint32_t));
    va_end(args);
    printf("\n");
    fflush(stdout);
    char answer[64];
    if (!fgets(answer, sizeof(answer), stdin)) exit(3);
    if (strncmp(answer, "ok ", 3) == 0) return static_cast<uint32_t>(strtoul(answer + 3, nullptr, 10));
    if (strncmp(answer, "reset", 5) == 0) {
        dumpRetained(); // backup RAM survives a reset
        fflush(stdout);
        exit(0);
    }
    if (strncmp(answer, "power-cut", 9) == 0) exit(0); // everything is lost
    fprintf(stderr, "fake Device OS: unexpected answer to %s: %s", name, answer);
    exit(4);
}

void flushSerial() {
    serialLine[serialLength] = '\0';
    printf("serial %s\n", serialLine);
    fflush(stdout);
    serialLength = 0;
}

void serialAppend(const char* text) {
    while (*text && serialLength < sizeof(serialLine) - 1) serialLine[serialLength++] = *text++;
}

WiFiAccessPoint dummyNetwork;

int callBackTimes(uint32_t count, wlan_scan_result_t callback, void* cookie) {
    for (uint32_t i = 0; i < count; ++i) callback(&dummyNetwork, cookie);
    return static_cast<int>(count);
}

// The control request being answered, and its result.
int ctrlResult;
bool ctrlAnswered;
} // namespace

namespace fake {
SystemModeDeclaration::SystemModeDeclaration(System_Mode_TypeDef mode) { systemMode = mode; }
SystemThreadDeclaration::SystemThreadDeclaration(spark_thread_state_t state) { systemThread = state; }
StartupCode::StartupCode(void (*code)()) { code(); }
} // namespace fake

void SystemClass::enableFeature(HAL_Feature feature) {
    if (feature == FEATURE_RETAINED_MEMORY) retainedFeature = 1;
}
void SystemClass::reset() { call("System.reset", 0); }
int SystemClass::resetReason() { return static_cast<int>(call("System.resetReason", 0)); }
bool CloudClass::connect() { call("Particle.connect", 0); return true; }
void delay(unsigned long ms) { call("delay", 1, static_cast<uint32_t>(ms)); }

void WiFiClass::on() { call("WiFi.on", 0); }
bool WiFiClass::isOn() { return call("WiFi.isOn", 0) != 0; }
int WiFiClass::selectAntenna(WLanSelectAntenna_TypeDef antenna) {
    return static_cast<int>(call("WiFi.selectAntenna", 1, static_cast<uint32_t>(antenna)));
}
WLanSelectAntenna_TypeDef WiFiClass::getAntenna() {
    return static_cast<WLanSelectAntenna_TypeDef>(call("WiFi.getAntenna", 0));
}
void WiFiClass::useDynamicIP() { call("WiFi.useDynamicIP", 0); }
bool WiFiClass::clearCredentials() { return call("WiFi.clearCredentials", 0) != 0; }
int WiFiClass::scan(wlan_scan_result_t callback, void* cookie) {
    return callBackTimes(call("WiFi.scan", 0), callback, cookie);
}
extern "C" int wlan_get_credentials(wlan_scan_result_t callback, void* cookie) {
    return callBackTimes(call("wlan_get_credentials", 0), callback, cookie);
}
extern "C" IPAddressSource wlan_get_ipaddress_source(void*) {
    return static_cast<IPAddressSource>(call("wlan_get_ipaddress_source", 0));
}

extern "C" void HAL_EEPROM_Get(uint32_t index, void* data, size_t length) {
    uint32_t value = call("HAL_EEPROM_Get", 2, index, static_cast<uint32_t>(length));
    memcpy(data, &value, length < 4 ? length : 4);
}
extern "C" void HAL_EEPROM_Put(uint32_t index, const void* data, size_t length) {
    uint32_t value = 0;
    memcpy(&value, data, length < 4 ? length : 4);
    call("HAL_EEPROM_Put", 3, index, static_cast<uint32_t>(length), value);
}

size_t USBSerial::print(const char* text) {
    serialAppend(text);
    return strlen(text);
}
size_t USBSerial::println(const char* text) {
    serialAppend(text);
    flushSerial();
    return strlen(text) + 2;
}
size_t USBSerial::println(int value) {
    char text[16];
    snprintf(text, sizeof(text), "%d", value);
    return println(text);
}

LEDStatus::LEDStatus(uint32_t color, LEDPattern pattern, LEDSpeed, LEDPriority) : color_(color), pattern_(pattern) {}
void LEDStatus::setActive(bool active) {
    call("LEDStatus.setActive", 3, color_, static_cast<uint32_t>(pattern_), static_cast<uint32_t>(active));
}

extern "C" int system_ctrl_alloc_reply_data(ctrl_request* req, size_t size, void*) {
    req->reply_data = static_cast<char*>(realloc(req->reply_data, size));
    req->reply_size = size;
    return req->reply_data ? 0 : SYSTEM_ERROR_NO_MEMORY;
}
extern "C" void system_ctrl_set_result(ctrl_request*, int result, ctrl_completion_handler_fn, void*, void*) {
    ctrlResult = result;
    ctrlAnswered = true;
}

namespace {
void answerCtrl(char* payload) {
    ctrl_request req = {};
    req.size = sizeof(req);
    req.type = 10; // CTRL_REQUEST_APP_CUSTOM
    req.request_data = payload;
    req.request_size = strlen(payload);
    ctrlAnswered = false;
    ctrl_request_custom_handler(&req);
    if (!ctrlAnswered) printf("reply none\n");
    else printf("reply %d %.*s\n", ctrlResult, static_cast<int>(req.reply_size), req.reply_data ? req.reply_data : "");
    free(req.reply_data);
}

void loadRetained(char* words) {
    size_t i = 0;
    for (char* w = strtok(words, " \n"); w && i < retainedWords(); w = strtok(nullptr, " \n")) {
        __start_retained_user[i++] = static_cast<uint32_t>(strtoul(w, nullptr, 16));
    }
}
} // namespace

int main() {
    printf("ready mode=%d thread=%d retained-feature=%d\n", systemMode, systemThread, retainedFeature);
    fflush(stdout);
    char line[512];
    while (fgets(line, sizeof(line), stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "retained", 8) == 0) {
            loadRetained(line + 8);
        } else if (strcmp(line, "boot") == 0) {
            setup();
            printf("returned\n");
        } else if (strcmp(line, "loop") == 0) {
            loop();
            printf("returned\n");
        } else if (strncmp(line, "ctrl ", 5) == 0) {
            answerCtrl(line + 5);
        } else if (strncmp(line, "trap ", 5) == 0) {
            wasm_rt_trap(static_cast<wasm_rt_trap_t>(atoi(line + 5)));
        } else if (strcmp(line, "exit") == 0) {
            return 0;
        } else {
            fprintf(stderr, "fake Device OS: unknown command: %s\n", line);
            return 2;
        }
        fflush(stdout);
    }
    return 0;
}
