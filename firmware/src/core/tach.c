#include "tach.h"

void tach_pulse(struct tach *t, uint32_t now_us) {
    if (t->pulses) {
        t->interval_us = now_us - t->last_pulse_us;
    }
    if (t->pulses < 2) {
        t->pulses++;
    }
    t->last_pulse_us = now_us;
}

uint16_t tach_rpm(struct tach *t, uint32_t now_us, uint8_t pulses_per_revolution) {
    if (t->pulses < 2) {
        return 0;
    }
    uint32_t since = now_us - t->last_pulse_us;
    if (since >= TACH_TIMEOUT_US) {
        t->pulses = 0; /* stopped: forget the old pulse before the microsecond clock wraps round to it */
        return 0;
    }
    uint32_t interval = since > t->interval_us ? since : t->interval_us;
    if (interval == 0) {
        return 0xFFFF;
    }
    uint32_t rpm = 60000000UL / ((uint32_t)pulses_per_revolution * interval);
    return rpm > 0xFFFF ? 0xFFFF : (uint16_t)rpm;
}
