// USB application requests (CTRL_REQUEST_APP_CUSTOM, type 10), answered on the
// application thread. Payload "report": the latest report as JSON. Payload
// "rerun": reply, then forget the marker and reset (from loop(), once the
// reply is on its way). Protocol: README, "USB requests".
#include "Particle.h"
#include "report.h"
#include "usb_requests.h"

#include <string.h>

namespace {
volatile bool rerunRequested = false;

bool payloadIs(const ctrl_request* req, const char* word) {
    const size_t n = strlen(word);
    return req->request_size == n && memcmp(req->request_data, word, n) == 0;
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
    } else if (payloadIs(req, "rerun")) {
        rerunRequested = true;
        system_ctrl_set_result(req, SYSTEM_ERROR_NONE, nullptr, nullptr, nullptr);
    } else {
        system_ctrl_set_result(req, SYSTEM_ERROR_INVALID_ARGUMENT, nullptr, nullptr, nullptr);
    }
}

bool usb_rerun_requested() { return rerunRequested; }
