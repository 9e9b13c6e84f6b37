// The WebAssembly route: one module instance, no memory, no heap.
#include "netreset_program.h"
#include "netreset_module.h"

namespace {
// Holds the module's four exported constants; the program itself keeps no state.
w2c_netreset instance;
bool instantiated = false;

w2c_netreset* program() {
    if (!instantiated) {
        wasm2c_netreset_instantiate(&instance, nullptr);
        instantiated = true;
    }
    return &instance;
}
} // namespace

void netreset_boot() { w2c_netreset_boot(program()); }

void netreset_rerun() { w2c_netreset_rerun(program()); }

int netreset_required_system_mode() { return static_cast<int>(*w2c_netreset_REQUIRED_SYSTEM_MODE(program())); }
