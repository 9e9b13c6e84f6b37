// A tiny JSON writer into a fixed buffer: no printf (it would pull newlib's
// stdio into the user part), no heap. Output is cut short, never overrun.
#pragma once

#include <stddef.h>
#include <stdint.h>

class JsonWriter {
public:
    JsonWriter(char* buf, size_t size) : p_(buf), end_(buf + size - 1) { *p_ = '\0'; }
    JsonWriter& raw(const char* s);
    JsonWriter& integer(int32_t v);     // -1 (unknown) is written as null
    JsonWriter& hex32(uint32_t v);      // as a string: "0x000c0ffe"
    JsonWriter& key(const char* name);  // ,"name": (the comma only after a value)
    JsonWriter& str(const char* s) { return raw("\"").raw(s).raw("\""); }
    JsonWriter& open() { first_ = true; return raw("{"); }
    JsonWriter& close() { first_ = false; return raw("}"); }
    size_t length(const char* start) const { return static_cast<size_t>(p_ - start); }

private:
    char* p_;
    char* end_;
    bool first_ = true;
};
