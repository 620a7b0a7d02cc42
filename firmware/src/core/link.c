#include <string.h>
#include "link.h"
#include "board.h"
#include "messages.h"
#include "crc16.h"
#include "port.h"
#include "protocol.h"

void link_init(struct link *l) {
    memset(l, 0, sizeof *l);
    l->next_seq = 1;
}

void link_restart_sending(struct link *l) {
    l->next_seq = 1;
    l->flight_size = 0;
    l->flight_unsent = 0;
}

uint8_t link_accept(struct link *l, uint8_t seq, uint8_t origin) {
    l->ack_owed = 1;
    if (origin || l->last_accepted == 0) {
        l->last_accepted = seq;
        return 1;
    }
    /* distance on the circle 1..255 */
    uint8_t distance = (uint8_t)(((uint16_t)(seq - 1) + 255 - (uint16_t)(l->last_accepted - 1)) % 255);
    if (distance >= 1 && distance <= 127) {
        l->last_accepted = seq;
        return 1;
    }
    return 0; /* a duplicate: acknowledged again, not delivered */
}

void link_acknowledged(struct link *l, uint8_t ack) {
    if (l->flight_size && ack != 0 && ack == l->flight[3]) {
        l->flight_size = 0;
        l->flight_unsent = 0;
    }
}

uint8_t link_busy(const struct link *l) {
    return l->flight_size != 0;
}

void link_send_reliable(struct link *l, uint8_t type, const uint8_t *payload, uint8_t length) {
    uint8_t seq = l->next_seq;
    l->next_seq = seq == 255 ? 1 : (uint8_t)(seq + 1); /* a dropped frame's number is never reused */
    l->flight_size = (uint8_t)frame_encode(l->flight, PROTOCOL_VER, seq, l->last_accepted, type, payload, length);
    l->flight_unsent = 1;
    l->sends = 0;
}

uint8_t link_send_unreliable(struct link *l, uint8_t type, const uint8_t *payload, uint8_t length) {
    uint8_t frame[FRAME_OVERHEAD + STATUS_PAYLOAD_MAX];
    if (length > STATUS_PAYLOAD_MAX) {
        return 0;
    }
    uint16_t size = frame_encode(frame, PROTOCOL_VER, 0, l->last_accepted, type, payload, length);
    return board_send(frame, (uint8_t)size);
}

static void refresh_ack(struct link *l) {
    uint8_t length = l->flight[1];
    l->flight[4] = l->last_accepted;
    uint16_t crc = crc16(l->flight + 1, (uint16_t)(5 + length));
    l->flight[6 + length] = (uint8_t)(crc >> 8);
    l->flight[7 + length] = (uint8_t)crc;
}

static void saturating_increment(uint16_t *counter) {
    if (*counter != 0xFFFF) {
        (*counter)++;
    }
}

void link_poll(struct link *l, uint32_t now_ms) {
    if (l->ack_owed && link_send_unreliable(l, MSG_ACK, 0, 0)) {
        l->ack_owed = 0;
    }
    if (!l->flight_size) {
        return;
    }
    uint8_t due = l->flight_unsent || time_reached(now_ms, l->last_send_ms + LINK_RETRANSMIT_MS);
    if (!due) {
        return;
    }
    if (!l->flight_unsent && l->sends >= LINK_MAX_SENDS) {
        l->flight_size = 0; /* given up: the next frame takes the next number */
        saturating_increment(&l->dropped);
        return;
    }
    refresh_ack(l);
    if (!board_send(l->flight, l->flight_size)) {
        return;
    }
    if (!l->flight_unsent) {
        saturating_increment(&l->retransmits);
    }
    l->flight_unsent = 0;
    l->sends++;
    l->last_send_ms = now_ms;
}
