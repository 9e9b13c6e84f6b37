// What the last Wi-Fi scan saw, kept for the USB "scan" request. Shared by
// the WebAssembly route and the C++ reference: both scan through it.
#pragma once

#include <stddef.h>

struct ctrl_request;

// WiFi.scan() into the list (the previous scan's entries are forgotten);
// returns the access points the scan reported, or its negative error.
int netreset_scan();

// The USB "scan" reply (layout: model/wifi-scan-list.ts SCAN_LIST_FORMAT);
// SYSTEM_ERROR_NOT_FOUND before the first scan of this boot.
void netreset_reply_scan_list(ctrl_request* req);
