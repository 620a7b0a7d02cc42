/*
 * The MCU's behaviour (protocol sections 2.1, 3, 4 and 5): checks on every frame, the link session (HELLO,
 * IDENTIFY), CONFIGURE, SETPOINT, HEARTBEAT, CLEAR_FAULTS, the emergency stop, fault latching and reporting,
 * and STATUS. The timer-driven rules are in guard.c, the zones in motion.c, the heater in heater.c.
 */
#include <string.h>
#include "core.h"
#include "crc16.h"
#include "mcu.h"
#include "port.h"
#include "protocol.h"

struct mcu_state mcu;
static uint32_t boot_ms;

static const char ESTOP_FRAME[] PROGMEM = "emergency stop from the host";
static const char ESTOP_INPUT[] PROGMEM = "emergency-stop loop open";
static const char LEASE[] PROGMEM = "lease expired";
static const char CAP[] PROGMEM = "session cap reached";
static const char BAD_CONFIGURATION[] PROGMEM = "configuration does not fit the board";
static const char SETPOINT_REJECTED[] PROGMEM = "setpoint outside the configuration";

/* ---- limits: the smaller of the board's own and the configured ones ---- */

static uint16_t smaller(uint16_t a, uint16_t b) {
    return a < b ? a : b;
}

uint8_t core_zone_count(void) {
    return mcu.board->zone_count;
}

const struct zone_rules *core_zone_rules(uint8_t zone) {
    return mcu.configured ? &mcu.config.zones[zone] : 0;
}

uint16_t core_heater_max(void) {
    return mcu.configured ? smaller(mcu.config.heater_max_centi, mcu.board->heater_max_centi)
                          : mcu.board->heater_max_centi;
}

uint16_t core_heater_trip(void) {
    return mcu.configured && mcu.config.heater_trip_centi
           ? smaller(mcu.config.heater_trip_centi, mcu.board->heater_trip_centi)
           : mcu.board->heater_trip_centi;
}

uint16_t core_max_lease(void) {
    return mcu.configured ? smaller(mcu.config.max_lease_ms, mcu.board->max_lease_ms) : mcu.board->max_lease_ms;
}

static uint16_t session_cap_s(void) {
    uint16_t own = mcu.board->session_cap_s;
    return mcu.configured && mcu.config.session_cap_s ? smaller(own, mcu.config.session_cap_s) : own;
}

static uint16_t status_period_ms(void) {
    return mcu.configured && mcu.config.status_period_ms ? mcu.config.status_period_ms
                                                         : CONFIG_DEFAULT_STATUS_MS;
}

/* ---- outputs and faults ---- */

void core_cut_outputs(void) {
    uint8_t state = board_lock();
    board_cut_outputs();
    guard_disarm();
    motion_all_off();
    heater_off();
    board_unlock(state);
}

void core_report(const struct fault_report *report) {
    if (mcu.outbox_count == CORE_OUTBOX) {
        if (mcu.outbox_overflow != 0xFFFF) {
            mcu.outbox_overflow++; /* the fault stays latched and in STATUS */
        }
        return;
    }
    mcu.outbox[(uint8_t)((mcu.outbox_head + mcu.outbox_count) % CORE_OUTBOX)] = *report;
    mcu.outbox_count++;
}

void core_fault(uint8_t code, uint8_t index, int16_t value, const char *text_P) {
    core_cut_outputs();
    if (!mcu.latched) {
        mcu.latched = code;
    }
    if (code == FAULT_EMERGENCY_STOP) {
        mcu.estop_latched = 1;
    }
    uint16_t bit = (uint16_t)(1u << (code & 0x0F));
    if (!(mcu.reported & bit)) {
        mcu.reported |= bit;
        struct fault_report report = {code, index, value, 0, text_P};
        core_report(&report);
    }
}

