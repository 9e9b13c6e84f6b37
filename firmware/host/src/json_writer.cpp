#include "json_writer.h"

JsonWriter& JsonWriter::raw(const char* s) {
    while (*s && p_ < end_) *p_++ = *s++;
    *p_ = '\0';
    return *this;
}

JsonWriter& JsonWriter::integer(int32_t v) {
    if (v == -1) return raw("null");
    char digits[12];
    char* d = digits + sizeof(digits) - 1;
    *d = '\0';
    uint32_t u = v < 0 ? 0u - static_cast<uint32_t>(v) : static_cast<uint32_t>(v);
    do { *--d = static_cast<char>('0' + u % 10); u /= 10; } while (u);
    if (v < 0) *--d = '-';
    return raw(d);
}

JsonWriter& JsonWriter::hex32(uint32_t v) {
    char digits[] = "\"0x00000000\"";
    for (int i = 10; i >= 3; --i, v >>= 4) digits[i] = "0123456789abcdef"[v & 0xf];
    return raw(digits);
}

JsonWriter& JsonWriter::key(const char* name) {
    if (!first_) raw(",");
    first_ = false;
    return str(name).raw(":");
}
