/*
 * The zones' drive (protocol 5.4): kick start, and output verification from the tachometer: a motor driven
 * at or above its lowest turning drive that does not turn is stalled; a motor driven off that still turns
 * after its spin-down has a stuck relay (or a shorted MOSFET).
 */
#include "core.h"
#include "port.h"
#include "protocol.h"

static const char STALLED[] PROGMEM = "motor driven but not turning";
static const char STUCK[] PROGMEM = "motor turning while driven off";

void motion_reset(void) {
    for (uint8_t zone = 0; zone < CORE_MAX_ZONES; zone++) {
        struct zone_drive *z = &mcu.zones[zone];
        z->asked = z->driven = 0;
        z->kicking = 0;
        z->stall_armed = 0;
        z->stuck_armed = 0;
    }
}

static void drive(uint8_t zone, uint16_t steps) {
    mcu.zones[zone].driven = steps;
    board_drive(zone, steps);
}

void motion_set(const struct setpoint *setpoint, uint32_t now_ms) {
    for (uint8_t zone = 0; zone < core_zone_count(); zone++) {
        struct zone_drive *z = &mcu.zones[zone];
        const struct zone_rules *rules = core_zone_rules(zone);
        uint16_t steps = setpoint->steps[zone];
        uint8_t starts = z->asked == 0 && z->driven == 0;
        z->asked = steps;
        if (steps == 0) {
            z->kicking = 0;
            drive(zone, 0);
        } else if (z->kicking) {
            /* a new setpoint during the kick replaces the asked drive; the kick runs to its end */
        } else if (starts && rules->kick_steps && rules->kick_ms && steps < rules->kick_steps) {
            z->kicking = 1;
            z->kick_until_ms = now_ms + rules->kick_ms;
            drive(zone, rules->kick_steps);
        } else {
            drive(zone, steps);
        }
    }
}

void motion_all_off(void) {
    for (uint8_t zone = 0; zone < CORE_MAX_ZONES; zone++) {
        mcu.zones[zone].asked = 0;
        mcu.zones[zone].driven = 0;
        mcu.zones[zone].kicking = 0;
    }
}

uint16_t motion_driven(uint8_t zone) {
    return mcu.zones[zone].driven;
}

static void end_kick(uint8_t zone, uint32_t now_ms) {
    struct zone_drive *z = &mcu.zones[zone];
    if (!z->kicking || !time_reached(now_ms, z->kick_until_ms)) {
        return;
    }
    uint8_t state = board_lock();
    if (guard.live && z->kicking) {
        drive(zone, z->asked);
    }
    z->kicking = 0;
    board_unlock(state);
}

static void check_stall(uint8_t zone, const struct zone_rules *rules, uint16_t rpm, uint32_t now_ms) {
    struct zone_drive *z = &mcu.zones[zone];
    uint8_t turning_drive = z->driven > 0 && z->driven >= rules->off_below && !z->kicking;
    if (!rules->stall_rpm || !turning_drive) {
        z->stall_armed = 0;
        return;
    }
    if (!z->stall_armed) {
        z->stall_armed = 1;
        z->stall_since_ms = now_ms;
    } else if (time_reached(now_ms, z->stall_since_ms + STALL_AFTER_MS) && rpm < rules->stall_rpm) {
        z->stall_armed = 0;
        core_fault(FAULT_MOTOR_STALL, zone, (int16_t)rpm, STALLED);
    }
}

static void check_stuck(uint8_t zone, const struct zone_rules *rules, uint16_t rpm, uint32_t now_ms) {
    struct zone_drive *z = &mcu.zones[zone];
    if (z->driven != 0) {
        z->stuck_armed = 0;
        return;
    }
    if (!z->stuck_armed) { /* the clock runs from the moment the drive went to 0, configured or not */
        z->stuck_armed = 1;
        z->stuck_since_ms = now_ms;
    } else if (rules && rules->stuck_rpm && rpm > rules->stuck_rpm
               && time_reached(now_ms, z->stuck_since_ms + rules->spin_down_ms + 1)) {
        /* off for longer than the coast the profile declares, and still turning */
        core_fault(FAULT_STUCK_RELAY, zone, (int16_t)(rpm > 0x7FFF ? 0x7FFF : rpm), STUCK);
    }
}

void motion_poll(uint32_t now_ms) {
    for (uint8_t zone = 0; zone < core_zone_count(); zone++) {
        end_kick(zone, now_ms);
        const struct zone_rules *rules = core_zone_rules(zone);
        uint16_t rpm = board_rpm(zone);
        if (rules) {
            check_stall(zone, rules, rpm, now_ms);
        }
        check_stuck(zone, rules, rpm, now_ms);
    }
}