static void latch_trips(void) {
    uint8_t trips = guard_take_trips();
    if (trips & TRIP_ESTOP_INPUT) {
        core_fault(FAULT_EMERGENCY_STOP, FAULT_NO_INDEX, ESTOP_REASON_INPUT, ESTOP_INPUT);
    }
    if (trips & TRIP_LEASE) {
        core_fault(FAULT_LEASE_EXPIRED, FAULT_NO_INDEX, (int16_t)guard.lease_ms, LEASE);
    }
    if (trips & TRIP_CAP) {
        core_fault(FAULT_SESSION_CAP, FAULT_NO_INDEX, (int16_t)guard_cap_s(), CAP);
    }
}

/* ---- boot ---- */

void mcu_boot(const struct board_info *board, uint32_t boot_id, uint8_t reset_cause, uint32_t now_ms) {
    board_cut_outputs();
    memset(&mcu, 0, sizeof mcu);
    mcu.board = board;
    mcu.boot_id = boot_id;
    mcu.reset_cause = reset_cause;
    boot_ms = now_ms;
    frame_rx_init(&mcu.rx);
    link_init(&mcu.link);
    guard_reset(board->session_cap_s);
    motion_reset();
    heater_reset();
    mcu.boot_owed = 1; /* BOOT is reliable frame 1, then STATUS every period */
    mcu.next_status_ms = now_ms;
}

/* ---- messages from the host ---- */

static void on_hello(const struct hello *hello) {
    core_cut_outputs();
    mcu.configured = 0;
    mcu.config_crc = 0;
    guard_set_cap(session_cap_s());
    link_restart_sending(&mcu.link); /* IDENTIFY is reliable frame 1 of the new link session */
    mcu.outbox_count = 0;
    mcu.boot_owed = 0;
    mcu.identify_owed = 1;
    mcu.nonce = hello->nonce;
}

/* The payload offset of the first field that does not fit the board, or -1. */
static int16_t misfit(const struct configure *c) {
    const struct board_info *board = mcu.board;
    if (c->zone_count != board->zone_count) {
        return 0;
    }
    for (uint8_t zone = 0; zone < c->zone_count; zone++) {
        const struct zone_rules *r = &c->zones[zone];
        if (r->max_steps > board->zones[zone].steps) {
            return CONFIGURE_ZONE_OFFSET(zone, 0);
        }
        if (r->off_below > r->max_steps) {
            return CONFIGURE_ZONE_OFFSET(zone, 2);
        }
        if (r->kick_steps > r->max_steps) {
            return CONFIGURE_ZONE_OFFSET(zone, 4);
        }
        if (!r->kick_steps != !r->kick_ms) {
            return CONFIGURE_ZONE_OFFSET(zone, 6);
        }
        if (r->spin_down_ms > CONFIG_MAX_SPIN_DOWN_MS) {
            return CONFIGURE_ZONE_OFFSET(zone, 12);
        }
    }
    uint8_t n = c->zone_count;
    if (board->capabilities & CAP_HEATER) {
        if (c->heater_max_centi > CONFIG_MAX_HEATER_CENTI) {
            return CONFIGURE_TAIL_OFFSET(n, 0);
        }
        if (c->heater_trip_centi > CONFIG_MAX_TRIP_CENTI || c->heater_max_centi >= c->heater_trip_centi) {
            return CONFIGURE_TAIL_OFFSET(n, 2);
        }
    } else {
        if (c->heater_max_centi) {
            return CONFIGURE_TAIL_OFFSET(n, 0);
        }
        if (c->heater_trip_centi) {
            return CONFIGURE_TAIL_OFFSET(n, 2);
        }
    }
    if (c->max_lease_ms < 1 || c->max_lease_ms > CONFIG_MAX_LEASE_MS) {
        return CONFIGURE_TAIL_OFFSET(n, 4);
    }
    if (c->status_period_ms
        && (c->status_period_ms < CONFIG_MIN_STATUS_MS || c->status_period_ms > CONFIG_MAX_STATUS_MS)) {
        return CONFIGURE_TAIL_OFFSET(n, 6);
    }
    if (c->session_cap_s > CONFIG_MAX_CAP_S) {
        return CONFIGURE_TAIL_OFFSET(n, 8);
    }
    return -1;
}

