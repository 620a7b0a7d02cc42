/*
 * The temperature sensors and the heater pad (protocol 4.4 and 5.4): the thermostat, the trip, a heater that
 * heats while driven off (runaway), and a sensor that reads outside -20..90 °C (open or shorted thermistor).
 * Sensors are read every 10 ms; a fault needs a few readings in a row, so that one noisy sample is not one.
 */
#include "core.h"
#include "port.h"
#include "protocol.h"

#define SAMPLE_PERIOD_MS 10
#define SENSOR_FAULT_SAMPLES 5
#define OVER_TEMPERATURE_SAMPLES 3
#define RUNAWAY_SAMPLES 10
#define PAD 0 /* the first temperature sensor watches the heater pad */

static const char TOO_COLD[] PROGMEM = "sensor reads below -20 C (open thermistor?)";
static const char TOO_HOT[] PROGMEM = "sensor reads above 90 C (shorted thermistor?)";
static const char OVER[] PROGMEM = "pad at or above the trip";
static const char RUNAWAY[] PROGMEM = "pad heats while the heater is off";

static struct {
    uint8_t asked;
    uint16_t setpoint_centi;
    uint8_t output;
    uint32_t next_sample_ms;
    uint16_t raw[CORE_MAX_SENSORS];
    int16_t centi[CORE_MAX_SENSORS];
    uint8_t out_of_range[CORE_MAX_SENSORS];
    uint8_t sampled;
    uint8_t over_samples;
    uint8_t runaway_samples;
} heater;

static uint8_t has_heater(void) {
    return (mcu.board->capabilities & CAP_HEATER) && mcu.board->temperature_count > 0;
}

static uint8_t in_range(int16_t centi) {
    return centi >= SENSOR_MIN_CENTI && centi <= SENSOR_MAX_CENTI;
}

void heater_reset(void) {
    heater.asked = 0;
    heater.output = 0;
    heater.sampled = 0;
    heater.over_samples = 0;
    heater.runaway_samples = 0;
    for (uint8_t sensor = 0; sensor < CORE_MAX_SENSORS; sensor++) {
        heater.out_of_range[sensor] = 0;
        heater.centi[sensor] = 0;
    }
}

static void switch_output(uint8_t on) {
    if (heater.output != on) {
        heater.output = on;
        board_heater(on);
    }
}

void heater_set(uint8_t on, uint16_t setpoint_centi) {
    heater.asked = on && has_heater();
    heater.setpoint_centi = setpoint_centi;
    if (!heater.asked) {
        switch_output(0);
    }
}

void heater_off(void) {
    heater.asked = 0;
    heater.output = 0; /* the pin itself is cut by board_cut_outputs */
}

uint8_t heater_output(void) {
    return heater.output;
}

int16_t heater_temperature(uint8_t sensor) {
    return heater.centi[sensor];
}

static void read_sensors(void) {
    for (uint8_t sensor = 0; sensor < mcu.board->temperature_count && sensor < CORE_MAX_SENSORS; sensor++) {
        uint16_t raw = board_temperature_raw(sensor);
        int16_t centi = board_temperature_centi(raw);
        heater.raw[sensor] = raw;
        heater.centi[sensor] = centi;
        if (in_range(centi)) {
            heater.out_of_range[sensor] = 0;
        } else if (heater.out_of_range[sensor] < SENSOR_FAULT_SAMPLES) {
            heater.out_of_range[sensor]++;
        }
        if (heater.out_of_range[sensor] == SENSOR_FAULT_SAMPLES) {
            core_fault(FAULT_SENSOR_FAULT, sensor, (int16_t)raw, centi < SENSOR_MIN_CENTI ? TOO_COLD : TOO_HOT);
        }
    }
    heater.sampled = 1;
}

static uint8_t count(uint8_t *samples, uint8_t condition, uint8_t needed) {
    if (!condition) {
        *samples = 0;
        return 0;
    }
    if (*samples < needed) {
        (*samples)++;
    }
    return *samples == needed;
}

static void check_pad(void) {
    int16_t pad = heater.centi[PAD];
    if (!in_range(pad)) { /* not a temperature: the sensor fault covers it */
        heater.over_samples = heater.runaway_samples = 0;
        return;
    }
    int16_t trip = (int16_t)core_heater_trip();
    /* a configured maximum of 0 (never heat) leaves the board's own ceiling as the reference */
    uint16_t ceiling = core_heater_max() ? core_heater_max() : mcu.board->heater_max_centi;
    int16_t runaway_at = (int16_t)(ceiling + RUNAWAY_MARGIN_CENTI);
    if (count(&heater.over_samples, pad >= trip, OVER_TEMPERATURE_SAMPLES)) {
        core_fault(FAULT_OVER_TEMPERATURE, PAD, pad, OVER);
    }
    if (count(&heater.runaway_samples, !heater.output && pad >= runaway_at && pad < trip, RUNAWAY_SAMPLES)) {
        core_fault(FAULT_HEATER_RUNAWAY, PAD, pad, RUNAWAY);
    }
}

static void regulate(void) {
    int16_t pad = heater.centi[PAD];
    uint16_t target = heater.setpoint_centi < core_heater_max() ? heater.setpoint_centi : core_heater_max();
    uint8_t state = board_lock();
    if (!guard.live || !heater.asked || !in_range(pad)) {
        switch_output(0);
    } else if (pad < (int16_t)target - HEATER_HYSTERESIS_CENTI) {
        switch_output(1);
    } else if (pad >= (int16_t)target) {
        switch_output(0);
    }
    board_unlock(state);
}

void heater_poll(uint32_t now_ms) {
    if (heater.sampled && !time_reached(now_ms, heater.next_sample_ms)) {
        return;
    }
    heater.next_sample_ms = now_ms + SAMPLE_PERIOD_MS;
    read_sensors();
    if (has_heater()) {
        check_pad();
        regulate();
    }
}

uint8_t heater_cause_persists(struct fault_report *out) {
    for (uint8_t sensor = 0; sensor < mcu.board->temperature_count && sensor < CORE_MAX_SENSORS; sensor++) {
        if (!in_range(heater.centi[sensor])) {
            out->code = FAULT_SENSOR_FAULT;
            out->index = sensor;
            out->value = (int16_t)heater.raw[sensor];
            out->text = heater.centi[sensor] < SENSOR_MIN_CENTI ? TOO_COLD : TOO_HOT;
            return 1;
        }
    }
    if (has_heater() && heater.centi[PAD] >= (int16_t)core_heater_trip()) {
        out->code = FAULT_OVER_TEMPERATURE;
        out->index = PAD;
        out->value = heater.centi[PAD];
        out->text = OVER;
        return 1;
    }
    return 0;
}
