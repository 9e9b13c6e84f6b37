// Retained RAM for the program (backup SRAM: survives System.reset(), lost on
// power loss). Needs FEATURE_RETAINED_MEMORY, enabled in photon-netreset.cpp.
#pragma once

#include <stdint.h>

static const uint32_t NETRESET_RETAINED_SLOTS = 4;
extern uint32_t netreset_retained[NETRESET_RETAINED_SLOTS];
