#include "messages.h"
#include "port.h"
#include "wire.h"

uint8_t decode_hello(const uint8_t *payload, uint8_t length, struct hello *out) {
    struct reader r;
    reader_start(&r, payload, length);
    out->nonce = get_u32(&r);
    out->host_major = get_u8(&r);
    out->host_minor = get_u8(&r);
    return reader_done(&r);
}

uint8_t decode_configure(const uint8_t *payload, uint8_t length, struct configure *out) {
    struct reader r;
    reader_start(&r, payload, length);
    out->zone_count = get_u8(&r);
    for (uint8_t zone = 0; zone < out->zone_count && !r.bad; zone++) {
        struct zone_rules ignored;
        struct zone_rules *rules = zone < CORE_MAX_ZONES ? &out->zones[zone] : &ignored;
        rules->max_steps = get_u16(&r);
        rules->off_below = get_u16(&r);
        rules->kick_steps = get_u16(&r);
        rules->kick_ms = get_u16(&r);
        rules->stall_rpm = get_u16(&r);
        rules->stuck_rpm = get_u16(&r);
        rules->spin_down_ms = get_u16(&r);
    }
    out->heater_max_centi = get_u16(&r);
    out->heater_trip_centi = get_u16(&r);
    out->max_lease_ms = get_u16(&r);
    out->status_period_ms = get_u16(&r);
    out->session_cap_s = get_u16(&r);
    return reader_done(&r);
}

uint8_t decode_setpoint(const uint8_t *payload, uint8_t length, struct setpoint *out) {
    struct reader r;
    reader_start(&r, payload, length);
    out->lease_ms = get_u16(&r);
    out->heater_on = get_flag(&r);
    out->heater_centi = get_u16(&r);
    out->zone_count = get_u8(&r);
    out->all_off = !out->heater_on;
    for (uint8_t zone = 0; zone < out->zone_count && !r.bad; zone++) {
        uint16_t steps = get_u16(&r);
        if (zone < CORE_MAX_ZONES) {
            out->steps[zone] = steps;
        }
        if (steps) {
            out->all_off = 0;
        }
    }
    return reader_done(&r);
}

uint8_t decode_heartbeat(const uint8_t *payload, uint8_t length, struct heartbeat *out) {
    struct reader r;
    reader_start(&r, payload, length);
    out->lease_ms = get_u16(&r);
    return reader_done(&r);
}

uint8_t decode_emergency_stop(const uint8_t *payload, uint8_t length, uint8_t *reason) {
    struct reader r;
    reader_start(&r, payload, length);
    *reason = get_u8(&r);
    return reader_done(&r);
}

uint8_t decode_empty(uint8_t length) {
    return length == 0;
}

static uint8_t finished(const struct writer *w) {
    return w->overflow ? 0 : w->length;
}

uint8_t encode_identify(const struct identify *m, uint8_t *out, uint8_t capacity) {
    struct writer w;
    writer_start(&w, out, capacity);
    put_u8(&w, m->major);
    put_u8(&w, m->minor);
    put_text(&w, m->firmware_version);
    put_text(&w, m->board_id);
    put_u32(&w, m->boot_id);
    put_u32(&w, m->nonce);
    put_u16(&w, m->max_lease_ms);
    put_u16(&w, m->session_cap_s);
    put_u8(&w, m->capabilities);
    put_u8(&w, m->temperature_count);
    put_u8(&w, m->zone_count);
    for (uint8_t zone = 0; zone < m->zone_count; zone++) {
        put_u16(&w, m->zones[zone].steps);
        put_text(&w, m->zones[zone].id);
    }
    return finished(&w);
}

uint8_t encode_status(const struct status *m, uint8_t *out, uint8_t capacity) {
    struct writer w;
    writer_start(&w, out, capacity);
    put_u32(&w, m->boot_id);
    put_u32(&w, m->uptime_ms);
    put_u8(&w, m->flags);
    put_u8(&w, m->latched_fault);
    put_u16(&w, m->config_crc);
    put_u16(&w, m->lease_left_ms);
    put_u16(&w, m->crc_errors);
    put_u16(&w, m->retransmits);
    put_u8(&w, m->zone_count);
    for (uint8_t zone = 0; zone < m->zone_count; zone++) {
        put_u16(&w, m->zones[zone].steps);
        put_u16(&w, m->zones[zone].rpm);
        put_u16(&w, m->zones[zone].current_ma);
    }
    put_u8(&w, m->temperature_count);
    for (uint8_t sensor = 0; sensor < m->temperature_count; sensor++) {
        put_u16(&w, (uint16_t)m->temperatures_centi[sensor]);
    }
    return finished(&w);
}

static const char NOT_CLEARED[] PROGMEM = "not cleared: ";

uint8_t encode_fault(const struct fault_report *m, uint8_t *out, uint8_t capacity) {
    struct writer w;
    writer_start(&w, out, capacity);
    put_u8(&w, m->code);
    put_u8(&w, m->index);
    put_u16(&w, (uint16_t)m->value);
    put_texts_P(&w, m->not_cleared ? NOT_CLEARED : 0, m->text);
    return finished(&w);
}

uint8_t encode_boot(const struct boot *m, uint8_t *out, uint8_t capacity) {
    struct writer w;
    writer_start(&w, out, capacity);
    put_u32(&w, m->boot_id);
    put_u8(&w, m->reset_cause);
    return finished(&w);
}
