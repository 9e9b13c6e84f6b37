// A fake of the part of Device OS 2.3.1's API that firmware/host uses, so the
// host's sources compile unchanged on this machine (g++) and for the Photon's
// CPU (arm-none-eabi-g++) without a Device OS tree. Declarations only; the
// native implementation (fake_device_os.cpp) forwards every call to the
// TypeScript simulator. Written for this project from Device OS's documented
// API; names, signatures and enum values follow Device OS 2.3.1.
#pragma once

#include <stddef.h>
#include <stdint.h>

// system/inc/system_version.h: the host picks its Wi-Fi calls by these (2.3.1's values).
#define SYSTEM_VERSION_v210RC1 0x02010001
#define SYSTEM_VERSION 0x02030100

// --- system modes, threading, startup code -------------------------------
typedef enum { DEFAULT = 0, AUTOMATIC = 1, SEMI_AUTOMATIC = 2, MANUAL = 3, SAFE_MODE = 4 } System_Mode_TypeDef;
typedef enum { DISABLED = 0, ENABLED = 1 } spark_thread_state_t;
// hal/inc/core_hal.h: FEATURE_RETAINED_MEMORY=1, then WARM_START, CLOUD_UDP, RESET_INFO.
typedef enum { FEATURE_RETAINED_MEMORY = 1, FEATURE_RESET_INFO = 4 } HAL_Feature;

namespace fake {
struct SystemModeDeclaration { explicit SystemModeDeclaration(System_Mode_TypeDef mode); };
struct SystemThreadDeclaration { explicit SystemThreadDeclaration(spark_thread_state_t state); };
struct StartupCode { explicit StartupCode(void (*code)()); };
} // namespace fake

#define SYSTEM_MODE(mode) static ::fake::SystemModeDeclaration fake_system_mode_(mode)
#define SYSTEM_THREAD(state) static ::fake::SystemThreadDeclaration fake_system_thread_(state)
#define FAKE_CONCAT2(a, b) a##b
#define FAKE_CONCAT(a, b) FAKE_CONCAT2(a, b)
#define STARTUP(code) static ::fake::StartupCode FAKE_CONCAT(fake_startup_, __LINE__)([]() { code; })

// Backup RAM. The section name is a C identifier so the native fake can find
// it (__start_/__stop_ symbols) and lose it on a simulated power cut.
#define retained __attribute__((section("retained_user")))

// --- Wi-Fi -------------------------------------------------------------------
// One byte, as on the device: arm-none-eabi's AAPCS short enums, asserted by
// hal/src/photon/wlan_hal.cpp (wlanselectantenna_typedef_is_size_1).
typedef enum __attribute__((packed)) { ANT_INTERNAL = 0, ANT_EXTERNAL = 1, ANT_AUTO = 3, ANT_NONE = 0xff } WLanSelectAntenna_TypeDef;
static_assert(sizeof(WLanSelectAntenna_TypeDef) == 1, "WLanSelectAntenna_TypeDef is one byte on the Photon");
typedef enum { DYNAMIC_IP = 0, STATIC_IP = 1 } IPAddressSource;

struct WiFiAccessPoint {
    size_t size;
    char ssid[33];
    uint8_t ssidLength;
    uint8_t bssid[6];
    int security;
    int cipher;
    uint8_t channel;
    int maxDataRate;
    int rssi;
};
typedef void (*wlan_scan_result_t)(WiFiAccessPoint* ap, void* cookie);

extern "C" {
int wlan_get_credentials(wlan_scan_result_t callback, void* cookie);
IPAddressSource wlan_get_ipaddress_source(void* reserved);
}

class WiFiClass {
public:
    void on();
    bool isOn();
    int selectAntenna(WLanSelectAntenna_TypeDef antenna);
    WLanSelectAntenna_TypeDef getAntenna();
    void useDynamicIP();
    bool clearCredentials();
    int scan(wlan_scan_result_t callback, void* cookie = nullptr);
};
extern WiFiClass WiFi;

