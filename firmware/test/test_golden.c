/*
 * The golden vectors of docs/protocol.md section 10, read from the spec at test time (so that spec and C
 * cannot drift): every frame decodes with the C receiver and re-encodes to the same bytes; the host's
 * messages decode to the values the section states; the MCU's messages, built from those values, encode to
 * exactly the golden bytes; and the core itself, booted as the golden board, answers the golden HELLO with
 * exactly the golden ACK and IDENTIFY.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "host.h"
#include "../src/core/crc16.h"
#include "../src/core/frame.h"
#include "../src/core/mcu.h"

const char *spec_path = "../docs/protocol.md";

struct golden {
    char name[32];
    uint8_t bytes[FRAME_MAX];
    int size;
};
static struct golden vectors[32];
static int vector_count;

static int load_vectors(void) {
    FILE *file = fopen(spec_path, "r");
    if (!file) {
        fprintf(stderr, "cannot read %s\n", spec_path);
        return 0;
    }
    char line[2048];
    int inside = 0;
    vector_count = 0;
    while (fgets(line, sizeof line, file)) {
        if (strncmp(line, "```golden", 9) == 0) {
            inside = 1;
        } else if (inside && strncmp(line, "```", 3) == 0) {
            inside = 0;
        } else if (inside && strchr(line, ':') && vector_count < 32) {
            struct golden *g = &vectors[vector_count++];
            char *colon = strchr(line, ':');
            int n = (int)(colon - line);
            snprintf(g->name, sizeof g->name, "%.*s", n, line);
            g->size = 0;
            for (char *p = colon + 1; *p;) {
                char *end;
                long value = strtol(p, &end, 16);
                if (end == p) {
                    break;
                }
                g->bytes[g->size++] = (uint8_t)value;
                p = end;
            }
        }
    }
    fclose(file);
    return vector_count;
}

static const struct golden *vector(const char *name) {
    for (int i = 0; i < vector_count; i++) {
        if (strcmp(vectors[i].name, name) == 0) {
            return &vectors[i];
        }
    }
    fprintf(stderr, "%s: no golden vector %s\n", spec_path, name);
    check_failures++;
    return 0;
}

/* Decodes one golden line as exactly one frame, with the given header. */
static int frame_of(const char *name, uint8_t seq, uint8_t ack, uint8_t type, struct frame *out) {
    static struct frame_rx rx;
    const struct golden *g = vector(name);
    if (!g) {
        return 0;
    }
    frame_rx_init(&rx);
    for (int i = 0; i < g->size; i++) {
        frame_rx_push(&rx, g->bytes[i], 0);
    }
    if (!frame_rx_next(&rx, 0, out)) {
        fprintf(stderr, "%s: golden %s is not a frame with a good CRC\n", spec_path, name);
        check_failures++;
        return 0;
    }
    CHECK_EQ(g->size, out->length + FRAME_OVERHEAD);
    CHECK_EQ(PROTOCOL_VER, out->version);
    CHECK_EQ(seq, out->seq);
    CHECK_EQ(ack, out->ack);
    CHECK_EQ(type, out->type);
    uint8_t again[FRAME_MAX];
    CHECK_EQ(g->size, frame_encode(again, out->version, out->seq, out->ack, out->type, out->payload, out->length));
    CHECK(memcmp(again, g->bytes, (size_t)g->size) == 0);
    return 1;
}

static void check_encoded(const char *name, const struct frame *f, const uint8_t *payload, uint8_t length) {
    check_current = name;
    CHECK_EQ(f->length, length);
    CHECK(length == f->length && memcmp(payload, f->payload, length) == 0);
}

void test_golden_vectors_are_all_there(void) {
    CHECK(load_vectors() >= 12);
    const char *names[] = {"HELLO", "IDENTIFY", "CONFIGURE", "SETPOINT", "SETPOINT-OFF", "HEARTBEAT",
                           "EMERGENCY_STOP", "CLEAR_FAULTS", "STATUS", "FAULT", "BOOT", "ACK"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK(vector(names[i]) != 0);
    }
}

static int decoded(uint8_t fits) {
    CHECK(fits);
    return fits;
}

