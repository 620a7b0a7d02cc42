#include <string.h>
#include "host.h"
#include "../src/core/frame.h"
#include "../src/core/mcu.h"
#include "../src/core/wire.h"

uint32_t now;
static uint8_t host_seq;
static uint32_t line_mark;
uint8_t auto_ack = 1;
static struct frame_rx ack_scan; /* host_ack()'s reading of the line, and how far it got */
static uint32_t ack_scanned;
static uint8_t ack_last;

const struct board_info test_board = {
    "test-2.0.0", "test-board", 1000, 900, 4100, 4300,
    CAP_HEATER | CAP_OCCUPANCY | CAP_TACHOMETER | CAP_ESTOP_INPUT, 1, 2,
    {{1000, "left"}, {1000, "right"}},
};

void boot_board(const struct board_info *board, uint32_t boot_id, uint8_t cause) {
    fake_reset();
    now = 1000;
    host_seq = 0;
    line_mark = 0;
    auto_ack = 1;
    frame_rx_init(&ack_scan);
    ack_scanned = 0;
    ack_last = 0;
    mcu_boot(board, boot_id, cause, now);
    mcu_poll(now);
}

void boot_test_board(void) {
    boot_board(&test_board, 0x12345678, 0);
}

void send_bytes(const uint8_t *bytes, uint16_t count) {
    for (uint16_t i = 0; i < count; i++) {
        mcu_receive(bytes[i], now);
    }
    mcu_poll(now);
}

void send_frame(uint8_t version, uint8_t seq, uint8_t ack, uint8_t type, const uint8_t *payload, uint8_t length) {
    uint8_t bytes[FRAME_MAX];
    uint16_t size = frame_encode(bytes, version, seq, ack, type, payload, length);
    send_bytes(bytes, size);
}

uint8_t next_seq(void) {
    host_seq = host_seq == 255 ? 1 : (uint8_t)(host_seq + 1);
    return host_seq;
}

/* What a host that accepted everything the MCU sent would put in its ACK field (the line is read on from
 * where the last call stopped). */
uint8_t host_ack(void) {
    if (!auto_ack) {
        return 0;
    }
    for (; ack_scanned < fake.line_length; ack_scanned++) {
        frame_rx_push(&ack_scan, fake.line[ack_scanned], 0);
        struct frame f;
        while (frame_rx_next(&ack_scan, 0, &f)) {
            if (f.seq) {
                ack_last = f.seq;
            }
        }
    }
    return ack_last;
}

static void send_reliable(uint8_t type, const uint8_t *payload, uint8_t length) {
    send_frame(PROTOCOL_VER, next_seq(), host_ack(), type, payload, length);
}

void hello(uint32_t nonce) {
    uint8_t payload[6];
    struct writer w;
    writer_start(&w, payload, sizeof payload);
    put_u32(&w, nonce);
    put_u8(&w, PROTOCOL_MAJOR);
    put_u8(&w, PROTOCOL_MINOR);
    host_seq = 0;
    send_reliable(MSG_HELLO, payload, w.length);
}

uint8_t encode_configure(const struct configure *c, uint8_t *out) {
    struct writer w;
    writer_start(&w, out, FRAME_MAX_PAYLOAD);
    put_u8(&w, c->zone_count);
    for (uint8_t zone = 0; zone < c->zone_count; zone++) {
        const struct zone_rules *r = &c->zones[zone];
        put_u16(&w, r->max_steps);
        put_u16(&w, r->off_below);
        put_u16(&w, r->kick_steps);
        put_u16(&w, r->kick_ms);
        put_u16(&w, r->stall_rpm);
        put_u16(&w, r->stuck_rpm);
        put_u16(&w, r->spin_down_ms);
    }
    put_u16(&w, c->heater_max_centi);
    put_u16(&w, c->heater_trip_centi);
    put_u16(&w, c->max_lease_ms);
    put_u16(&w, c->status_period_ms);
    put_u16(&w, c->session_cap_s);
    return w.length;
}

void configure(const struct configure *c) {
    uint8_t payload[FRAME_MAX_PAYLOAD];
    uint8_t length = encode_configure(c, payload);
    send_reliable(MSG_CONFIGURE, payload, length);
}

struct configure standard_configuration(void) {
    struct configure c;
    memset(&c, 0, sizeof c);
    c.zone_count = 2;
    for (int zone = 0; zone < 2; zone++) {
        c.zones[zone] = (struct zone_rules){1000, 100, 300, 150, 60, 300, 2000};
    }
    c.heater_max_centi = 4000;
    c.heater_trip_centi = 4250;
    c.max_lease_ms = 1000;
    c.status_period_ms = 250;
    c.session_cap_s = 900;
    return c;
}

void setpoint(uint16_t lease_ms, uint8_t heater_on, uint16_t heater_centi, uint16_t left, uint16_t right) {
    uint8_t payload[10];
    struct writer w;
    writer_start(&w, payload, sizeof payload);
    put_u16(&w, lease_ms);
    put_u8(&w, heater_on);
    put_u16(&w, heater_centi);
    put_u8(&w, 2);
    put_u16(&w, left);
    put_u16(&w, right);
    send_reliable(MSG_SETPOINT, payload, w.length);
}

