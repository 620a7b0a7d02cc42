#include "wire.h"
#include "port.h"

void writer_start(struct writer *w, uint8_t *bytes, uint8_t capacity) {
    w->bytes = bytes;
    w->capacity = capacity;
    w->length = 0;
    w->overflow = 0;
}

void put_u8(struct writer *w, uint8_t value) {
    if (w->length >= w->capacity) {
        w->overflow = 1;
        return;
    }
    w->bytes[w->length++] = value;
}

void put_u16(struct writer *w, uint16_t value) {
    put_u8(w, (uint8_t)(value >> 8));
    put_u8(w, (uint8_t)value);
}

void put_u32(struct writer *w, uint32_t value) {
    put_u16(w, (uint16_t)(value >> 16));
    put_u16(w, (uint16_t)value);
}

static uint8_t printable(uint8_t c) {
    return c >= 0x20 && c <= 0x7E;
}

void put_text(struct writer *w, const char *text) {
    uint8_t at = w->length;
    put_u8(w, 0);
    uint8_t n = 0;
    for (const char *c = text; *c; c++, n++) {
        put_u8(w, printable((uint8_t)*c) ? (uint8_t)*c : '?');
    }
    if (!w->overflow) {
        w->bytes[at] = n;
    }
}

static void put_printable_P(struct writer *w, const char *text, uint8_t *count) {
    for (uint8_t c; text && (c = pgm_read_byte(text)) != 0; text++, (*count)++) {
        put_u8(w, printable(c) ? c : '?');
    }
}

void put_texts_P(struct writer *w, const char *first, const char *second) {
    uint8_t at = w->length;
    uint8_t count = 0;
    put_u8(w, 0);
    put_printable_P(w, first, &count);
    put_printable_P(w, second, &count);
    if (!w->overflow) {
        w->bytes[at] = count;
    }
}

void reader_start(struct reader *r, const uint8_t *bytes, uint8_t length) {
    r->bytes = bytes;
    r->length = length;
    r->position = 0;
    r->bad = 0;
}

uint8_t get_u8(struct reader *r) {
    if (r->position >= r->length) {
        r->bad = 1;
        return 0;
    }
    return r->bytes[r->position++];
}

uint16_t get_u16(struct reader *r) {
    uint16_t high = get_u8(r);
    return (uint16_t)((high << 8) | get_u8(r));
}

uint32_t get_u32(struct reader *r) {
    uint32_t high = get_u16(r);
    return (high << 16) | get_u16(r);
}

uint8_t get_flag(struct reader *r) {
    uint8_t value = get_u8(r);
    if (value > 1) {
        r->bad = 1;
    }
    return value;
}

uint8_t reader_done(const struct reader *r) {
    return !r->bad && r->position == r->length;
}