static void on_configure(const struct configure *c, const uint8_t *payload, uint8_t length, uint32_t now_ms) {
    int16_t offset = misfit(c);
    core_cut_outputs();
    if (offset >= 0) {
        mcu.configured = 0;
        mcu.config_crc = 0;
        guard_set_cap(session_cap_s());
        core_fault(FAULT_BAD_CONFIGURATION, FAULT_NO_INDEX, offset, BAD_CONFIGURATION);
        return;
    }
    mcu.config = *c;
    mcu.configured = 1;
    mcu.config_crc = crc16(payload, length);
    guard_set_cap(session_cap_s());
    mcu.next_status_ms = now_ms; /* the host waits for a STATUS echoing the CRC: send one at once */
}

/* The payload offset of the first field of a non-zero SETPOINT that breaks the configuration, or -1. */
static int16_t breaks_configuration(const struct setpoint *s, uint8_t *index) {
    *index = FAULT_NO_INDEX;
    if (s->lease_ms == 0 || s->lease_ms > core_max_lease()) {
        return SETPOINT_OFFSET_LEASE;
    }
    if (s->heater_on && !(mcu.board->capabilities & CAP_HEATER)) {
        return SETPOINT_OFFSET_HEATER_ON;
    }
    if (s->heater_on && s->heater_centi > core_heater_max()) {
        return SETPOINT_OFFSET_HEATER_CENTI;
    }
    if (s->zone_count != core_zone_count()) {
        return SETPOINT_OFFSET_ZONE_COUNT;
    }
    for (uint8_t zone = 0; zone < s->zone_count; zone++) {
        if (s->steps[zone] > mcu.config.zones[zone].max_steps) {
            *index = zone;
            return SETPOINT_OFFSET_STEPS(zone);
        }
    }
    return -1;
}

static void on_setpoint(const struct setpoint *s, uint32_t now_ms) {
    if (!mcu.configured) {
        return;
    }
    if (s->all_off) {
        core_cut_outputs();
        return;
    }
    if (mcu.latched || mcu.estop_latched) {
        return; /* outputs stay off until CLEAR_FAULTS */
    }
    uint8_t index;
    int16_t offset = breaks_configuration(s, &index);
    if (offset >= 0) {
        core_fault(FAULT_SETPOINT_REJECTED, index, offset, SETPOINT_REJECTED);
        return;
    }
    if (guard_cap_reached(now_ms)) { /* within a minute of a capped session: not a new one */
        core_fault(FAULT_SESSION_CAP, FAULT_NO_INDEX, (int16_t)guard_cap_s(), CAP);
        return;
    }
    uint8_t state = board_lock();
    if (!guard.trips) { /* else the timer interrupt has just cut, and its fault is latched next */
        guard_arm(s->lease_ms, now_ms);
        motion_set(s, now_ms);
        heater_set(s->heater_on, s->heater_centi);
    }
    board_unlock(state);
}

static void on_heartbeat(const struct heartbeat *h, uint32_t now_ms) {
    if (h->lease_ms == 0) {
        return; /* a probe: renews nothing */
    }
    uint8_t state = board_lock();
    guard_renew(smaller(h->lease_ms, core_max_lease()), now_ms);
    board_unlock(state);
}

static void on_clear_faults(void) {
    struct fault_report persisting = {0, FAULT_NO_INDEX, 0, 1, 0};
    if (guard.estop_input_open) {
        persisting.code = FAULT_EMERGENCY_STOP;
        persisting.value = ESTOP_REASON_INPUT;
        persisting.text = ESTOP_INPUT;
    } else if (!heater_cause_persists(&persisting)) {
        mcu.latched = 0;
        mcu.estop_latched = 0;
        mcu.reported = 0;
        return;
    }
    persisting.not_cleared = 1;
    core_report(&persisting);
}

/* ---- frames ---- */

