#include <math.h>
#include <string.h>
#include "fake_board.h"
#include "../src/core/thermistor.h"

struct fake_board fake;

void fake_reset(void) {
    memset(&fake, 0, sizeof fake);
    fake.room = FAKE_LINE_CAPACITY;
    for (int sensor = 0; sensor < CORE_MAX_SENSORS; sensor++) {
        fake.temperature_raw[sensor] = fake_counts_for_celsius(25.0);
    }
}

uint16_t fake_counts_for_celsius(double celsius) {
    double r = 10000.0 * exp(3950.0 * (1.0 / (celsius + 273.15) - 1.0 / 298.15));
    double counts = 1024.0 * r / (r + 10000.0);
    return counts > 1023 ? 1023 : (uint16_t)lround(counts);
}

void board_drive(uint8_t zone, uint16_t steps) {
    fake.drive[zone] = steps;
}

void board_heater(uint8_t on) {
    fake.heater = on;
}

void board_cut_outputs(void) {
    memset(fake.drive, 0, sizeof fake.drive);
    fake.heater = 0;
    fake.cuts++;
}

uint16_t board_temperature_raw(uint8_t sensor) {
    return fake.temperature_raw[sensor];
}

int16_t board_temperature_centi(uint16_t raw) {
    return thermistor_centi(raw);
}

void force_rpm(uint8_t zone, uint16_t rpm) {
    fake.rpm[zone] = rpm;
    fake.rpm_forced[zone] = 1;
}

uint16_t board_rpm(uint8_t zone) {
    return fake.rpm_forced[zone] ? fake.rpm[zone] : (uint16_t)(3 * fake.drive[zone]);
}

uint16_t board_current_ma(uint8_t zone) {
    (void)zone;
    return 0;
}

uint8_t board_occupied(void) {
    return fake.occupied;
}

uint8_t board_estop_open(void) {
    return fake.estop_open;
}

uint8_t board_send(const uint8_t *bytes, uint8_t count) {
    if (count > fake.room || fake.line_length + count > FAKE_LINE_CAPACITY) {
        return 0;
    }
    memcpy(fake.line + fake.line_length, bytes, count);
    fake.line_length += count;
    fake.room -= count;
    return 1;
}

uint8_t board_lock(void) {
    uint8_t was = fake.locked;
    fake.locked = 1;
    return was;
}

void board_unlock(uint8_t state) {
    fake.locked = state;
}
