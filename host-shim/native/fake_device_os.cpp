// The native fake of Device OS: every call the host makes is written to
// stdout as a line and answered on stdin by the TypeScript driver
// (host-shim/native-photon.ts), which keeps the device's state in the
// simulator and plays the computer on USB. One process is one boot: a reset
// or power cut ends it, as it ends a real boot's RAM; only the retained
// section is handed back for the next boot. What it models, and from which
// Device OS source: docs/conformance-host.md.
//
// Protocol (one line each):
//   driver → here, commands:  "retained <hex word>..." | "boot" | "loop"
//                             | "trap <code>" (as if the program trapped) | "exit"
//   driver → here, events (read wherever this process reads, before an answer):
//                             "ctrl <id> <payload>"  the computer sent an application request
//                             "collected <id>"       the computer's CHECK took that reply
//                             "cancelled <id>"       the computer gave up on that request
//                             "serial-open" | "serial-close"   the computer's DTR
//                             "wlan-awake"           the system thread's on() cleared SPARK_WLAN_SLEEP
//   driver → here, answers:   "ok <n>" | "reset" | "power-cut"
//                             | "ap <ssid hex, - if empty> <rssi> <security> <cipher> <channel>"
//                               (to "call WiFi.scanRecord <i>": the scan's i-th record)
//   here → driver:            "ready mode=<m> thread=<t> retained-feature=<f> reset-info=<r>"
//                             "call <name> <args...>"  answered by an answer line
//                             "serial <text>"          a line the computer received
//                             "returned"               setup()/loop() came back
//                             "reply <id> <result> <hex>"   system_ctrl_set_result: ready to collect
//                             "retained <hex word>..." just before a reset ends the process
#include "Particle.h"
#include "wasm-rt.h"

#include <inttypes.h> // uint32_t is unsigned long on arm-none-eabi, unsigned int on x86
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
int resetInfoFeature = 0;

// SPARK_WLAN_SLEEP: SEMI_AUTOMATIC and MANUAL set it at start-up
// (system/src/system_mode.cpp set_system_mode); on() clears it once on_now()
// returns (system_network_internal.h), spark_cloud_flag_connect() at once
// (system_mode.cpp).
bool wlanAwake = false;
bool wlanSleep() { return (systemMode == SEMI_AUTOMATIC || systemMode == MANUAL) && !wlanAwake; }

// --- USB serial: bytes are dropped while the port is closed ------------------
// HAL_USB_USART_Available_Data_For_Write returns -1 unless the computer holds
// the port open (hal/src/stm32f2xx/usb_hal.c), so USBSerial::write drops the
// byte (wiring/src/spark_wiring_usbserial.cpp). Each boot re-enumerates USB:
// a new process starts closed.
bool serialOpen = false;
char serialLine[1024];
size_t serialLength = 0;

void serialByte(char c) {
    if (!serialOpen) return;
    if (c == '\n') {
        serialLine[serialLength] = '\0';
        printf("serial %s\n", serialLine);
        serialLength = 0;
    } else if (c != '\r' && serialLength < sizeof(serialLine) - 1) {
        serialLine[serialLength++] = c;
    }
}

size_t serialText(const char* text) {
    size_t n = 0;
    for (; *text; ++text) {
        serialByte(*text);
        n += serialOpen;
    }
    return n;
}

// --- application requests ----------------------------------------------------
// Requests wait in the application thread's queue
// (system/src/system_control_internal.cpp processAppRequest →
// APPLICATION_THREAD_CONTEXT_ASYNC) until that thread processes one message
// (system/src/active_object.cpp ActiveObjectBase::process).
struct Pending {
    int id;
    bool used;
    bool answered;
    bool cancelled;
    ctrl_request req;
    ctrl_completion_handler_fn handler;
    void* handlerData;
    char payload[128];
};
Pending pending[8];
int queue[8];
int queued = 0;

Pending* byId(int id) {
    for (Pending& p : pending) if (p.used && p.id == id) return &p;
    return nullptr;
}

void enqueueRequest(int id, const char* payload) {
    for (Pending& p : pending) {
        if (p.used) continue;
        p = Pending();
        p.id = id;
        p.used = true;
        snprintf(p.payload, sizeof(p.payload), "%s", payload);
        p.req.size = sizeof(p.req);
        p.req.type = 10; // CTRL_REQUEST_APP_CUSTOM
        p.req.request_data = p.payload;
        p.req.request_size = strlen(p.payload);
        p.req.channel = &p;
        queue[queued++] = static_cast<int>(&p - pending);
        return;
    }
    fprintf(stderr, "fake Device OS: more than 8 requests in flight\n");
    exit(5);
}

