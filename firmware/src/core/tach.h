/*
 * Motor speed from tachometer pulses: the interval between the last two pulses, and, when the next pulse is
 * overdue, the time since the last one as an upper bound (a stopping motor reads slower at once, not only at
 * its next pulse). No pulse for TACH_TIMEOUT_US reads 0.
 */
#ifndef CORE_TACH_H
#define CORE_TACH_H

#include <stdint.h>

#define TACH_TIMEOUT_US 2000000UL

struct tach {
    uint32_t last_pulse_us;
    uint32_t interval_us; /* between the last two pulses; 0 until two were seen */
    uint8_t pulses;       /* saturates at 2 */
};

void tach_pulse(struct tach *t, uint32_t now_us); /* from the pin-change interrupt */
/* with that interrupt held off; call it often (every main-loop pass): it also ages a stopped motor out */
uint16_t tach_rpm(struct tach *t, uint32_t now_us, uint8_t pulses_per_revolution);

#endif
