/* The link session, configuration, setpoints, lease, heartbeat, cap, emergency stop and fault latching. */
#include <string.h>
#include "check.h"
#include "host.h"
#include "../src/core/crc16.h"
#include "../src/core/frame.h"
#include "../src/core/mcu.h"

void test_boot_cuts_outputs_sends_boot_then_status_every_250_ms(void) {
    boot_board(&test_board, 0xDEADBEEF, RESET_WATCHDOG);
    CHECK(fake.cuts >= 1);
    struct sent first;
    CHECK(frames(&first, 1) == 1);
    CHECK_EQ(MSG_BOOT, first.type);
    CHECK_EQ(1, first.seq);
    CHECK_EQ(0, first.ack);
    CHECK_EQ(5, first.length);
    CHECK_EQ(0xDE, first.payload[0]);
    CHECK_EQ(RESET_WATCHDOG, first.payload[4]);
    forget_line();
    advance(1000);
    CHECK_EQ(4, count_of(MSG_STATUS));
    struct seen_status s = last_status();
    CHECK_EQ(0xDEADBEEF, s.boot_id);
    CHECK_EQ(1000, s.uptime_ms);
    CHECK_EQ(0, s.flags & STATE_CONFIGURED);
    CHECK_EQ(0, s.config_crc);
    CHECK_EQ(2, s.zone_count);
    CHECK_EQ(1, s.temperature_count);
    CHECK(s.centi[0] > 2450 && s.centi[0] < 2550);
}

void test_hello_is_answered_with_identify_echoing_the_nonce(void) {
    boot_test_board();
    forget_line();
    hello(0x0BADCAFE);
    struct sent all[4];
    CHECK_EQ(2, frames(all, 4));
    CHECK_EQ(MSG_ACK, all[0].type);
    CHECK_EQ(1, all[0].ack);
    CHECK_EQ(MSG_IDENTIFY, all[1].type);
    CHECK_EQ(1, all[1].seq);
    const uint8_t *p = all[1].payload;
    CHECK_EQ(2, p[0]);
    CHECK_EQ(0, p[1]);
    CHECK_EQ(10, p[2]); /* "test-2.0.0" */
    CHECK(memcmp(p + 3, "test-2.0.0", 10) == 0);
    const uint8_t *after = p + 3 + 10 + 1 + 10;
    CHECK_EQ(0x12, after[0]);              /* boot id */
    CHECK_EQ(0x0B, after[4]);              /* nonce */
    CHECK_EQ(0xFE, after[7]);
    CHECK_EQ(1000, after[8] << 8 | after[9]);  /* maximum lease */
    CHECK_EQ(900, after[10] << 8 | after[11]); /* session cap */
    CHECK_EQ(CAP_HEATER | CAP_OCCUPANCY | CAP_TACHOMETER | CAP_ESTOP_INPUT, after[12]);
    CHECK_EQ(1, after[13]);
    CHECK_EQ(2, after[14]);
}

void test_configure_is_echoed_as_its_crc_in_every_status(void) {
    boot_test_board();
    hello(1);
    struct configure c = standard_configuration();
    configure(&c);
    advance(250);
    uint8_t payload[FRAME_MAX_PAYLOAD];
    uint8_t length = encode_configure(&c, payload);
    struct seen_status s = last_status();
    CHECK_EQ(crc16(payload, length), s.config_crc);
    CHECK(s.flags & STATE_CONFIGURED);
}

struct misfit {
    const char *what;
    void (*spoil)(struct configure *);
    int offset;
};

static void zone_count(struct configure *c) { c->zone_count = 1; }
static void max_steps(struct configure *c) { c->zones[1].max_steps = 1001; }
static void off_below(struct configure *c) { c->zones[0].off_below = 1001; }
static void kick_steps(struct configure *c) { c->zones[0].max_steps = 200; }
static void kick_without_time(struct configure *c) { c->zones[1].kick_ms = 0; }
static void time_without_kick(struct configure *c) { c->zones[1].kick_steps = 0; }
static void spin_down(struct configure *c) { c->zones[0].spin_down_ms = 10001; }
static void heater_max(struct configure *c) { c->heater_max_centi = 4101; }
static void trip(struct configure *c) { c->heater_trip_centi = 4301; }
static void max_at_trip(struct configure *c) { c->heater_trip_centi = c->heater_max_centi; }
static void lease_zero(struct configure *c) { c->max_lease_ms = 0; }
static void lease_long(struct configure *c) { c->max_lease_ms = 1001; }
static void status_fast(struct configure *c) { c->status_period_ms = 49; }
static void status_slow(struct configure *c) { c->status_period_ms = 1001; }
static void cap(struct configure *c) { c->session_cap_s = 901; }
static void overspine_kick(struct configure *c) { c->zones[1].max_steps = 0; c->zones[1].off_below = 0; }

