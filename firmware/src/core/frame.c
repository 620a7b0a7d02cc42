#include <string.h>
#include "frame.h"
#include "crc16.h"
#include "port.h"

uint16_t frame_encode(uint8_t *out, uint8_t version, uint8_t seq, uint8_t ack, uint8_t type,
                      const uint8_t *payload, uint8_t length) {
    out[0] = FRAME_SYNC;
    out[1] = length;
    out[2] = version;
    out[3] = seq;
    out[4] = ack;
    out[5] = type;
    if (length) {
        memcpy(out + 6, payload, length);
    }
    uint16_t crc = crc16(out + 1, (uint16_t)(5 + length));
    out[6 + length] = (uint8_t)(crc >> 8);
    out[7 + length] = (uint8_t)crc;
    return (uint16_t)(length + FRAME_OVERHEAD);
}

void frame_rx_init(struct frame_rx *rx) {
    memset(rx, 0, sizeof *rx);
}

static void saturating_increment(uint16_t *counter) {
    if (*counter != 0xFFFF) {
        (*counter)++;
    }
}

uint8_t frame_rx_push(struct frame_rx *rx, uint8_t byte, uint32_t now_ms) {
    if (rx->tail == FRAME_RX_BUFFER) {
        if (rx->head == 0) {
            return 0;
        }
        memmove(rx->bytes, rx->bytes + rx->head, rx->tail - rx->head);
        rx->tail -= rx->head;
        rx->head = 0;
    }
    rx->bytes[rx->tail++] = byte;
    rx->last_byte_ms = now_ms;
    return 1;
}

static void drop(struct frame_rx *rx, uint16_t count) {
    rx->head += count;
    if (rx->head == rx->tail) {
        rx->head = rx->tail = 0;
    }
}

uint8_t frame_rx_next(struct frame_rx *rx, uint32_t now_ms, struct frame *out) {
    drop(rx, rx->consumed);
    rx->consumed = 0;
    uint8_t idle = time_reached(now_ms, rx->last_byte_ms + FRAME_IDLE_TIMEOUT_MS);
    while (rx->head < rx->tail) {
        uint8_t *start = rx->bytes + rx->head;
        uint16_t available = rx->tail - rx->head;
        if (start[0] != FRAME_SYNC) { /* garbage */
            saturating_increment(&rx->dropped);
            drop(rx, 1);
            continue;
        }
        uint8_t length = available >= 2 ? start[1] : 0;
        if (length > FRAME_MAX_PAYLOAD) { /* oversize: drop the sync byte only */
            saturating_increment(&rx->dropped);
            drop(rx, 1);
            continue;
        }
        uint16_t size = (uint16_t)(length + FRAME_OVERHEAD);
        if (available < size) {
            if (!idle) {
                break;
            }
            saturating_increment(&rx->dropped); /* truncated: the line went quiet inside a frame */
            drop(rx, 1);
            continue;
        }
        uint16_t crc = crc16(start + 1, (uint16_t)(5 + length));
        if (start[6 + length] != (uint8_t)(crc >> 8) || start[7 + length] != (uint8_t)crc) {
            saturating_increment(&rx->crc_errors); /* a frame that started inside is still found */
            drop(rx, 1);
            continue;
        }
        out->version = start[2];
        out->seq = start[3];
        out->ack = start[4];
        out->type = start[5];
        out->length = length;
        out->payload = start + 6;
        rx->consumed = size;
        return 1;
    }
    return 0;
}
