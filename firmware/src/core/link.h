/*
 * Reliable delivery (protocol section 3), MCU side: sequence numbers, the receive window, one reliable frame
 * in flight, its retransmission every 100 ms and its drop after 20 sends.
 */
#ifndef CORE_LINK_H
#define CORE_LINK_H

#include <stdint.h>
#include "config.h"
#include "frame.h"

struct link {
    uint8_t last_accepted; /* L: the last reliable sequence accepted, 0 = none in this link session */
    uint8_t next_seq;      /* the number the next reliable frame takes (1..255) */
    uint8_t ack_owed;      /* an ACK frame is due */
    uint8_t flight_size;   /* size of the frame in flight, 0 = none */
    uint8_t flight_unsent; /* in flight but not yet written (the line had no room) */
    uint8_t sends;
    uint32_t last_send_ms;
    uint16_t retransmits;  /* saturating, as STATUS reports it */
    uint16_t dropped;      /* frames given up after LINK_MAX_SENDS */
    uint8_t flight[FRAME_OVERHEAD + CORE_MAX_RELIABLE_PAYLOAD];
};

void link_init(struct link *l);
/* HELLO: the sending counter restarts (IDENTIFY is reliable frame 1) and the frame in flight is dropped. */
void link_restart_sending(struct link *l);

/* A reliable frame passed the checks of section 2.1: owes an ACK; returns 1 when it is new (deliver it). A
 * sequence origin (HELLO) is new whatever its sequence. */
uint8_t link_accept(struct link *l, uint8_t seq, uint8_t origin);
/* Any accepted frame's ACK field: acknowledges the frame in flight when it names it. */
void link_acknowledged(struct link *l, uint8_t ack);

uint8_t link_busy(const struct link *l);
/* Puts a reliable message in flight (only when not busy); it is written by link_poll. */
void link_send_reliable(struct link *l, uint8_t type, const uint8_t *payload, uint8_t length);
/* Writes an unreliable frame (SEQ 0, at most STATUS_PAYLOAD_MAX) now; returns 0 when the line had no room. */
uint8_t link_send_unreliable(struct link *l, uint8_t type, const uint8_t *payload, uint8_t length);
/* Sends the owed ACK, the frame in flight and its retransmissions. */
void link_poll(struct link *l, uint32_t now_ms);

#endif
