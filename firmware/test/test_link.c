/* Reliable delivery (protocol section 3): the window, acknowledgements, retransmission and the dropped frame. */
#include <string.h>
#include "check.h"
#include "host.h"
#include "../src/core/link.h"
#include "../src/core/mcu.h"

void test_the_window_on_the_circle_1_to_255(void) {
    struct link l;
    link_init(&l);
    CHECK_EQ(1, link_accept(&l, 77, 0)); /* L = 0: every sequence is new */
    CHECK_EQ(77, l.last_accepted);
    CHECK_EQ(0, link_accept(&l, 77, 0)); /* d = 0: duplicate */
    CHECK_EQ(1, link_accept(&l, 78, 0));
    CHECK_EQ(1, link_accept(&l, 78 + 127, 0)); /* d = 127: new (126 frames were given up) */
    l.last_accepted = 10;
    CHECK_EQ(0, link_accept(&l, 138, 0)); /* d = 128: a stale copy */
    CHECK_EQ(10, l.last_accepted);
    CHECK_EQ(0, link_accept(&l, 9, 0)); /* d = 254 */
    l.last_accepted = 255;
    CHECK_EQ(1, link_accept(&l, 1, 0)); /* 255 -> 1 skips 0 */
    l.last_accepted = 1;
    CHECK_EQ(0, link_accept(&l, 255, 0));
    CHECK_EQ(1, link_accept(&l, 200, 1)); /* a sequence origin is new whatever its number */
    CHECK_EQ(200, l.last_accepted);
}

void test_every_accepted_reliable_frame_is_acknowledged_duplicates_too(void) {
    boot_test_board();
    open_session();
    forget_line();
    setpoint(1000, 0, 0, 500, 0);
    CHECK_EQ(1, acks_since_forget());
    struct sent ack;
    CHECK(last_of(MSG_ACK, &ack));
    CHECK_EQ(4, ack.ack); /* hello 1, configure 2, setpoint-off 3, setpoint 4 */
    CHECK_EQ(0, ack.seq);
    CHECK_EQ(500, fake.drive[0]);
    /* the same SETPOINT again (its ACK was lost): acknowledged again with L, not delivered again */
    setpoint(0, 0, 0, 0, 0);
    CHECK_EQ(0, fake.drive[0]);
    uint8_t payload[10] = {0x03, 0xE8, 0, 0, 0, 2, 0x01, 0xF4, 0, 0};
    forget_line();
    send_frame(PROTOCOL_VER, 4, host_ack(), MSG_SETPOINT, payload, 10);
    CHECK_EQ(1, acks_since_forget());
    CHECK(last_of(MSG_ACK, &ack));
    CHECK_EQ(5, ack.ack);
    CHECK_EQ(0, fake.drive[0]);
}

void test_rejected_frames_are_not_acknowledged(void) {
    boot_test_board();
    open_session();
    forget_line();
    uint8_t payload[10] = {0x03, 0xE8, 0, 0, 0, 2, 0x01, 0xF4, 0, 0};
    send_frame(0x30, next_seq(), 0, MSG_SETPOINT, payload, 10);   /* another major */
    send_frame(PROTOCOL_VER, 0, 0, MSG_SETPOINT, payload, 10);    /* reliable type with SEQ 0 */
    send_frame(PROTOCOL_VER, next_seq(), 0, MSG_SETPOINT, payload, 9); /* too short */
    uint8_t longer[11] = {0x03, 0xE8, 0, 0, 0, 2, 0x01, 0xF4, 0, 0, 0};
    send_frame(PROTOCOL_VER, next_seq(), 0, MSG_SETPOINT, longer, 11); /* a byte left over */
    uint8_t flag[10] = {0x03, 0xE8, 2, 0, 0, 2, 0x01, 0xF4, 0, 0};
    send_frame(PROTOCOL_VER, next_seq(), 0, MSG_SETPOINT, flag, 10);   /* heater flag 2 */
    send_frame(PROTOCOL_VER, next_seq(), 0, 0x7F, 0, 0);               /* unknown type */
    send_frame(PROTOCOL_VER, next_seq(), 0, MSG_STATUS, 0, 0);         /* not a host's type */
    uint8_t beat[2] = {0x03, 0xE8};
    send_frame(PROTOCOL_VER, 9, 0, MSG_HEARTBEAT, beat, 2);            /* unreliable type with SEQ 9 */
    CHECK_EQ(0, acks_since_forget());
    CHECK_EQ(0, fake.drive[0]);
    CHECK_EQ(0, count_of(MSG_FAULT));
}

void test_an_unacknowledged_frame_is_resent_every_100_ms_then_dropped_after_20_sends(void) {
    boot_test_board();
    open_session();
    auto_ack = 0;
    forget_line();
    emergency_stop(); /* a FAULT the host never acknowledges */
    advance(1);
    struct sent fault;
    CHECK(last_of(MSG_FAULT, &fault));
    uint8_t first = fault.seq;
    advance(98);
    CHECK_EQ(1, count_of(MSG_FAULT));
    advance(1);
    CHECK_EQ(2, count_of(MSG_FAULT));
    advance(100 * 25);
    CHECK_EQ(20, count_of(MSG_FAULT));
    CHECK_EQ(19, last_status().retransmits);
    /* a later fault takes the next number: a receiver window delivers it */
    clear_faults();
    advance(10);
    forget_line();
    emergency_stop();
    advance(1);
    CHECK(last_of(MSG_FAULT, &fault));
    CHECK_EQ(first + 1, fault.seq);
}

void test_an_acknowledged_frame_is_not_resent(void) {
    boot_test_board();
    open_session();
    emergency_stop();
    advance(1);
    struct sent fault;
    CHECK(last_of(MSG_FAULT, &fault));
    forget_line();
    uint8_t empty = 0;
    send_frame(PROTOCOL_VER, 0, fault.seq, MSG_ACK, &empty, 0);
    advance(500);
    CHECK_EQ(0, count_of(MSG_FAULT));
}

void test_the_ack_field_of_a_resent_frame_is_refreshed(void) {
    boot_test_board();
    open_session();
    auto_ack = 0;
    emergency_stop();
    advance(1);
    struct sent fault;
    CHECK(last_of(MSG_FAULT, &fault));
    CHECK_EQ(3, fault.ack);
    clear_faults(); /* seq 4, still not acknowledging the FAULT */
    forget_line();
    advance(100);
    CHECK(last_of(MSG_FAULT, &fault));
    CHECK_EQ(4, fault.ack);
}
