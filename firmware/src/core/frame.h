/*
 * Frames (protocol section 2): SYNC LEN VER SEQ ACK TYPE PAYLOAD CRC16, and the receiver that finds them in a
 * byte stream with garbage, oversize lengths, bad CRCs and truncation (section 2.1).
 */
#ifndef CORE_FRAME_H
#define CORE_FRAME_H

#include <stdint.h>
#include "protocol.h"

struct frame {
    uint8_t version;
    uint8_t seq;
    uint8_t ack;
    uint8_t type;
    uint8_t length;
    const uint8_t *payload; /* valid until the next frame_rx_next() */
};

/* Writes one whole frame into out (at least length + FRAME_OVERHEAD bytes); returns its size. */
uint16_t frame_encode(uint8_t *out, uint8_t version, uint8_t seq, uint8_t ack, uint8_t type,
                      const uint8_t *payload, uint8_t length);

#ifndef FRAME_RX_BUFFER
#define FRAME_RX_BUFFER (2 * FRAME_MAX) /* section 2.1: at least two maximum frames */
#endif

struct frame_rx {
    uint8_t bytes[FRAME_RX_BUFFER];
    uint16_t head;     /* first unexamined byte */
    uint16_t tail;     /* one past the last received byte */
    uint16_t consumed; /* size of the frame handed out last, removed on the next call */
    uint32_t last_byte_ms;
    uint16_t crc_errors; /* saturating, as STATUS reports it */
    uint16_t dropped;    /* garbage, oversize and truncated bytes (diagnostics) */
};

void frame_rx_init(struct frame_rx *rx);
/* Stores one received byte; returns 0 when the buffer is full (call frame_rx_next first). */
uint8_t frame_rx_push(struct frame_rx *rx, uint8_t byte, uint32_t now_ms);
/* Finds the next frame with a good CRC; returns 1 and fills out, or 0 when none is complete yet. */
uint8_t frame_rx_next(struct frame_rx *rx, uint32_t now_ms, struct frame *out);

#endif