void test_a_configuration_that_does_not_fit_latches_bad_configuration_with_the_offset(void) {
    const struct misfit cases[] = {
        {"zone count", zone_count, 0},
        {"max steps above the board's", max_steps, 15},
        {"off below above max steps", off_below, 3},
        {"kick above max steps", kick_steps, 5},
        {"kick steps without kick ms", kick_without_time, 21},
        {"kick ms without kick steps", time_without_kick, 21},
        {"spin-down above 10 s", spin_down, 13},
        {"heater max above 41 C", heater_max, 29},
        {"trip above 43 C", trip, 31},
        {"max not below trip", max_at_trip, 31},
        {"lease 0", lease_zero, 33},
        {"lease above 1 s", lease_long, 33},
        {"status period below 50 ms", status_fast, 35},
        {"status period above 1 s", status_slow, 35},
        {"cap above 900 s", cap, 37},
        {"kick on a zone that is never driven", overspine_kick, 19},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check_current = cases[i].what;
        boot_test_board();
        hello(1);
        struct configure c = standard_configuration();
        cases[i].spoil(&c);
        if (c.zone_count == 1) { /* a well-formed payload for one zone */
            c.zones[0] = c.zones[1];
        }
        forget_line();
        configure(&c);
        advance(300);
        CHECK_EQ(1, acks_since_forget());
        struct seen_fault f;
        CHECK(last_fault(&f));
        CHECK_EQ(FAULT_BAD_CONFIGURATION, f.code);
        CHECK_EQ(FAULT_NO_INDEX, f.index);
        CHECK_EQ(cases[i].offset, f.value);
        struct seen_status s = last_status();
        CHECK_EQ(0, s.flags & STATE_CONFIGURED);
        CHECK_EQ(FAULT_BAD_CONFIGURATION, s.latched);
    }
    check_current = __func__;
}

void test_a_board_without_heater_takes_only_zero_heater_limits(void) {
    struct board_info plain = test_board;
    plain.capabilities = CAP_TACHOMETER;
    plain.temperature_count = 0;
    boot_board(&plain, 1, 0);
    hello(1);
    struct configure c = standard_configuration();
    configure(&c);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(29, f.value);
    clear_faults();
    c.heater_max_centi = 0;
    c.heater_trip_centi = 0;
    configure(&c);
    advance(250);
    CHECK(last_status().flags & STATE_CONFIGURED);
}

void test_setpoints_are_ignored_until_configured(void) {
    boot_test_board();
    hello(1);
    forget_line();
    setpoint(1000, 0, 0, 500, 500);
    CHECK_EQ(1, acks_since_forget());
    CHECK_EQ(0, fake.drive[0]);
    CHECK_EQ(0, count_of(MSG_FAULT));
}

void test_a_setpoint_drives_and_its_lease_cuts_at_the_deadline(void) {
    boot_test_board();
    open_session();
    setpoint(600, 0, 0, 500, 400);
    CHECK_EQ(500, fake.drive[0]);
    CHECK_EQ(400, fake.drive[1]);
    advance(250);
    CHECK_EQ(350, last_status().lease_left);
    advance(349);
    CHECK_EQ(500, fake.drive[0]);
    advance(1);
    CHECK_EQ(0, fake.drive[0]);
    CHECK_EQ(0, fake.drive[1]);
    advance(250);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_LEASE_EXPIRED, f.code);
    CHECK_EQ(600, f.value);
    CHECK_EQ(FAULT_LEASE_EXPIRED, last_status().latched);
    CHECK_EQ(0, last_status().steps[0]);
}