// --- EEPROM ------------------------------------------------------------------
extern "C" void HAL_EEPROM_Get(uint32_t index, void* data, size_t length);
extern "C" void HAL_EEPROM_Put(uint32_t index, const void* data, size_t length);

class EEPROMClass {
public:
    template <typename T> T& get(int index, T& t) {
        HAL_EEPROM_Get(static_cast<uint32_t>(index), &t, sizeof(T));
        return t;
    }
    template <typename T> const T& put(int index, const T& t) {
        HAL_EEPROM_Put(static_cast<uint32_t>(index), &t, sizeof(T));
        return t;
    }
};
extern EEPROMClass EEPROM;

// --- system, cloud, time -----------------------------------------------------
class SystemClass {
public:
    static void enableFeature(HAL_Feature feature);
    static void reset();
    static int resetReason();
};
extern SystemClass System;

class CloudClass {
public:
    static void connect();
    // Serves one queued application message (a USB request), as
    // spark_wiring_cloud.h process() → spark_process() does on the app thread.
    static void process();
};
extern CloudClass Particle;

// The system-pumping delay (wiring/src/spark_wiring.cpp → system_delay_ms).
void delay(unsigned long ms);
// The HAL's plain delay (hal/inc/hal_dynalib.h index 0): serves nothing.
extern "C" void HAL_Delay_Milliseconds(uint32_t ms);

// --- USB serial ----------------------------------------------------------------
class USBSerial {
public:
    size_t print(const char* text);
    size_t println(const char* text);
    size_t println(int value);
    // True while a computer holds the port open (DTR): HAL_USB_USART_Is_Connected.
    bool isConnected();
};
extern USBSerial Serial;

// --- RGB LED -------------------------------------------------------------------
#define RGB_COLOR_ORANGE 0xFF6000
typedef enum { LED_PATTERN_INVALID = 0, LED_PATTERN_SOLID = 1, LED_PATTERN_BLINK = 2, LED_PATTERN_FADE = 3 } LEDPattern;
typedef enum { LED_SPEED_SLOW = 10, LED_SPEED_NORMAL = 20, LED_SPEED_FAST = 30 } LEDSpeed;
typedef enum { LED_PRIORITY_BACKGROUND = 10, LED_PRIORITY_NORMAL = 20, LED_PRIORITY_IMPORTANT = 30, LED_PRIORITY_CRITICAL = 40 } LEDPriority;

class LEDStatus {
public:
    LEDStatus(uint32_t color, LEDPattern pattern, LEDSpeed speed, LEDPriority priority);
    void setActive(bool active = true);

private:
    uint32_t color_;
    LEDPattern pattern_;
    LEDSpeed speed_;
    LEDPriority priority_;
};

// --- control requests (system/inc/system_control.h) ----------------------------
typedef struct ctrl_request {
    uint16_t size;
    uint16_t type;
    char* request_data;
    size_t request_size;
    char* reply_data;
    size_t reply_size;
    void* channel;
} ctrl_request;
typedef void (*ctrl_completion_handler_fn)(int result, void* data);

enum {
    SYSTEM_ERROR_NONE = 0,
    SYSTEM_ERROR_NOT_SUPPORTED = -120,
    SYSTEM_ERROR_CANCELLED = -140,
    SYSTEM_ERROR_ABORTED = -150,
    SYSTEM_ERROR_NOT_FOUND = -170,
    SYSTEM_ERROR_INVALID_STATE = -210,
    SYSTEM_ERROR_NO_MEMORY = -260,
    SYSTEM_ERROR_INVALID_ARGUMENT = -270,
};

extern "C" {
int system_ctrl_alloc_reply_data(ctrl_request* req, size_t size, void* reserved);
void system_ctrl_set_result(ctrl_request* req, int result, ctrl_completion_handler_fn handler, void* data, void* reserved);
}

// The application's handler for CTRL_REQUEST_APP_CUSTOM (10).
void ctrl_request_custom_handler(ctrl_request* req);

// The application.
void setup();
void loop();