static uint8_t is_frozen(uint8_t type) {
    return type == MSG_HELLO || type == MSG_IDENTIFY || type == MSG_BOOT || type == MSG_EMERGENCY_STOP
           || type == MSG_ACK;
}

static uint8_t is_reliable_from_host(uint8_t type) {
    return type == MSG_HELLO || type == MSG_CONFIGURE || type == MSG_SETPOINT || type == MSG_CLEAR_FAULTS;
}

static uint8_t is_from_host(uint8_t type) {
    return is_reliable_from_host(type) || type == MSG_HEARTBEAT || type == MSG_ACK;
}

static void send_ack(void) {
    if (link_send_unreliable(&mcu.link, MSG_ACK, 0, 0)) {
        mcu.link.ack_owed = 0;
    } else {
        mcu.link.ack_owed = 1; /* link_poll sends it when the line has room */
    }
}

static void handle_frame(const struct frame *f, uint32_t now_ms) {
    if (f->type == MSG_EMERGENCY_STOP) { /* before any version, sequence or configuration check */
        core_fault(FAULT_EMERGENCY_STOP, FAULT_NO_INDEX, ESTOP_REASON_FRAME, ESTOP_FRAME);
        return;
    }
    if ((f->version >> 4) != PROTOCOL_MAJOR && !is_frozen(f->type)) {
        return; /* bad version */
    }
    if (!is_from_host(f->type)) {
        return; /* unknown type */
    }
    uint8_t reliable = is_reliable_from_host(f->type);
    if (reliable ? f->seq == 0 : f->seq != 0) {
        return; /* bad payload */
    }
    union {
        struct hello hello;
        struct configure configure;
        struct setpoint setpoint;
        struct heartbeat heartbeat;
    } m;
    uint8_t fits;
    switch (f->type) {
    case MSG_HELLO: fits = decode_hello(f->payload, f->length, &m.hello); break;
    case MSG_CONFIGURE: fits = decode_configure(f->payload, f->length, &m.configure); break;
    case MSG_SETPOINT: fits = decode_setpoint(f->payload, f->length, &m.setpoint); break;
    case MSG_HEARTBEAT: fits = decode_heartbeat(f->payload, f->length, &m.heartbeat); break;
    default: fits = decode_empty(f->length); break; /* CLEAR_FAULTS, ACK */
    }
    if (!fits) {
        return; /* bad payload: not acknowledged, ACK field not read */
    }
    link_acknowledged(&mcu.link, f->ack);
    if (reliable) {
        uint8_t fresh = link_accept(&mcu.link, f->seq, f->type == MSG_HELLO);
        send_ack();
        if (!fresh) {
            return; /* a duplicate: acknowledged again, not delivered */
        }
    }
    switch (f->type) {
    case MSG_HELLO: on_hello(&m.hello); break;
    case MSG_CONFIGURE: on_configure(&m.configure, f->payload, f->length, now_ms); break;
    case MSG_SETPOINT: on_setpoint(&m.setpoint, now_ms); break;
    case MSG_HEARTBEAT: send_ack(); on_heartbeat(&m.heartbeat, now_ms); break;
    case MSG_CLEAR_FAULTS: on_clear_faults(); break;
    default: break; /* ACK: its ACK field was all it carried */
    }
}

static void handle_frames(uint32_t now_ms) {
    struct frame f;
    while (frame_rx_next(&mcu.rx, now_ms, &f)) {
        handle_frame(&f, now_ms);
    }
}

void mcu_receive(uint8_t byte, uint32_t now_ms) {
    if (!frame_rx_push(&mcu.rx, byte, now_ms)) {
        handle_frames(now_ms);
        frame_rx_push(&mcu.rx, byte, now_ms);
    }
}

/* ---- what the MCU sends ---- */