void test_the_lease_holds_when_the_main_loop_hangs(void) {
    boot_test_board();
    open_session();
    setpoint(1000, 1, 3000, 500, 0);
    advance(20);
    CHECK_EQ(1, fake.heater);
    advance_timer_only(979);
    CHECK_EQ(500, fake.drive[0]);
    advance_timer_only(1);
    CHECK_EQ(0, fake.drive[0]);
    CHECK_EQ(0, fake.heater);
}

void test_heartbeats_renew_the_lease_probes_do_not(void) {
    boot_test_board();
    open_session();
    setpoint(1000, 0, 0, 500, 0);
    for (int i = 0; i < 20; i++) {
        advance(250);
        forget_line();
        heartbeat(1000);
        CHECK_EQ(1, acks_since_forget());
    }
    CHECK_EQ(500, fake.drive[0]);
    heartbeat(5000); /* above the maximum: renews only the maximum */
    advance(999);
    CHECK_EQ(500, fake.drive[0]);
    heartbeat(0); /* a probe */
    advance(1);
    CHECK_EQ(0, fake.drive[0]);
}

void test_a_heartbeat_never_starts_anything(void) {
    boot_test_board();
    open_session();
    heartbeat(1000);
    advance(10);
    CHECK_EQ(0, fake.drive[0]);
    CHECK_EQ(0, last_status().lease_left);
}

void test_a_setpoint_that_breaks_the_configuration_is_rejected_with_the_offset(void) {
    struct {
        const char *what;
        uint16_t lease, heater_centi, left, right;
        uint8_t heater;
        int offset, index;
    } cases[] = {
        {"lease 0", 0, 0, 100, 0, 0, 0, FAULT_NO_INDEX},
        {"lease above the maximum", 1001, 0, 100, 0, 0, 0, FAULT_NO_INDEX},
        {"heater above its maximum", 1000, 4001, 100, 0, 1, 3, FAULT_NO_INDEX},
        {"steps above the limit", 1000, 0, 100, 1001, 0, 8, 1},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check_current = cases[i].what;
        boot_test_board();
        open_session();
        setpoint(cases[i].lease, cases[i].heater, cases[i].heater_centi, cases[i].left, cases[i].right);
        advance(1);
        CHECK_EQ(0, fake.drive[0]);
        struct seen_fault f;
        CHECK(last_fault(&f));
        CHECK_EQ(FAULT_SETPOINT_REJECTED, f.code);
        CHECK_EQ(cases[i].offset, f.value);
        CHECK_EQ(cases[i].index, f.index);
    }
    check_current = "zone count";
    boot_test_board();
    open_session();
    uint8_t one_zone[8] = {0x03, 0xE8, 0, 0, 0, 1, 0x01, 0xF4};
    send_frame(PROTOCOL_VER, next_seq(), host_ack(), MSG_SETPOINT, one_zone, 8);
    advance(1);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_SETPOINT_REJECTED, f.code);
    CHECK_EQ(5, f.value);
    check_current = __func__;
}

void test_a_latched_fault_ignores_non_zero_setpoints_until_clear_faults(void) {
    boot_test_board();
    open_session();
    setpoint(300, 0, 0, 500, 0);
    advance(600); /* the lease ran out */
    CHECK_EQ(FAULT_LEASE_EXPIRED, last_status().latched);
    setpoint(1000, 0, 0, 500, 0);
    CHECK_EQ(0, fake.drive[0]);
    setpoint(0, 0, 0, 0, 0); /* all-off is always obeyed */
    clear_faults();
    advance(250);
    CHECK_EQ(0, last_status().latched);
    CHECK_EQ(0, last_status().flags & STATE_FAULT_LATCHED);
    setpoint(1000, 0, 0, 500, 0);
    CHECK_EQ(500, fake.drive[0]);
}

void test_a_fault_latched_while_the_host_was_away_survives_hello(void) {
    boot_test_board();
    open_session();
    setpoint(500, 0, 0, 500, 0);
    advance(600);
    open_session(); /* the daemon restarted */
    advance(250);
    struct seen_status s = last_status();
    CHECK_EQ(FAULT_LEASE_EXPIRED, s.latched);
    CHECK(s.flags & STATE_FAULT_LATCHED);
    CHECK(s.flags & STATE_CONFIGURED);
}

