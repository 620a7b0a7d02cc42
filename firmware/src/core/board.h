/*
 * What the board-independent core asks of a board. src/avr/ implements it for the ATmega328P; the host unit
 * tests implement it with a fake board whose pins they set and read.
 */
#ifndef CORE_BOARD_H
#define CORE_BOARD_H

#include <stdint.h>
#include "config.h"
#include "messages.h"

struct board_info {
    const char *firmware_version;
    const char *board_id;
    uint16_t max_lease_ms;      /* the board's own limit (1..1000) */
    uint16_t session_cap_s;     /* the board's own cap (section 5.3), 1..900 */
    uint16_t heater_max_centi;  /* the board's own heater ceiling (≤ 4100) */
    uint16_t heater_trip_centi; /* the board's own trip (≤ 4300) */
    uint8_t capabilities;       /* CAP_* */
    uint8_t temperature_count;  /* temperature sensors; the first watches the heater pad */
    uint8_t zone_count;
    struct identity_zone zones[CORE_MAX_ZONES];
};

/* Outputs. board_drive and board_heater are called with the board locked; board_cut_outputs also from the
 * timer interrupt: it drives every output off at once (motor power, PWM, heater). */
void board_drive(uint8_t zone, uint16_t steps);
void board_heater(uint8_t on);
void board_cut_outputs(void);

/* Inputs. */
uint16_t board_temperature_raw(uint8_t sensor); /* ADC counts */
int16_t board_temperature_centi(uint16_t raw);
uint16_t board_rpm(uint8_t zone);
uint16_t board_current_ma(uint8_t zone);
uint8_t board_occupied(void);
uint8_t board_estop_open(void);

/* The serial line: queues all of the bytes, or none when there is no room (returns 0). */
uint8_t board_send(const uint8_t *bytes, uint8_t count);

/* Critical sections shared with the timer interrupt. */
uint8_t board_lock(void);
void board_unlock(uint8_t state);

#endif