void test_golden_host_messages_decode(void) {
    load_vectors();
    struct frame f;
    struct hello hello;
    if (frame_of("HELLO", 1, 0, MSG_HELLO, &f) && decoded(decode_hello(f.payload, f.length, &hello))) {
        CHECK_EQ(0x12345678, hello.nonce);
        CHECK_EQ(2, hello.host_major);
        CHECK_EQ(0, hello.host_minor);
    }
    struct configure c;
    if (frame_of("CONFIGURE", 2, 1, MSG_CONFIGURE, &f) && decoded(decode_configure(f.payload, f.length, &c))) {
        CHECK_EQ(1, c.zone_count);
        CHECK_EQ(1000, c.zones[0].max_steps);
        CHECK_EQ(100, c.zones[0].off_below);
        CHECK_EQ(200, c.zones[0].kick_steps);
        CHECK_EQ(150, c.zones[0].kick_ms);
        CHECK_EQ(60, c.zones[0].stall_rpm);
        CHECK_EQ(300, c.zones[0].stuck_rpm);
        CHECK_EQ(2500, c.zones[0].spin_down_ms);
        CHECK_EQ(0, c.heater_max_centi);
        CHECK_EQ(0, c.heater_trip_centi);
        CHECK_EQ(1000, c.max_lease_ms);
        CHECK_EQ(250, c.status_period_ms);
        CHECK_EQ(900, c.session_cap_s);
    }
    struct setpoint s;
    if (frame_of("SETPOINT-OFF", 3, 1, MSG_SETPOINT, &f) && decoded(decode_setpoint(f.payload, f.length, &s))) {
        CHECK_EQ(0, s.heater_on);
        CHECK_EQ(1, s.zone_count);
        CHECK_EQ(0, s.steps[0]);
        CHECK_EQ(1, s.all_off);
    }
    if (frame_of("SETPOINT", 4, 1, MSG_SETPOINT, &f) && decoded(decode_setpoint(f.payload, f.length, &s))) {
        CHECK_EQ(1000, s.lease_ms);
        CHECK_EQ(0, s.heater_on);
        CHECK_EQ(1, s.zone_count);
        CHECK_EQ(500, s.steps[0]);
        CHECK_EQ(0, s.all_off);
    }
    struct heartbeat h;
    if (frame_of("HEARTBEAT", 0, 1, MSG_HEARTBEAT, &f) && decoded(decode_heartbeat(f.payload, f.length, &h))) {
        CHECK_EQ(1000, h.lease_ms);
    }
    uint8_t reason = 0;
    if (frame_of("EMERGENCY_STOP", 0, 0, MSG_EMERGENCY_STOP, &f)) {
        CHECK(decode_emergency_stop(f.payload, f.length, &reason));
        CHECK_EQ(1, reason);
    }
    if (frame_of("CLEAR_FAULTS", 5, 1, MSG_CLEAR_FAULTS, &f)) {
        CHECK(decode_empty(f.length));
    }
}

static const struct board_info golden_board = {
    "sim-2.0.0", "massaged-bm1", 1000, 900, 0, 0, CAP_TACHOMETER | CAP_MOTOR_CURRENT, 0, 1, {{1000, "back"}},
};

void test_golden_mcu_messages_encode(void) {
    load_vectors();
    struct frame f;
    uint8_t payload[FRAME_MAX_PAYLOAD];
    if (frame_of("IDENTIFY", 1, 1, MSG_IDENTIFY, &f)) {
        struct identify m = {2, 0, "sim-2.0.0", "massaged-bm1", 0xCAFEF00D, 0x12345678, 1000, 900,
                             CAP_TACHOMETER | CAP_MOTOR_CURRENT, 0, 1, golden_board.zones};
        check_encoded("IDENTIFY", &f, payload, encode_identify(&m, payload, sizeof payload));
    }
    struct frame configure;
    uint16_t configure_crc = 0;
    if (frame_of("CONFIGURE", 2, 1, MSG_CONFIGURE, &configure)) { /* (frames point into one receive buffer) */
        configure_crc = crc16(configure.payload, configure.length);
    }
    if (frame_of("STATUS", 0, 3, MSG_STATUS, &f)) {
        struct status m;
        memset(&m, 0, sizeof m);
        m.boot_id = 0xCAFEF00D;
        m.uptime_ms = 12345;
        m.flags = STATE_CONFIGURED;
        m.config_crc = configure_crc; /* the golden STATUS echoes the golden CONFIGURE's CRC */
        m.lease_left_ms = 750;
        m.zone_count = 1;
        m.zones[0] = (struct zone_status){500, 1500, 480};
        check_encoded("STATUS", &f, payload, encode_status(&m, payload, sizeof payload));
    }
    if (frame_of("FAULT", 2, 4, MSG_FAULT, &f)) {
        struct fault_report m = {FAULT_LEASE_EXPIRED, FAULT_NO_INDEX, 1000, 0, "lease"};
        check_encoded("FAULT", &f, payload, encode_fault(&m, payload, sizeof payload));
    }
    if (frame_of("BOOT", 1, 0, MSG_BOOT, &f)) {
        struct boot m = {0xCAFEF00D, RESET_PIN};
        check_encoded("BOOT", &f, payload, encode_boot(&m, payload, sizeof payload));
    }
    if (frame_of("ACK", 0, 1, MSG_ACK, &f)) {
        CHECK_EQ(0, f.length);
    }
}

static int line_is(uint32_t from, const struct golden *a, const struct golden *b) {
    uint32_t expected = (uint32_t)(a->size + (b ? b->size : 0));
    if (fake.line_length - from != expected) {
        fprintf(stderr, "    %u bytes written, %u expected\n", fake.line_length - from, expected);
        return 0;
    }
    return memcmp(fake.line + from, a->bytes, (size_t)a->size) == 0
           && (!b || memcmp(fake.line + from + a->size, b->bytes, (size_t)b->size) == 0);
}

void test_the_core_booted_as_the_golden_board_answers_with_golden_frames(void) {
    load_vectors();
    const struct golden *boot = vector("BOOT"), *hello = vector("HELLO"), *ack = vector("ACK"),
                        *identify = vector("IDENTIFY");
    if (!boot || !hello || !ack || !identify) {
        return;
    }
    fake_reset();
    now = 5000;
    mcu_boot(&golden_board, 0xCAFEF00D, RESET_PIN, now);
    mcu_poll(now);
    CHECK(fake.line_length >= (uint32_t)boot->size);
    CHECK(memcmp(fake.line, boot->bytes, (size_t)boot->size) == 0); /* BOOT first, then STATUS */
    uint32_t from = fake.line_length;
    for (int i = 0; i < hello->size; i++) {
        mcu_receive(hello->bytes[i], now);
    }
    mcu_poll(now);
    CHECK(line_is(from, ack, identify));
}