void test_hello_cuts_the_outputs_and_unconfigures(void) {
    boot_test_board();
    open_session();
    setpoint(1000, 0, 0, 500, 0);
    hello(2);
    CHECK_EQ(0, fake.drive[0]);
    advance(250);
    CHECK_EQ(0, last_status().flags & STATE_CONFIGURED);
    CHECK_EQ(0, last_status().latched);
}

void test_the_session_cap_fires_at_the_configured_cap_through_heartbeats(void) {
    boot_test_board();
    hello(1);
    struct configure c = standard_configuration();
    c.session_cap_s = 3;
    configure(&c);
    setpoint(1000, 0, 0, 500, 0);
    for (int i = 0; i < 11; i++) {
        advance(250);
        heartbeat(1000);
    }
    CHECK_EQ(500, fake.drive[0]);
    advance(249);
    heartbeat(1000);
    CHECK_EQ(500, fake.drive[0]);
    advance(2); /* 3 s after the first non-zero output (which the timer saw 1 ms after the setpoint) */
    CHECK_EQ(0, fake.drive[0]);
    advance(1);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_SESSION_CAP, f.code);
    CHECK_EQ(3, f.value);
}

static void run_with_heartbeats(uint32_t ms) {
    for (uint32_t t = 0; t < ms; t += 250) {
        advance(250);
        heartbeat(1000);
    }
}

void test_brief_pauses_do_not_restart_the_cap_a_minute_off_does(void) {
    boot_test_board();
    hello(1);
    struct configure c = standard_configuration();
    c.session_cap_s = 10;
    configure(&c);
    setpoint(1000, 0, 0, 500, 0);
    run_with_heartbeats(6000);
    setpoint(0, 0, 0, 0, 0);
    advance(59000); /* a pause just short of a minute */
    setpoint(1000, 0, 0, 500, 0);
    advance(10);
    CHECK_EQ(0, fake.drive[0]);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_SESSION_CAP, f.code);

    boot_test_board();
    hello(1);
    configure(&c);
    setpoint(1000, 0, 0, 500, 0);
    run_with_heartbeats(6000);
    setpoint(0, 0, 0, 0, 0);
    advance(60000); /* a full minute off: a new session */
    setpoint(1000, 0, 0, 500, 0);
    run_with_heartbeats(9000);
    CHECK_EQ(500, fake.drive[0]);
    CHECK_EQ(0, count_of(MSG_FAULT));
}

void test_the_boards_own_cap_holds_when_the_configuration_asks_for_none(void) {
    boot_test_board();
    hello(1);
    struct configure c = standard_configuration();
    c.session_cap_s = 0;
    configure(&c);
    setpoint(1000, 0, 0, 500, 0);
    run_with_heartbeats(899500);
    CHECK_EQ(500, fake.drive[0]);
    forget_line();
    run_with_heartbeats(1000);
    CHECK_EQ(0, fake.drive[0]);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_SESSION_CAP, f.code);
    CHECK_EQ(900, f.value);
}

void test_an_emergency_stop_frame_acts_before_any_check(void) {
    uint8_t versions[] = {PROTOCOL_VER, 0x10, 0x35};
    for (unsigned i = 0; i < sizeof versions; i++) {
        boot_test_board();
        open_session();
        setpoint(1000, 1, 3000, 500, 500);
        uint8_t reason = 1;
        send_frame(versions[i], 7 /* a wrong SEQ */, 0, MSG_EMERGENCY_STOP, &reason, 1);
        CHECK_EQ(0, fake.drive[0]);
        CHECK_EQ(0, fake.drive[1]);
        CHECK_EQ(0, fake.heater);
        advance(250);
        struct seen_fault f;
        CHECK(last_fault(&f));
        CHECK_EQ(FAULT_EMERGENCY_STOP, f.code);
        CHECK_EQ(ESTOP_REASON_FRAME, f.value);
        CHECK(last_status().flags & STATE_ESTOP_LATCHED);
    }
    boot_test_board(); /* unconfigured, and the payload malformed: still latched */
    send_frame(PROTOCOL_VER, 0, 0, MSG_EMERGENCY_STOP, 0, 0);
    advance(250);
    CHECK(last_status().flags & STATE_ESTOP_LATCHED);
}

