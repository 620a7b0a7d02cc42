/* A board for the host unit tests: outputs it records, inputs the tests set, and a serial line it captures. */
#ifndef TEST_FAKE_BOARD_H
#define TEST_FAKE_BOARD_H

#include <stdint.h>
#include "../src/core/board.h"

#define FAKE_LINE_CAPACITY (1 << 22)

struct fake_board {
    uint16_t drive[CORE_MAX_ZONES];
    uint8_t heater;
    uint32_t cuts;
    uint16_t temperature_raw[CORE_MAX_SENSORS];
    uint16_t rpm[CORE_MAX_ZONES];      /* used when rpm_forced: a jammed motor, a welded relay, a coast */
    uint8_t rpm_forced[CORE_MAX_ZONES]; /* else a healthy motor turns at 3 rpm per step of its drive */
    uint8_t occupied;
    uint8_t estop_open;
    uint8_t line[FAKE_LINE_CAPACITY]; /* what the MCU wrote */
    uint32_t line_length;
    uint32_t room; /* bytes the line takes before it is full (tests of a busy line) */
    uint8_t locked;
};
extern struct fake_board fake;

void fake_reset(void);
void force_rpm(uint8_t zone, uint16_t rpm);
uint16_t fake_counts_for_celsius(double celsius); /* the ADC counts of the thermistor divider */

#endif