// One message per call, as ActiveObjectBase::process() takes one.
void processOneRequest() {
    if (queued == 0) return;
    Pending& p = pending[queue[0]];
    memmove(queue, queue + 1, sizeof(queue[0]) * static_cast<size_t>(--queued));
    ctrl_request_custom_handler(&p.req);
}

// The computer collected the reply: the completion handler runs on the system
// thread with SYSTEM_ERROR_NONE (usb_control_request_channel.cpp: TX_COMPLETED
// → finishActiveRequest → SystemISRTaskQueue → req->handler(0, data)).
void finish(Pending* p, int result) {
    if (p->handler) p->handler(result, p->handlerData);
    free(p->req.reply_data);
    p->used = false;
}

void collected(int id) {
    if (Pending* p = byId(id)) finish(p, SYSTEM_ERROR_NONE);
}

// The computer gave up (particle-usb's RESET service request after its
// timeout): the handler gets SYSTEM_ERROR_CANCELLED, at once if the request
// was answered, else when the application answers it (setResult →
// finishRequest).
void cancelled(int id) {
    Pending* p = byId(id);
    if (!p) return;
    if (p->answered) finish(p, SYSTEM_ERROR_CANCELLED);
    else p->cancelled = true;
}

// --- the driver's lines ---------------------------------------------------------
size_t retainedWords() { return static_cast<size_t>(__stop_retained_user - __start_retained_user); }

void dumpRetained() {
    printf("retained");
    for (size_t i = 0; i < retainedWords(); ++i) printf(" %08" PRIx32, __start_retained_user[i]);
    printf("\n");
}

// An event line: handled at once, whatever the application thread is doing.
bool event(char* line) {
    if (strncmp(line, "ctrl ", 5) == 0) {
        char* payload = nullptr;
        const int id = static_cast<int>(strtol(line + 5, &payload, 10));
        enqueueRequest(id, payload && *payload == ' ' ? payload + 1 : "");
    } else if (strncmp(line, "collected ", 10) == 0) {
        collected(atoi(line + 10));
    } else if (strncmp(line, "cancelled ", 10) == 0) {
        cancelled(atoi(line + 10));
    } else if (strcmp(line, "serial-open") == 0) {
        serialOpen = true;
        serialLength = 0; // opening flushes the TX buffer (usbd_mcdc.c USBD_MCDC_Change_Open_State)
    } else if (strcmp(line, "serial-close") == 0) {
        serialOpen = false;
    } else if (strcmp(line, "wlan-awake") == 0) {
        wlanAwake = true;
    } else {
        return false;
    }
    return true;
}

bool readLine(char* line, size_t size) {
    fflush(stdout);
    if (!fgets(line, static_cast<int>(size), stdin)) return false;
    line[strcspn(line, "\n")] = '\0';
    return true;
}

// The driver's answer to the call just sent, after the events before it.
void awaitAnswer(char* answer, size_t size) {
    for (;;) {
        if (!readLine(answer, size)) exit(3);
        if (!event(answer)) return;
    }
}

// Sends "call name args..." and waits for the answer, handling events first.
uint32_t call(const char* name, int argc, ...) {
    printf("call %s", name);
    va_list args;
    va_start(args, argc);
    for (int i = 0; i < argc; ++i) printf(" %" PRIu32, va_arg(args, uint32_t));
    va_end(args);
    printf("\n");
    char answer[512];
    awaitAnswer(answer, sizeof(answer));
    if (strncmp(answer, "ok ", 3) == 0) return static_cast<uint32_t>(strtoul(answer + 3, nullptr, 10));
    if (strcmp(answer, "reset") == 0) {
        dumpRetained(); // backup RAM survives a reset
        fflush(stdout);
        exit(0);
    }
    if (strcmp(answer, "power-cut") == 0) exit(0); // everything is lost
    fprintf(stderr, "fake Device OS: unexpected answer to %s: %s\n", name, answer);
    exit(4);
}

WiFiAccessPoint dummyNetwork;

int callBackTimes(uint32_t count, wlan_scan_result_t callback, void* cookie) {
    for (uint32_t i = 0; i < count; ++i) callback(&dummyNetwork, cookie);
    return static_cast<int>(count);
}