void test_repeated_emergency_stops_report_once(void) {
    boot_test_board();
    open_session();
    for (int i = 0; i < 5; i++) {
        emergency_stop();
        advance(50);
    }
    struct seen_fault all[8];
    CHECK_EQ(1, faults(all, 8));
    clear_faults();
    advance(250);
    CHECK_EQ(0, last_status().flags & STATE_ESTOP_LATCHED);
    emergency_stop();
    advance(10);
    CHECK_EQ(2, faults(all, 8));
}

void test_the_emergency_stop_loop_cuts_from_the_timer_and_blocks_clear_while_open(void) {
    boot_test_board();
    open_session();
    setpoint(1000, 0, 0, 500, 0);
    fake.estop_open = 1;
    advance_timer_only(1);
    CHECK_EQ(500, fake.drive[0]); /* one sample is a bounce */
    advance_timer_only(1);
    CHECK_EQ(0, fake.drive[0]);
    advance(250);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_EMERGENCY_STOP, f.code);
    CHECK_EQ(ESTOP_REASON_INPUT, f.value);
    struct seen_status s = last_status();
    CHECK(s.flags & STATE_ESTOP_INPUT_OPEN);
    CHECK(s.flags & STATE_ESTOP_LATCHED);
    clear_faults();
    advance(10);
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_EMERGENCY_STOP, f.code);
    CHECK(strncmp(f.text, "not cleared: ", 13) == 0);
    advance(250);
    CHECK(last_status().flags & STATE_ESTOP_LATCHED);
    fake.estop_open = 0;
    advance(5);
    clear_faults();
    advance(250);
    CHECK_EQ(0, last_status().flags & (STATE_ESTOP_LATCHED | STATE_ESTOP_INPUT_OPEN));
    setpoint(1000, 0, 0, 500, 0);
    CHECK_EQ(500, fake.drive[0]);
}

void test_an_open_loop_at_boot_is_an_emergency_stop(void) {
    boot_test_board();
    fake.estop_open = 1;
    advance(300);
    CHECK(last_status().flags & STATE_ESTOP_LATCHED);
    CHECK_EQ(FAULT_EMERGENCY_STOP, last_status().latched);
}

void test_each_further_distinct_fault_is_reported_once_the_first_stays_latched(void) {
    boot_test_board();
    open_session();
    setpoint(300, 0, 0, 500, 0);
    advance(400);
    emergency_stop();
    emergency_stop();
    setpoint(0, 0, 0, 0, 0);
    uint8_t bad[10] = {0x03, 0xE8, 0, 0, 0, 2, 0x07, 0xD0, 0, 0};
    send_frame(PROTOCOL_VER, next_seq(), host_ack(), MSG_SETPOINT, bad, 10); /* ignored while latched */
    advance(500);
    struct seen_fault all[8];
    CHECK_EQ(2, faults(all, 8));
    CHECK_EQ(FAULT_LEASE_EXPIRED, all[0].code);
    CHECK_EQ(FAULT_EMERGENCY_STOP, all[1].code);
    CHECK_EQ(FAULT_LEASE_EXPIRED, last_status().latched);
}

void test_status_reports_the_seat_switch(void) {
    boot_test_board();
    fake.occupied = 1;
    advance(250);
    CHECK(last_status().flags & STATE_OCCUPANCY_PRESENT);
    CHECK(last_status().flags & STATE_OCCUPIED);
    fake.occupied = 0;
    advance(250);
    CHECK_EQ(0, last_status().flags & STATE_OCCUPIED);
}

void test_a_configured_status_period_is_used(void) {
    boot_test_board();
    hello(1);
    struct configure c = standard_configuration();
    c.status_period_ms = 100;
    configure(&c);
    advance(10);
    forget_line();
    advance(1000);
    CHECK_EQ(10, count_of(MSG_STATUS));
}

void test_crc_errors_are_counted_in_status(void) {
    boot_test_board();
    uint8_t frame[16];
    uint8_t payload[2] = {0, 0};
    uint16_t size = frame_encode(frame, PROTOCOL_VER, 0, 0, MSG_HEARTBEAT, payload, 2);
    frame[size - 1] ^= 1;
    send_bytes(frame, size);
    send_bytes(frame, size);
    advance(250);
    CHECK_EQ(2, last_status().crc_errors);
}
