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

// The HAL and system calls behind the WiFi object: Device OS's wiring
// headers are inline wrappers over these, and the wrappers are written here
// with the same shape (the same calls, arguments and virtual functions), so
// that the compiler inlines and keeps the same code as in a real build
// (`npm run size` measures it). hal/inc/wlan_hal.h, system/inc/system_network.h.
typedef uint32_t network_interface_t;
extern "C" {
int wlan_get_credentials(wlan_scan_result_t callback, void* cookie);
IPAddressSource wlan_get_ipaddress_source(void* reserved);
void wlan_set_ipaddress_source(IPAddressSource source, bool persist, void* reserved);
int wlan_select_antenna(WLanSelectAntenna_TypeDef antenna);
WLanSelectAntenna_TypeDef wlan_get_antenna(void* reserved);
int wlan_scan(wlan_scan_result_t callback, void* cookie);
void network_on(network_interface_t network, uint32_t flags, uint32_t param1, void* reserved);
bool network_clear_credentials(network_interface_t network, uint32_t flags, void* creds, void* reserved);
// The fields of Device OS's WLanCredentials the fake passes on (the real struct has more).
struct WLanCredentials {
    const char* ssid; unsigned int ssid_len; const char* password; unsigned int password_len;
    unsigned long security; unsigned long cipher;
};
int network_set_credentials(network_interface_t network, uint32_t flags, WLanCredentials* creds, void* reserved);
}

// wiring/inc/spark_wiring_network.h: on()/isOn() are virtual, out of line.
class NetworkClass {
public:
    explicit NetworkClass(network_interface_t iface) : iface_(iface) {}
    virtual void on();
    virtual bool isOn();
    operator network_interface_t() const { return iface_; }

private:
    network_interface_t iface_;
};

// wiring/inc/spark_wiring_wifi.h: the rest are inline.
class WiFiClass : public NetworkClass {
public:
    WiFiClass() : NetworkClass(1) {}
    void on() override { network_on(*this, 0, 0, nullptr); }
    int selectAntenna(WLanSelectAntenna_TypeDef antenna) { return wlan_select_antenna(antenna); }
    WLanSelectAntenna_TypeDef getAntenna() { return wlan_get_antenna(nullptr); }
    void useDynamicIP() { wlan_set_ipaddress_source(DYNAMIC_IP, true, nullptr); }
    bool clearCredentials() { return network_clear_credentials(*this, 0, nullptr, nullptr); }
    // spark_wiring_wifi.h: network_set_credentials(...) == 0; security WLAN_SEC_UNSEC 0, WLAN_SEC_WEP 1.
    bool setCredentials(const char* ssid, unsigned int ssidLen, const char* password, unsigned int passwordLen,
        unsigned long security = 0, unsigned long cipher = 0) {
        WLanCredentials creds = { ssid, ssidLen, password, passwordLen, security, cipher };
        return network_set_credentials(*this, 0, &creds, nullptr) == 0;
    }
    int scan(wlan_scan_result_t callback, void* cookie = nullptr) { return wlan_scan(callback, cookie); }
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
// hal/inc/core_hal.h, system/inc/system_cloud.h, behind the inline wrappers
// of wiring/inc/spark_wiring_system.h and spark_wiring_cloud.h.
extern "C" {
int HAL_Feature_Set(HAL_Feature feature, bool enabled);
int HAL_Core_Get_Last_Reset_Info(int* reason, uint32_t* data, void* reserved);
void spark_cloud_flag_connect(void);
void spark_process(void);
}
void application_checkin();

class SystemClass {
public:
    int enableFeature(HAL_Feature feature) { return HAL_Feature_Set(feature, true); }
    static void reset();
    int resetReason() const {
        int reason = 0; // RESET_REASON_NONE
        HAL_Core_Get_Last_Reset_Info(&reason, nullptr, nullptr);
        return reason;
    }
};
extern SystemClass System;

class CloudClass {
public:
    static void connect() { spark_cloud_flag_connect(); }
    // Serves one queued application message (a USB request): spark_process()
    // on the application thread (system/src/system_task.cpp).
    static void process() {
        application_checkin();
        spark_process();
    }
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
