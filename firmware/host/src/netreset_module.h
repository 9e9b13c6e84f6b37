// The wasm2c-generated module, included with the runtime header's warning
// switches undone again so that our own code keeps every warning.
#pragma once

#pragma GCC diagnostic push
#include "generated/netreset.h"
#pragma GCC diagnostic pop
