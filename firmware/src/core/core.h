/* The core's state and the calls between its parts (not for boards: they use mcu.h). */
#ifndef CORE_CORE_H
#define CORE_CORE_H

#include <stdint.h>
#include "board.h"
#include "frame.h"
#include "link.h"
#include "messages.h"

/* ---- guard.c: what the timer interrupt enforces ---- */

#define TRIP_LEASE 0x01
#define TRIP_CAP 0x02
#define TRIP_ESTOP_INPUT 0x04

struct guard {
    volatile uint8_t live;             /* an output is non-zero: a zone driven or the heater asked on */
    volatile uint32_t lease_deadline;
    volatile uint16_t lease_ms;        /* the lease that runs now (FAULT's value when it runs out) */
    volatile uint8_t session_running;  /* the cap's clock runs */
    volatile uint32_t session_start_ms;
    volatile uint32_t last_live_ms;
    volatile uint32_t cap_ms;
    volatile uint8_t estop_open_samples;
    volatile uint8_t estop_input_open;
    volatile uint8_t trips;            /* TRIP_*: outputs were cut, the main loop latches the fault */
};
extern struct guard guard;

void guard_reset(uint16_t cap_s);
void guard_set_cap(uint16_t cap_s);
uint16_t guard_cap_s(void);
/* with the board locked: */
void guard_arm(uint16_t lease_ms, uint32_t now_ms);
void guard_renew(uint16_t lease_ms, uint32_t now_ms);
void guard_disarm(void);
uint8_t guard_take_trips(void);
uint16_t guard_lease_left(uint32_t now_ms);
/* the cap's clock runs (outputs were on less than a minute ago) and has reached the cap */
uint8_t guard_cap_reached(uint32_t now_ms);

/* ---- motion.c: the zones' drive, kick start, stall and stuck-relay checks ---- */

struct zone_drive {
    uint16_t asked;   /* what the last setpoint asked */
    uint16_t driven;  /* what is driven now (the kick, or asked) */
    uint8_t kicking;
    uint32_t kick_until_ms;
    uint8_t stall_armed;
    uint32_t stall_since_ms;
    uint8_t stuck_armed;
    uint32_t stuck_since_ms;
};

void motion_reset(void);
void motion_set(const struct setpoint *setpoint, uint32_t now_ms); /* board locked, guard armed */
void motion_all_off(void);
void motion_poll(uint32_t now_ms);
uint16_t motion_driven(uint8_t zone);

/* ---- heater.c: sensors, thermostat, trip, runaway, sensor fault ---- */

void heater_reset(void);
void heater_set(uint8_t on, uint16_t setpoint_centi); /* board locked, guard armed */
void heater_off(void);
void heater_poll(uint32_t now_ms);
uint8_t heater_output(void);
int16_t heater_temperature(uint8_t sensor);
/* for CLEAR_FAULTS: fills the fault of a cause that persists and returns 1, or returns 0 */
uint8_t heater_cause_persists(struct fault_report *out);

/* ---- mcu.c: the link session, configuration, faults ---- */

struct mcu_state {
    const struct board_info *board;
    uint32_t boot_id;
    uint8_t reset_cause;
    struct frame_rx rx;
    struct link link;
    uint8_t boot_owed;
    uint8_t identify_owed;
    uint32_t nonce;
    uint8_t configured;
    struct configure config;
    uint16_t config_crc;
    uint8_t latched;       /* first fault since boot or CLEAR_FAULTS */
    uint8_t estop_latched;
    uint16_t reported;     /* fault codes already sent since then (bit per code) */
    struct fault_report outbox[CORE_OUTBOX];
    uint8_t outbox_head;
    uint8_t outbox_count;
    uint16_t outbox_overflow;
    uint32_t next_status_ms;
    struct zone_drive zones[CORE_MAX_ZONES];
};
extern struct mcu_state mcu;

/* Cuts every output, latches the fault and reports it (once per code until CLEAR_FAULTS). */
void core_fault(uint8_t code, uint8_t index, int16_t value, const char *text_P);
/* Queues a FAULT frame without latching anything (CLEAR_FAULTS refused). */
void core_report(const struct fault_report *report);
/* Every output off, no fault (HELLO, CONFIGURE, an all-off SETPOINT). */
void core_cut_outputs(void);
uint8_t core_zone_count(void);
const struct zone_rules *core_zone_rules(uint8_t zone); /* null while unconfigured */
uint16_t core_heater_max(void);
uint16_t core_heater_trip(void);
uint16_t core_max_lease(void);

#endif
