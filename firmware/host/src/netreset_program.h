// The reset program as the host sees it, whichever way it was built: from
// WebAssembly (wasm_program.cpp) or, for size comparison only, written
// directly in C++ (bench/reference/).
#pragma once

// Prepare the program; returns the system mode it must run in (System_Mode_TypeDef).
int netreset_init();
// Run the program's boot sequence (from setup()). May not return: it resets.
void netreset_boot();
// Forget the marker and reset, so the program runs again (the USB "rerun" request).
void netreset_rerun();