void heartbeat(uint16_t lease_ms) {
    uint8_t payload[2] = {(uint8_t)(lease_ms >> 8), (uint8_t)lease_ms};
    send_frame(PROTOCOL_VER, 0, host_ack(), MSG_HEARTBEAT, payload, 2);
}

void clear_faults(void) {
    send_reliable(MSG_CLEAR_FAULTS, 0, 0);
}

void emergency_stop(void) {
    uint8_t reason = 1;
    send_frame(PROTOCOL_VER, 0, 0, MSG_EMERGENCY_STOP, &reason, 1);
}

void open_session(void) {
    hello(0xABCD0001);
    struct configure c = standard_configuration();
    configure(&c);
    setpoint(0, 0, 0, 0, 0);
}

void advance(uint32_t ms) {
    while (ms--) {
        now++;
        mcu_timer_tick(now);
        mcu_poll(now);
    }
}

void advance_timer_only(uint32_t ms) {
    while (ms--) {
        now++;
        mcu_timer_tick(now);
    }
}

void forget_line(void) {
    line_mark = fake.line_length;
}

int frames(struct sent *out, int max) {
    static struct frame_rx rx;
    frame_rx_init(&rx);
    int found = 0;
    for (uint32_t i = line_mark; i < fake.line_length; i++) {
        frame_rx_push(&rx, fake.line[i], 0);
        struct frame f;
        while (frame_rx_next(&rx, 0, &f)) {
            if (found < max) {
                struct sent *s = &out[found];
                s->version = f.version;
                s->seq = f.seq;
                s->ack = f.ack;
                s->type = f.type;
                s->length = f.length;
                memcpy(s->payload, f.payload, f.length);
            }
            found++;
        }
    }
    return found < max ? found : max;
}

#define KEPT 20000
static struct sent all[KEPT];

int count_of(uint8_t type) {
    int n = frames(all, KEPT), c = 0;
    for (int i = 0; i < n; i++) {
        c += all[i].type == type;
    }
    return c;
}

int last_of(uint8_t type, struct sent *out) {
    int n = frames(all, KEPT);
    for (int i = n - 1; i >= 0; i--) {
        if (all[i].type == type) {
            *out = all[i];
            return 1;
        }
    }
    return 0;
}

int acks_since_forget(void) {
    return count_of(MSG_ACK);
}

static struct seen_status parse_status(const struct sent *s) {
    struct seen_status st;
    memset(&st, 0, sizeof st);
    struct reader r;
    reader_start(&r, s->payload, s->length);
    st.boot_id = get_u32(&r);
    st.uptime_ms = get_u32(&r);
    st.flags = get_u8(&r);
    st.latched = get_u8(&r);
    st.config_crc = get_u16(&r);
    st.lease_left = get_u16(&r);
    st.crc_errors = get_u16(&r);
    st.retransmits = get_u16(&r);
    st.zone_count = get_u8(&r);
    for (int z = 0; z < st.zone_count && z < CORE_MAX_ZONES; z++) {
        st.steps[z] = get_u16(&r);
        st.rpm[z] = get_u16(&r);
        st.current[z] = get_u16(&r);
    }
    st.temperature_count = get_u8(&r);
    for (int t = 0; t < st.temperature_count && t < CORE_MAX_SENSORS; t++) {
        st.centi[t] = (int16_t)get_u16(&r);
    }
    return st;
}

struct seen_status last_status(void) {
    struct sent s;
    memset(&s, 0, sizeof s);
    last_of(MSG_STATUS, &s);
    return parse_status(&s);
}

static struct seen_fault parse_fault(const struct sent *s) {
    struct seen_fault f;
    memset(&f, 0, sizeof f);
    struct reader r;
    reader_start(&r, s->payload, s->length);
    f.code = get_u8(&r);
    f.index = get_u8(&r);
    f.value = (int16_t)get_u16(&r);
    uint8_t n = get_u8(&r);
    for (uint8_t i = 0; i < n && i < sizeof f.text - 1; i++) {
        f.text[i] = (char)get_u8(&r);
    }
    return f;
}

int faults(struct seen_fault *out, int max) {
    int n = frames(all, KEPT), c = 0;
    uint8_t delivered_up_to = 0; /* the host's window: each sequence once */
    for (int i = 0; i < n; i++) {
        if (all[i].type != MSG_FAULT || all[i].seq == delivered_up_to) {
            continue;
        }
        delivered_up_to = all[i].seq;
        if (c < max) {
            out[c] = parse_fault(&all[i]);
        }
        c++;
    }
    return c;
}

int last_fault(struct seen_fault *out) {
    struct sent s;
    if (!last_of(MSG_FAULT, &s)) {
        return 0;
    }
    *out = parse_fault(&s);
    return 1;
}