// The scan's records as sniffer() fills them (hal/src/photon/wlan_hal.cpp at
// v2.3.1): the SSID (empty for a hidden network) NUL-terminated after
// ssidLength bytes, toSecurityType, toCipherType, signal_strength, channel.
void scanRecord(uint32_t index, WiFiAccessPoint& ap) {
    printf("call WiFi.scanRecord %" PRIu32 "\n", index);
    char answer[512];
    awaitAnswer(answer, sizeof(answer));
    char ssidHex[80];
    int rssi = 0, security = 0, cipher = 0, channel = 0;
    if (sscanf(answer, "ap %79s %d %d %d %d", ssidHex, &rssi, &security, &cipher, &channel) != 5) {
        fprintf(stderr, "fake Device OS: unexpected answer to WiFi.scanRecord: %s\n", answer);
        exit(4);
    }
    ap = WiFiAccessPoint();
    ap.size = sizeof(ap);
    size_t n = 0;
    for (const char* h = ssidHex; h[0] != '-' && h[0] && h[1] && n < 32; h += 2) {
        const char byte[3] = {h[0], h[1], 0};
        ap.ssid[n++] = static_cast<char>(strtoul(byte, nullptr, 16));
    }
    ap.ssidLength = static_cast<uint8_t>(n);
    ap.ssid[n] = 0;
    ap.rssi = rssi;
    ap.security = security;
    ap.cipher = cipher;
    ap.channel = static_cast<uint8_t>(channel);
}

int callBackRecords(uint32_t count, wlan_scan_result_t callback, void* cookie) {
    for (uint32_t i = 0; i < count; ++i) {
        WiFiAccessPoint ap;
        scanRecord(i, ap);
        callback(&ap, cookie);
    }
    return static_cast<int>(count);
}
} // namespace

namespace fake {
SystemModeDeclaration::SystemModeDeclaration(System_Mode_TypeDef mode) { systemMode = mode; }
SystemThreadDeclaration::SystemThreadDeclaration(spark_thread_state_t state) { systemThread = state; }
StartupCode::StartupCode(void (*code)()) { code(); }
} // namespace fake

// HAL_Feature_Set: retained memory, and the DCT flag FEATURE_RESET_INFO (the
// simulator keeps the DCT; this boot's reason was read before STARTUP ran).
extern "C" int HAL_Feature_Set(HAL_Feature feature, bool enabled) {
    if (feature == FEATURE_RETAINED_MEMORY) retainedFeature = enabled;
    if (feature == FEATURE_RESET_INFO) resetInfoFeature = enabled;
    return 0;
}
void SystemClass::reset() { call("System.reset", 0); }
extern "C" int HAL_Core_Get_Last_Reset_Info(int* reason, uint32_t*, void*) {
    *reason = static_cast<int>(call("System.resetReason", 0));
    return 0;
}
extern "C" void spark_cloud_flag_connect(void) {
    wlanAwake = true; // spark_cloud_flag_connect: SPARK_WLAN_SLEEP = 0
    call("Particle.connect", 0);
}
void application_checkin() {}
extern "C" void spark_process(void) { processOneRequest(); }

// system_delay_pump (system/src/system_task.cpp): on the application thread
// it calls spark_process() only while SPARK_WLAN_SLEEP is clear and
// spark_loop_total_millis (+= ms on entry) reaches 1000. The fake assumes the
// system thread's idle pass has reset that total since the last delay, so
// only a delay of 1000 ms or more serves, once, at its start.
void delay(unsigned long ms) {
    if (!wlanSleep() && ms >= 1000) processOneRequest();
    call("delay", 1, static_cast<uint32_t>(ms));
}
extern "C" void HAL_Delay_Milliseconds(uint32_t ms) { call("HAL_Delay_Milliseconds", 1, ms); }

