/* Kick start, stall and stuck-relay detection, the heater's thermostat, trip and runaway, sensor faults. */
#include <string.h>
#include "check.h"
#include "host.h"
#include "../src/core/mcu.h"

static void keep_alive(uint32_t ms) {
    for (uint32_t t = 0; t < ms; t += 50) {
        advance(50);
        heartbeat(1000);
    }
}

void test_a_stopped_motor_gets_its_kick_then_the_asked_drive(void) {
    boot_test_board();
    open_session();
    force_rpm(0, 1000);
    setpoint(1000, 0, 0, 150, 0); /* below the kick (300) */
    CHECK_EQ(300, fake.drive[0]);
    advance(149);
    CHECK_EQ(300, fake.drive[0]);
    advance(1);
    CHECK_EQ(150, fake.drive[0]);
    setpoint(1000, 0, 0, 200, 0); /* already turning: no new kick */
    CHECK_EQ(200, fake.drive[0]);
}

void test_a_drive_at_or_above_the_kick_needs_none(void) {
    boot_test_board();
    open_session();
    setpoint(1000, 0, 0, 300, 0);
    CHECK_EQ(300, fake.drive[0]);
    advance(1);
    setpoint(1000, 0, 0, 0, 0);
    setpoint(1000, 0, 0, 800, 0);
    CHECK_EQ(800, fake.drive[0]);
}

void test_a_setpoint_during_the_kick_replaces_the_asked_drive_and_all_off_ends_it(void) {
    boot_test_board();
    open_session();
    setpoint(1000, 0, 0, 150, 0);
    advance(50);
    setpoint(1000, 0, 0, 250, 0);
    CHECK_EQ(300, fake.drive[0]);
    advance(100);
    CHECK_EQ(250, fake.drive[0]);
    setpoint(0, 0, 0, 0, 0);
    setpoint(1000, 0, 0, 150, 0);
    advance(10);
    setpoint(0, 0, 0, 0, 0);
    CHECK_EQ(0, fake.drive[0]);
    advance(200);
    CHECK_EQ(0, fake.drive[0]);
}

void test_a_motor_that_does_not_turn_is_stalled_a_second_after_its_kick(void) {
    boot_test_board();
    open_session();
    force_rpm(0, 0);
    setpoint(1000, 0, 0, 150, 0);
    keep_alive(150 + 950);
    CHECK_EQ(150, fake.drive[0]);
    keep_alive(100);
    CHECK_EQ(0, fake.drive[0]);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_MOTOR_STALL, f.code);
    CHECK_EQ(0, f.index);
    CHECK_EQ(0, f.value);
}

void test_a_turning_motor_is_not_stalled_nor_a_drive_below_off_below(void) {
    boot_test_board();
    open_session();
    force_rpm(0, 61);
    setpoint(1000, 0, 0, 300, 0);
    keep_alive(3000);
    CHECK_EQ(300, fake.drive[0]);
    force_rpm(0, 0);
    setpoint(1000, 0, 0, 50, 0); /* below off below: not expected to turn */
    keep_alive(3000);
    CHECK_EQ(50, fake.drive[0]);
    CHECK_EQ(0, count_of(MSG_FAULT));
}

void test_a_motor_that_coasts_within_its_spin_down_is_not_stuck(void) {
    boot_test_board();
    open_session();
    force_rpm(1, 3000);
    setpoint(1000, 0, 0, 0, 800);
    keep_alive(500);
    setpoint(0, 0, 0, 0, 0);
    advance(2000); /* the configured spin-down */
    CHECK_EQ(0, count_of(MSG_FAULT));
    force_rpm(1, 200); /* below stuck rpm: coasted down */
    advance(3000);
    CHECK_EQ(0, count_of(MSG_FAULT));
}

void test_a_motor_that_keeps_turning_after_its_spin_down_is_a_stuck_relay(void) {
    boot_test_board();
    open_session();
    force_rpm(1, 3000);
    setpoint(1000, 0, 0, 0, 800);
    keep_alive(500);
    setpoint(0, 0, 0, 0, 0);
    advance(2001);
    advance(250);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_STUCK_RELAY, f.code);
    CHECK_EQ(1, f.index);
    CHECK_EQ(3000, f.value);
}

void test_the_thermostat_holds_the_pad_below_its_setpoint(void) {
    boot_test_board();
    open_session();
    fake.temperature_raw[0] = fake_counts_for_celsius(30.0);
    setpoint(1000, 1, 3800, 0, 0);
    advance(20);
    CHECK_EQ(1, fake.heater);
    fake.temperature_raw[0] = fake_counts_for_celsius(37.75);
    advance(20);
    CHECK_EQ(1, fake.heater);
    fake.temperature_raw[0] = fake_counts_for_celsius(38.3);
    advance(20);
    CHECK_EQ(0, fake.heater);
    fake.temperature_raw[0] = fake_counts_for_celsius(37.75);
    advance(20);
    CHECK_EQ(0, fake.heater); /* within the 0.5 K hysteresis */
    fake.temperature_raw[0] = fake_counts_for_celsius(37.1);
    advance(20);
    CHECK_EQ(1, fake.heater);
    advance(250);
    CHECK(last_status().flags & STATE_HEATER_ON);
    setpoint(0, 0, 0, 0, 0);
    CHECK_EQ(0, fake.heater);
}

void test_the_pad_at_the_trip_is_over_temperature(void) {
    boot_test_board();
    open_session();
    setpoint(1000, 1, 3800, 0, 0);
    fake.temperature_raw[0] = fake_counts_for_celsius(42.9);
    advance(50);
    CHECK_EQ(0, fake.heater);
    advance(250);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_OVER_TEMPERATURE, f.code);
    CHECK(f.value >= 4250 && f.value < 4350);
    clear_faults();
    advance(20);
    CHECK(last_fault(&f));
    CHECK(strncmp(f.text, "not cleared: ", 13) == 0);
    CHECK_EQ(FAULT_OVER_TEMPERATURE, last_status().latched);
}

void test_a_pad_that_heats_while_the_heater_is_off_is_a_runaway(void) {
    boot_test_board();
    open_session();
    fake.temperature_raw[0] = fake_counts_for_celsius(41.2); /* max 40 °C + 1 K, below the trip */
    advance(200);
    struct seen_fault f;
    CHECK(last_fault(&f));
    CHECK_EQ(FAULT_HEATER_RUNAWAY, f.code);
}

void test_an_open_or_shorted_thermistor_is_a_sensor_fault_with_its_counts(void) {
    uint16_t counts[] = {1023, 2};
    for (int i = 0; i < 2; i++) {
        boot_test_board();
        open_session();
        setpoint(1000, 1, 3800, 500, 0);
        fake.temperature_raw[0] = counts[i];
        advance(300);
        CHECK_EQ(0, fake.drive[0]);
        struct seen_fault f;
        CHECK(last_fault(&f));
        CHECK_EQ(FAULT_SENSOR_FAULT, f.code);
        CHECK_EQ(0, f.index);
        CHECK_EQ(counts[i], f.value);
        CHECK_EQ(FAULT_SENSOR_FAULT, last_status().latched);
        clear_faults();
        advance(20);
        CHECK(last_fault(&f));
        CHECK(strncmp(f.text, "not cleared: ", 13) == 0);
    }
}

void test_one_noisy_sample_is_not_a_fault(void) {
    boot_test_board();
    open_session();
    fake.temperature_raw[0] = 1023;
    advance(20);
    fake.temperature_raw[0] = fake_counts_for_celsius(25.0);
    advance(500);
    CHECK_EQ(0, count_of(MSG_FAULT));
}
