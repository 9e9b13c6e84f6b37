// The last scan's access points, at most SCAN_LIST_MAX of them, in static RAM
// (no heap): the strongest are kept, so the owner's network is there unless
// 16 stronger ones are. Device OS's scan reports every record, hidden
// networks with an empty SSID (hal/src/photon/wlan_hal.cpp sniffer, v2.3.1).
#include "scan_list.h"

#include "Particle.h"

#include <string.h>

namespace {
// 16 × 37 bytes of RAM, and a 593-byte reply: one USB control transfer.
const size_t SCAN_LIST_MAX = 16;
const size_t SSID_MAX = 32;

// The reply's record, byte for byte (model/wifi-scan-list.ts).
struct Record {
    uint8_t ssidLength;
    char ssid[SSID_MAX];
    int8_t rssi;
    uint8_t security;
    uint8_t cipher;
    uint8_t channel;
};
static_assert(sizeof(Record) == 37, "the reply's record is 37 bytes");

struct List {
    uint8_t seen; // the reply's first byte: every record reported (at most 255)
    Record records[SCAN_LIST_MAX];
};
static_assert(sizeof(List) == 1 + SCAN_LIST_MAX * sizeof(Record), "the reply is the list as it is in RAM");

List list;
size_t kept = 0;
bool scanned = false;

// Called by Device OS once per access point, on the calling thread.
void keep(WiFiAccessPoint* ap, void* count) {
    ++*static_cast<int*>(count);
    if (list.seen != 0xff) ++list.seen;
    size_t slot = kept;
    if (kept == SCAN_LIST_MAX) { // full: a stronger one replaces the weakest
        slot = 0;
        for (size_t i = 1; i < SCAN_LIST_MAX; ++i) if (list.records[i].rssi < list.records[slot].rssi) slot = i;
        if (ap->rssi <= list.records[slot].rssi) return;
    } else {
        ++kept;
    }
    Record& r = list.records[slot];
    r.ssidLength = ap->ssidLength < SSID_MAX ? ap->ssidLength : SSID_MAX;
    memset(r.ssid, 0, SSID_MAX);
    memcpy(r.ssid, ap->ssid, r.ssidLength);
    r.rssi = static_cast<int8_t>(ap->rssi < -128 ? -128 : ap->rssi > 127 ? 127 : ap->rssi);
    r.security = static_cast<uint8_t>(ap->security);
    r.cipher = static_cast<uint8_t>(ap->cipher);
    r.channel = ap->channel;
}
} // namespace

int netreset_scan() {
    list.seen = 0;
    kept = 0;
    scanned = true;
    int count = 0;
    const int result = WiFi.scan(keep, &count);
    return result < 0 ? result : count; // an error stays an error
}

void netreset_reply_scan_list(ctrl_request* req) {
    const size_t size = 1 + kept * sizeof(Record);
    if (!scanned) {
        system_ctrl_set_result(req, SYSTEM_ERROR_NOT_FOUND, nullptr, nullptr, nullptr);
        return;
    }
    if (system_ctrl_alloc_reply_data(req, size, nullptr) != 0) {
        system_ctrl_set_result(req, SYSTEM_ERROR_NO_MEMORY, nullptr, nullptr, nullptr);
        return;
    }
    memcpy(req->reply_data, &list, size);
    system_ctrl_set_result(req, SYSTEM_ERROR_NONE, nullptr, nullptr, nullptr);
}