static void send_next_reliable(void) {
    if (link_busy(&mcu.link)) {
        return;
    }
    uint8_t payload[CORE_MAX_RELIABLE_PAYLOAD];
    uint8_t length;
    uint8_t type;
    if (mcu.boot_owed) {
        struct boot boot = {mcu.boot_id, mcu.reset_cause};
        type = MSG_BOOT;
        length = encode_boot(&boot, payload, sizeof payload);
        mcu.boot_owed = 0;
    } else if (mcu.identify_owed) {
        const struct board_info *b = mcu.board;
        struct identify identify = {PROTOCOL_MAJOR, PROTOCOL_MINOR, b->firmware_version, b->board_id, mcu.boot_id,
                                    mcu.nonce, b->max_lease_ms, b->session_cap_s, b->capabilities,
                                    b->temperature_count, b->zone_count, b->zones};
        type = MSG_IDENTIFY;
        length = encode_identify(&identify, payload, sizeof payload);
        mcu.identify_owed = 0;
    } else if (mcu.outbox_count) {
        type = MSG_FAULT;
        length = encode_fault(&mcu.outbox[mcu.outbox_head], payload, sizeof payload);
        mcu.outbox_head = (uint8_t)((mcu.outbox_head + 1) % CORE_OUTBOX);
        mcu.outbox_count--;
    } else {
        return;
    }
    if (length) {
        link_send_reliable(&mcu.link, type, payload, length);
    }
}

static uint8_t state_flags(void) {
    uint8_t flags = 0;
    if (mcu.configured) flags |= STATE_CONFIGURED;
    if (mcu.latched) flags |= STATE_FAULT_LATCHED;
    if (mcu.estop_latched) flags |= STATE_ESTOP_LATCHED;
    if (heater_output()) flags |= STATE_HEATER_ON;
    if (mcu.board->capabilities & CAP_OCCUPANCY) {
        flags |= STATE_OCCUPANCY_PRESENT;
        if (board_occupied()) flags |= STATE_OCCUPIED;
    }
    if ((mcu.board->capabilities & CAP_ESTOP_INPUT) && guard.estop_input_open) flags |= STATE_ESTOP_INPUT_OPEN;
    return flags;
}

static void send_status(uint32_t now_ms) {
    if (!time_reached(now_ms, mcu.next_status_ms)) {
        return;
    }
    struct status s;
    s.boot_id = mcu.boot_id;
    s.uptime_ms = now_ms - boot_ms;
    s.flags = state_flags();
    s.latched_fault = mcu.latched;
    s.config_crc = mcu.configured ? mcu.config_crc : 0;
    s.lease_left_ms = guard_lease_left(now_ms);
    s.crc_errors = mcu.rx.crc_errors;
    s.retransmits = mcu.link.retransmits;
    s.zone_count = core_zone_count();
    for (uint8_t zone = 0; zone < s.zone_count; zone++) {
        s.zones[zone].steps = motion_driven(zone);
        s.zones[zone].rpm = (mcu.board->capabilities & CAP_TACHOMETER) ? board_rpm(zone) : 0;
        s.zones[zone].current_ma = (mcu.board->capabilities & CAP_MOTOR_CURRENT) ? board_current_ma(zone) : 0;
    }
    s.temperature_count = mcu.board->temperature_count;
    for (uint8_t sensor = 0; sensor < s.temperature_count; sensor++) {
        s.temperatures_centi[sensor] = heater_temperature(sensor);
    }
    uint8_t payload[STATUS_PAYLOAD_MAX];
    uint8_t length = encode_status(&s, payload, sizeof payload);
    if (length && link_send_unreliable(&mcu.link, MSG_STATUS, payload, length)) {
        uint16_t period = status_period_ms();
        mcu.next_status_ms += period;
        if (time_reached(now_ms, mcu.next_status_ms)) {
            mcu.next_status_ms = now_ms + period; /* fell behind: no burst of catch-up frames */
        }
    }
}

uint8_t mcu_latched_fault(void) {
    return mcu.latched;
}

void mcu_poll(uint32_t now_ms) {
    latch_trips();
    handle_frames(now_ms);
    latch_trips();
    motion_poll(now_ms);
    heater_poll(now_ms);
    send_next_reliable();
    link_poll(&mcu.link, now_ms);
    send_status(now_ms);
}
