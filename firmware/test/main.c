/* Runs every host unit test of the firmware core: `unit-tests [path/to/docs/protocol.md]`. */
#include <string.h>
#include "check.h"

int check_failures;
const char *check_current;
extern const char *spec_path;

#define TESTS(X)                                                                                  \
    X(test_crc_check_values)                                                                      \
    X(test_frames_are_found_after_garbage_and_back_to_back)                                       \
    X(test_an_oversize_length_drops_only_the_sync_byte)                                           \
    X(test_a_frame_that_starts_inside_a_damaged_one_is_found)                                     \
    X(test_a_truncated_frame_is_dropped_when_the_line_goes_idle)                                  \
    X(test_a_bit_flip_anywhere_is_a_crc_error)                                                    \
    X(test_frames_survive_random_noise)                                                           \
    X(test_the_window_on_the_circle_1_to_255)                                                     \
    X(test_every_accepted_reliable_frame_is_acknowledged_duplicates_too)                          \
    X(test_rejected_frames_are_not_acknowledged)                                                  \
    X(test_an_unacknowledged_frame_is_resent_every_100_ms_then_dropped_after_20_sends)            \
    X(test_an_acknowledged_frame_is_not_resent)                                                   \
    X(test_the_ack_field_of_a_resent_frame_is_refreshed)                                          \
    X(test_golden_vectors_are_all_there)                                                          \
    X(test_golden_host_messages_decode)                                                           \
    X(test_golden_mcu_messages_encode)                                                            \
    X(test_the_core_booted_as_the_golden_board_answers_with_golden_frames)                        \
    X(test_boot_cuts_outputs_sends_boot_then_status_every_250_ms)                                 \
    X(test_hello_is_answered_with_identify_echoing_the_nonce)                                     \
    X(test_configure_is_echoed_as_its_crc_in_every_status)                                        \
    X(test_a_configuration_that_does_not_fit_latches_bad_configuration_with_the_offset)           \
    X(test_a_board_without_heater_takes_only_zero_heater_limits)                                  \
    X(test_setpoints_are_ignored_until_configured)                                                \
    X(test_a_setpoint_drives_and_its_lease_cuts_at_the_deadline)                                  \
    X(test_the_lease_holds_when_the_main_loop_hangs)                                              \
    X(test_heartbeats_renew_the_lease_probes_do_not)                                              \
    X(test_a_heartbeat_never_starts_anything)                                                     \
    X(test_a_setpoint_that_breaks_the_configuration_is_rejected_with_the_offset)                  \
    X(test_a_latched_fault_ignores_non_zero_setpoints_until_clear_faults)                         \
    X(test_a_fault_latched_while_the_host_was_away_survives_hello)                                \
    X(test_hello_cuts_the_outputs_and_unconfigures)                                               \
    X(test_the_session_cap_fires_at_the_configured_cap_through_heartbeats)                        \
    X(test_brief_pauses_do_not_restart_the_cap_a_minute_off_does)                                 \
    X(test_the_boards_own_cap_holds_when_the_configuration_asks_for_none)                         \
    X(test_an_emergency_stop_frame_acts_before_any_check)                                         \
    X(test_repeated_emergency_stops_report_once)                                                  \
    X(test_the_emergency_stop_loop_cuts_from_the_timer_and_blocks_clear_while_open)               \
    X(test_an_open_loop_at_boot_is_an_emergency_stop)                                             \
    X(test_each_further_distinct_fault_is_reported_once_the_first_stays_latched)                  \
    X(test_status_reports_the_seat_switch)                                                        \
    X(test_a_configured_status_period_is_used)                                                    \
    X(test_crc_errors_are_counted_in_status)                                                      \
    X(test_a_stopped_motor_gets_its_kick_then_the_asked_drive)                                    \
    X(test_a_drive_at_or_above_the_kick_needs_none)                                               \
    X(test_a_setpoint_during_the_kick_replaces_the_asked_drive_and_all_off_ends_it)               \
    X(test_a_motor_that_does_not_turn_is_stalled_a_second_after_its_kick)                         \
    X(test_a_turning_motor_is_not_stalled_nor_a_drive_below_off_below)                            \
    X(test_a_motor_that_coasts_within_its_spin_down_is_not_stuck)                                 \
    X(test_a_motor_that_keeps_turning_after_its_spin_down_is_a_stuck_relay)                       \
    X(test_the_thermostat_holds_the_pad_below_its_setpoint)                                       \
    X(test_the_pad_at_the_trip_is_over_temperature)                                               \
    X(test_a_pad_that_heats_while_the_heater_is_off_is_a_runaway)                                 \
    X(test_an_open_or_shorted_thermistor_is_a_sensor_fault_with_its_counts)                       \
    X(test_one_noisy_sample_is_not_a_fault)                                                       \
    X(test_the_thermistor_table_follows_the_b_equation)                                           \
    X(test_the_tachometer_reads_speed_and_a_stop)                                                 \
    X(test_random_sequences_never_drive_outside_the_rules)

#define DECLARE(name) void name(void);
TESTS(DECLARE)
#define ENTRY(name) {#name, name},
static const struct test_case cases[] = {TESTS(ENTRY)};

int main(int argc, char **argv) {
    if (argc > 1) {
        spec_path = argv[1];
    }
    const char *only = argc > 2 ? argv[2] : 0;
    int failed_tests = 0, run = 0;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (only && !strstr(cases[i].name, only)) {
            continue;
        }
        int before = check_failures;
        check_current = cases[i].name;
        cases[i].run();
        run++;
        if (check_failures != before) {
            failed_tests++;
            printf("FAIL %s\n", cases[i].name);
        } else {
            printf("ok   %s\n", cases[i].name);
        }
    }
    printf("%d tests, %d failed\n", run, failed_tests);
    return failed_tests ? 1 : 0;
}