void NetworkClass::on() { network_on(*this, 0, 0, nullptr); }
bool NetworkClass::isOn() { return call("WiFi.isOn", 0) != 0; }
extern "C" void network_on(network_interface_t, uint32_t, uint32_t, void*) { call("WiFi.on", 0); }
extern "C" int wlan_select_antenna(WLanSelectAntenna_TypeDef antenna) {
    return static_cast<int>(call("WiFi.selectAntenna", 1, static_cast<uint32_t>(antenna)));
}
extern "C" WLanSelectAntenna_TypeDef wlan_get_antenna(void*) {
    return static_cast<WLanSelectAntenna_TypeDef>(call("WiFi.getAntenna", 0));
}
extern "C" void wlan_set_ipaddress_source(IPAddressSource source, bool, void*) {
    if (source != DYNAMIC_IP) {
        fprintf(stderr, "fake Device OS: only WiFi.useDynamicIP() is modelled\n");
        exit(7);
    }
    call("WiFi.useDynamicIP", 0);
}
extern "C" bool network_clear_credentials(network_interface_t, uint32_t, void*, void*) {
    return call("WiFi.clearCredentials", 0) != 0;
}
// Lengths only: the key never leaves the fake (the driver's trace is kept).
extern "C" int network_set_credentials(network_interface_t, uint32_t, WLanCredentials* c, void*) {
    return static_cast<int>(call("WiFi.setCredentials", 4, static_cast<uint32_t>(c->security), static_cast<uint32_t>(c->cipher),
        c->ssid_len, c->password_len));
}
extern "C" int wlan_scan(wlan_scan_result_t callback, void* cookie) {
    return callBackRecords(call("WiFi.scan", 0), callback, cookie);
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

size_t USBSerial::print(const char* text) { return serialText(text); }
size_t USBSerial::println(const char* text) { return serialText(text) + serialText("\r\n"); }
size_t USBSerial::println(int value) {
    char text[16];
    snprintf(text, sizeof(text), "%d", value);
    return println(text);
}
bool USBSerial::isConnected() { return serialOpen; }

LEDStatus::LEDStatus(uint32_t color, LEDPattern pattern, LEDSpeed speed, LEDPriority priority)
    : color_(color), pattern_(pattern), speed_(speed), priority_(priority) {}
void LEDStatus::setActive(bool active) {
    call("LEDStatus.setActive", 5, color_, static_cast<uint32_t>(pattern_), static_cast<uint32_t>(speed_),
         static_cast<uint32_t>(priority_), static_cast<uint32_t>(active));
}

// UsbControlRequestChannel::allocReplyData (system/src/usb_control_request_channel.cpp):
// size 0 frees the buffer and succeeds; otherwise realloc.
extern "C" int system_ctrl_alloc_reply_data(ctrl_request* req, size_t size, void*) {
    if (size == 0) {
        free(req->reply_data);
        req->reply_data = nullptr;
    } else {
        char* data = static_cast<char*>(realloc(req->reply_data, size));
        if (!data) return SYSTEM_ERROR_NO_MEMORY;
        req->reply_data = data;
    }
    req->reply_size = size;
    return SYSTEM_ERROR_NONE;
}

// UsbControlRequestChannel::setResult: the request is DONE and the handler is
// kept; it runs once the computer has collected the reply (collected()).
extern "C" void system_ctrl_set_result(ctrl_request* req, int result, ctrl_completion_handler_fn handler, void* data, void*) {
    Pending* p = static_cast<Pending*>(req->channel);
    if (p->answered) {
        fprintf(stderr, "fake Device OS: system_ctrl_set_result twice for request %d\n", p->id);
        exit(6);
    }
    p->answered = true;
    p->handler = handler;
    p->handlerData = data;
    if (p->cancelled) {
        finish(p, SYSTEM_ERROR_CANCELLED);
        return;
    }
    // In hex: a reply may be binary (the scan list).
    printf("reply %d %d ", p->id, result);
    for (size_t i = 0; req->reply_data && i < req->reply_size; ++i) printf("%02x", static_cast<unsigned char>(req->reply_data[i]));
    printf("\n");
}

namespace {
void loadRetained(char* words) {
    size_t i = 0;
    for (char* w = strtok(words, " \n"); w && i < retainedWords(); w = strtok(nullptr, " \n")) {
        __start_retained_user[i++] = static_cast<uint32_t>(strtoul(w, nullptr, 16));
    }
}
} // namespace

int main() {
    printf("ready mode=%d thread=%d retained-feature=%d reset-info=%d\n", systemMode, systemThread, retainedFeature,
           resetInfoFeature);
    char line[512];
    while (readLine(line, sizeof(line))) {
        if (event(line)) continue;
        if (strncmp(line, "retained", 8) == 0) {
            loadRetained(line + 8);
        } else if (strcmp(line, "boot") == 0) {
            setup();
            printf("returned\n");
        } else if (strcmp(line, "loop") == 0) {
            // Between loop() calls the application thread takes one message
            // (ActiveObjectBase::run: process(), then app_loop → loop()).
            processOneRequest();
            loop();
            printf("returned\n");
        } else if (strncmp(line, "trap ", 5) == 0) {
            wasm_rt_trap(static_cast<wasm_rt_trap_t>(atoi(line + 5)));
        } else if (strcmp(line, "exit") == 0) {
            return 0;
        } else {
            fprintf(stderr, "fake Device OS: unknown command: %s\n", line);
            return 2;
        }
    }
    return 0;
}
