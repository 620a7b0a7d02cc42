/* Big-endian fields and length-prefixed ASCII text (protocol section 1), written and read with bounds checks. */
#ifndef CORE_WIRE_H
#define CORE_WIRE_H

#include <stdint.h>

struct writer {
    uint8_t *bytes;
    uint8_t capacity;
    uint8_t length;
    uint8_t overflow; /* set once a field did not fit; the result must then not be sent */
};

void writer_start(struct writer *w, uint8_t *bytes, uint8_t capacity);
void put_u8(struct writer *w, uint8_t value);
void put_u16(struct writer *w, uint16_t value);
void put_u32(struct writer *w, uint32_t value);
void put_text(struct writer *w, const char *text);      /* text in RAM */
/* one text field made of two pieces in flash (PROGMEM) on the AVR; either may be null */
void put_texts_P(struct writer *w, const char *first, const char *second);

struct reader {
    const uint8_t *bytes;
    uint8_t length;
    uint8_t position;
    uint8_t bad; /* set once a field was missing or malformed */
};

void reader_start(struct reader *r, const uint8_t *bytes, uint8_t length);
uint8_t get_u8(struct reader *r);
uint16_t get_u16(struct reader *r);
uint32_t get_u32(struct reader *r);
uint8_t get_flag(struct reader *r); /* 0 or 1; anything else is malformed */
/* true when every byte was read and nothing was malformed: leftover bytes are a bad payload */
uint8_t reader_done(const struct reader *r);

#endif
