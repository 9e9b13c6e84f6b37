#pragma once

// True once the host has sent the "rerun" request.
bool usb_rerun_requested();
