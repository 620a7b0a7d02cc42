/*
 * An NTC thermistor (10 kΩ at 25 °C, B = 3950 K) from the ADC input to ground, with a 10 kΩ pull-up to the
 * ADC reference, read by a 10-bit ADC: counts = 1024 · R / (R + 10 kΩ). Hundredths of a °C from counts, by
 * a table every 5 °C from -40 to 125 °C (error below 0.2 K from 0 to 60 °C, 0.35 K from -20 to 90 °C). An open thermistor reads
 * colder than -40 °C, a shorted one hotter than 125 °C: both are outside -20..90 °C, a SENSOR_FAULT.
 */
#ifndef CORE_THERMISTOR_H
#define CORE_THERMISTOR_H

#include <stdint.h>

#define THERMISTOR_COLDEST_CENTI (-4000)
#define THERMISTOR_HOTTEST_CENTI 12500

int16_t thermistor_centi(uint16_t counts);

#endif
