/*
 * The deadman (protocol 5.2), the session cap (5.3) and the emergency-stop input (6), run from the board's
 * millisecond timer interrupt: they cut the outputs there and then, and leave the fault for the main loop to
 * latch and report. A main loop that hangs therefore still loses the motor within one lease.
 */
#include "core.h"
#include "mcu.h"
#include "port.h"
#include "protocol.h"

#define ESTOP_OPEN_SAMPLES 2 /* 2 ms of an open loop: a bounce of one sample is not a stop */

struct guard guard;

void guard_reset(uint16_t cap_s) {
    guard.live = 0;
    guard.lease_deadline = 0;
    guard.lease_ms = 0;
    guard.session_running = 0;
    guard.trips = 0;
    guard.estop_open_samples = 0;
    guard.estop_input_open = 0;
    guard_set_cap(cap_s);
}

void guard_set_cap(uint16_t cap_s) {
    guard.cap_ms = (uint32_t)cap_s * 1000UL;
}

uint16_t guard_cap_s(void) {
    return (uint16_t)(guard.cap_ms / 1000UL);
}

void guard_arm(uint16_t lease_ms, uint32_t now_ms) {
    guard.lease_ms = lease_ms;
    guard.lease_deadline = now_ms + lease_ms;
    guard.live = 1;
}

void guard_renew(uint16_t lease_ms, uint32_t now_ms) {
    if (guard.live) {
        guard.lease_ms = lease_ms;
        guard.lease_deadline = now_ms + lease_ms;
    }
}

void guard_disarm(void) {
    guard.live = 0;
}

uint8_t guard_take_trips(void) {
    uint8_t state = board_lock();
    uint8_t trips = guard.trips;
    guard.trips = 0;
    board_unlock(state);
    return trips;
}

uint16_t guard_lease_left(uint32_t now_ms) {
    uint8_t state = board_lock();
    uint16_t left = 0;
    if (guard.live && !time_reached(now_ms, guard.lease_deadline)) {
        left = (uint16_t)(guard.lease_deadline - now_ms);
    }
    board_unlock(state);
    return left;
}

uint8_t guard_cap_reached(uint32_t now_ms) {
    uint8_t state = board_lock();
    uint8_t reached = guard.session_running && now_ms - guard.session_start_ms >= guard.cap_ms;
    board_unlock(state);
    return reached;
}

static void trip(uint8_t cause) {
    board_cut_outputs();
    guard.live = 0;
    guard.trips |= cause;
}

static void watch_emergency_stop_input(void) {
    if (board_estop_open()) {
        if (guard.estop_open_samples < ESTOP_OPEN_SAMPLES) {
            guard.estop_open_samples++;
        }
        if (guard.estop_open_samples == ESTOP_OPEN_SAMPLES && !guard.estop_input_open) {
            guard.estop_input_open = 1;
            trip(TRIP_ESTOP_INPUT);
        }
    } else {
        guard.estop_open_samples = 0;
        guard.estop_input_open = 0;
    }
}

/* Called from the timer interrupt (interrupts off), or by the host tests. */
void mcu_timer_tick(uint32_t now_ms) {
    watch_emergency_stop_input();
    if (guard.live) {
        if (!guard.session_running) {
            guard.session_running = 1;
            guard.session_start_ms = now_ms;
        }
        guard.last_live_ms = now_ms;
        if (time_reached(now_ms, guard.lease_deadline)) {
            trip(TRIP_LEASE);
        } else if (now_ms - guard.session_start_ms >= guard.cap_ms) {
            trip(TRIP_CAP);
        }
    } else if (guard.session_running && now_ms - guard.last_live_ms >= CAP_RESTART_AFTER_OFF_MS) {
        guard.session_running = 0; /* off for 60 s continuously: the next output starts a new session */
    }
}
