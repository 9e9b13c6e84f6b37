#pragma once

// Once the computer has collected the "rerun" reply: wait 1 s, then forget
// the marker and reset (does not return). Otherwise returns at once. Called
// from loop() and from the trap's parking loop.
void usb_rerun_when_collected();
