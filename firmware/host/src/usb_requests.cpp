// USB application requests (CTRL_REQUEST_APP_CUSTOM, type 10), answered on the
// application thread between loop() calls or in Particle.process(). Payload
// "report": the latest report as JSON. Payload "rerun": reply, then forget the
// marker and reset once the computer has the reply. Payload "scan": what the
// boot's scan saw (scan_list.cpp). Payload "wifi" NUL digit
// NUL ssid NUL key: store an open (0) or WEP (1) network. Protocol: README,
// "USB requests"; the payload's layout is model/control-requests.ts.
#include "Particle.h"
#include "netreset_program.h"
#include "report.h"
#include "scan_list.h"
#include "usb_requests.h"

#include <string.h>

namespace {
// Like Device OS's own reset request (system_control_internal.cpp): after
// the computer has the reply, 1 s before resetting.
const uint32_t RERUN_SETTLE_MS = 1000;

// Set on the system thread by the completion handler.
volatile bool rerunCollected = false;

// Device OS calls this once the computer has collected the reply (result 0),
// or with an error when the request was cancelled or USB reset.
void rerunReplyDone(int result, void*) {
    if (result == SYSTEM_ERROR_NONE) rerunCollected = true;
}

bool payloadIs(const ctrl_request* req, const char* word) {
    const size_t n = strlen(word);
    return req->request_size == n && memcmp(req->request_data, word, n) == 0;
}

// WiFi.setCredentials with no cipher stores WICED_SECURITY_OPEN / WEP_PSK,
// entries wlan_join accepts; the serial console ORs a cipher into open and WEP
// networks, and wlan_join skips those (hal/src/photon/wlan_hal.cpp). With
// SYSTEM_THREAD(ENABLED) this runs in listening mode too: the listening loop
// serves the system queue the call waits on. The key is never printed.
void storeNetwork(ctrl_request* req) {
    const char* p = req->request_data;
    const char* end = p + req->request_size;
    const char* ssid = p + 7; // "wifi", NUL, digit, NUL
    const char* sep = ssid < end ? static_cast<const char*>(memchr(ssid, 0, end - ssid)) : nullptr;
    const bool known = req->request_size >= 8 && (p[5] == '0' || p[5] == '1') && p[6] == 0 && sep;
    const bool ok = known && WiFi.setCredentials(ssid, sep - ssid, sep + 1, end - sep - 1, p[5] - '0');
    system_ctrl_set_result(req, ok ? SYSTEM_ERROR_NONE : SYSTEM_ERROR_INVALID_ARGUMENT, nullptr, nullptr, nullptr);
}

void replyReport(ctrl_request* req) {
    if (system_ctrl_alloc_reply_data(req, NETRESET_REPORT_JSON_MAX, nullptr) != 0) {
        system_ctrl_set_result(req, SYSTEM_ERROR_NO_MEMORY, nullptr, nullptr, nullptr);
        return;
    }
    req->reply_size = netreset_report_json(req->reply_data, NETRESET_REPORT_JSON_MAX);
    system_ctrl_set_result(req, req->reply_size ? SYSTEM_ERROR_NONE : SYSTEM_ERROR_NOT_FOUND, nullptr, nullptr, nullptr);
}
} // namespace

void ctrl_request_custom_handler(ctrl_request* req) {
    if (payloadIs(req, "report")) {
        replyReport(req);
    } else if (req->request_size > 5 && memcmp(req->request_data, "wifi", 5) == 0) {
        storeNetwork(req);
    } else if (payloadIs(req, "scan")) {
        netreset_reply_scan_list(req);
    } else if (payloadIs(req, "rerun")) {
        // The reset must not race the reply: system_ctrl_set_result only marks
        // it done; the computer takes it at its next poll (up to 1 s later).
        system_ctrl_set_result(req, SYSTEM_ERROR_NONE, rerunReplyDone, nullptr, nullptr);
    } else {
        system_ctrl_set_result(req, SYSTEM_ERROR_INVALID_ARGUMENT, nullptr, nullptr, nullptr);
    }
}

void usb_rerun_when_collected() {
    if (!rerunCollected) return;
    delay(RERUN_SETTLE_MS);
    netreset_rerun();
}
