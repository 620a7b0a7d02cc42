/*
 * Randomized sequences with a fixed, printed seed: valid and broken frames, noise, time, a thermistor and an
 * emergency-stop loop that change. After every step the outputs obey the rules: nothing is driven unless the
 * board is configured, no fault or emergency stop is latched, the lease has not run out and the cap has not
 * been reached, and no zone is driven above its configured limit.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "host.h"
#include "../src/core/core.h"
#include "../src/core/mcu.h"
#include "../src/core/port.h"

static int violations;
static uint32_t loop_open_since; /* 0: closed */

static void check_invariants(const char *after) {
    int driven = fake.heater;
    for (int zone = 0; zone < test_board.zone_count; zone++) {
        driven |= fake.drive[zone] != 0;
        if (mcu.configured && fake.drive[zone] > mcu.config.zones[zone].max_steps) {
            violations++;
            fprintf(stderr, "    after %s: zone %d driven at %u above its limit\n", after, zone, fake.drive[zone]);
        }
    }
    if (!driven) {
        return;
    }
    /* the timer cuts at its next tick: an open loop within 2 ms (debounce) */
    int loop_open = loop_open_since && now - loop_open_since >= 2;
    int lease_over = time_reached(now, guard.lease_deadline);
    int capped = guard.session_running && now - guard.session_start_ms >= guard.cap_ms;
    int ok = mcu.configured && !mcu.latched && !mcu.estop_latched && guard.live && !lease_over && !loop_open
             && !capped;
    if (!ok) {
        violations++;
        fprintf(stderr, "    after %s at %u ms: outputs driven (configured %d latched %d estop %d live %d lease over %d "
                "loop open %d capped %d)\n", after, now, mcu.configured, mcu.latched, mcu.estop_latched, guard.live,
                lease_over, loop_open, capped);
    }
}

static void random_setpoint(void) {
    uint16_t lease = (uint16_t)(rand() % 4 ? 200 + rand() % 800 : rand() % 1200);
    setpoint(lease, (uint8_t)(rand() % 4 == 0), (uint16_t)(rand() % 4200), (uint16_t)(rand() % 3 ? rand() % 1000 : rand() % 1100),
             (uint16_t)(rand() % 2 ? 0 : rand() % 1000));
}

static void random_noise(void) {
    uint8_t bytes[64];
    int n = 1 + rand() % 64;
    for (int i = 0; i < n; i++) {
        bytes[i] = (uint8_t)(rand() % 3 ? rand() : FRAME_SYNC);
    }
    send_bytes(bytes, (uint16_t)n);
}

static void random_damaged_setpoint(void) {
    uint8_t payload[10] = {0x03, 0xE8, 0, 0, 0, 2, 0x03, 0x20, 0x03, 0x20};
    uint8_t frame[32];
    uint16_t size = frame_encode(frame, PROTOCOL_VER, next_seq(), host_ack(), MSG_SETPOINT, payload, 10);
    frame[1 + rand() % (size - 1)] ^= (uint8_t)(1 << (rand() % 8));
    send_bytes(frame, size);
}

static void random_configuration(void) {
    struct configure c = standard_configuration();
    if (rand() % 3 == 0) {
        c.zones[rand() % 2].max_steps = (uint16_t)(rand() % 1200);
    }
    if (rand() % 3 == 0) {
        c.session_cap_s = (uint16_t)(rand() % 20);
    }
    if (rand() % 4 == 0) {
        c.max_lease_ms = (uint16_t)(rand() % 1100);
    }
    configure(&c);
}

void test_random_sequences_never_drive_outside_the_rules(void) {
    unsigned seed = 20240611;
    printf("    random sequence seed %u\n", seed);
    srand(seed);
    violations = 0;
    for (int run = 0; run < 40; run++) {
        boot_test_board();
        loop_open_since = 0;
        open_session();
        for (int step = 0; step < 400; step++) {
            const char *what;
            switch (rand() % 14) {
            case 0: case 1: case 2: random_setpoint(); what = "setpoint"; break;
            case 3: case 4: heartbeat((uint16_t)(rand() % 1500)); what = "heartbeat"; break;
            case 5: advance((uint32_t)(rand() % 1500)); what = "time"; break;
            case 6: random_noise(); what = "noise"; break;
            case 7: random_damaged_setpoint(); what = "damaged setpoint"; break;
            case 8: clear_faults(); what = "clear faults"; break;
            case 9: if (rand() % 5 == 0) { emergency_stop(); } what = "emergency stop"; break;
            case 10: if (rand() % 6 == 0) { hello((uint32_t)rand()); } what = "hello"; break;
            case 11: if (rand() % 4 == 0) { random_configuration(); } what = "configure"; break;
            case 12:
                fake.estop_open = rand() % 10 == 0;
                loop_open_since = fake.estop_open ? (loop_open_since ? loop_open_since : now) : 0;
                fake.temperature_raw[0] = rand() % 8 == 0 ? (uint16_t)(rand() % 1024) : fake_counts_for_celsius(30);
                what = "inputs";
                break;
            default: force_rpm(rand() % 2, (uint16_t)(rand() % 4000)); what = "motor speed"; break;
            }
            check_invariants(what);
            advance(1);
            check_invariants("a millisecond");
        }
    }
    CHECK_EQ(0, violations);
}
