/* The tests' side of the wire: a scripted host that frames messages into the core, reads what it answers,
 * and moves the clock (the timer interrupt every millisecond, the main loop after it). */
#ifndef TEST_HOST_H
#define TEST_HOST_H

#include <stdint.h>
#include "fake_board.h"
#include "../src/core/messages.h"

extern uint32_t now;
extern const struct board_info test_board; /* two zones, heater, seat switch, tachometer, e-stop input */

struct sent {
    uint8_t version, seq, ack, type, length;
    uint8_t payload[FRAME_MAX_PAYLOAD];
};

struct seen_status {
    uint32_t boot_id, uptime_ms;
    uint8_t flags, latched;
    uint16_t config_crc, lease_left, crc_errors, retransmits;
    uint8_t zone_count;
    uint16_t steps[CORE_MAX_ZONES], rpm[CORE_MAX_ZONES], current[CORE_MAX_ZONES];
    uint8_t temperature_count;
    int16_t centi[CORE_MAX_SENSORS];
};

struct seen_fault {
    uint8_t code, index;
    int16_t value;
    char text[64];
};

void boot_test_board(void);
void boot_board(const struct board_info *board, uint32_t boot_id, uint8_t cause);

extern uint8_t auto_ack; /* 1: every frame acknowledges the MCU's latest reliable frame (the default) */
uint8_t host_ack(void);
void send_frame(uint8_t version, uint8_t seq, uint8_t ack, uint8_t type, const uint8_t *payload, uint8_t length);
void send_bytes(const uint8_t *bytes, uint16_t count);
uint8_t next_seq(void); /* the host's reliable numbering: 1 after hello() */
void hello(uint32_t nonce);
void configure(const struct configure *c);
uint8_t encode_configure(const struct configure *c, uint8_t *out);
struct configure standard_configuration(void);
void setpoint(uint16_t lease_ms, uint8_t heater_on, uint16_t heater_centi, uint16_t left, uint16_t right);
void heartbeat(uint16_t lease_ms);
void clear_faults(void);
void emergency_stop(void);
/* hello, configure, and an all-off setpoint: the opening of a session */
void open_session(void);

void advance(uint32_t ms);            /* timer tick then main loop, every millisecond */
void advance_timer_only(uint32_t ms); /* the main loop hangs: only the timer interrupt runs */

void forget_line(void);
int frames(struct sent *out, int max); /* frames the MCU wrote since forget_line() */
int count_of(uint8_t type);
int last_of(uint8_t type, struct sent *out);
int acks_since_forget(void);
struct seen_status last_status(void);
int last_fault(struct seen_fault *out);
int faults(struct seen_fault *out, int max);

#endif
