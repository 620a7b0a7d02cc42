#include "thermistor.h"
#include "port.h"

#define STEP_CENTI 500

/* counts at -40, -35, ..., 125 °C: round(1024 · R(T) / (R(T) + 10k)), R(T) = 10k · exp(3950 · (1/T − 1/298.15)) */
static const uint16_t COUNTS[] PROGMEM = {
    999, 989, 975, 958, 935, 908, 874, 834, 789, 739, 685, 628, 570, 512, 456, 404, 355,
    310, 270, 235, 204, 177, 153, 133, 115, 100, 87, 76, 67, 59, 51, 45, 40, 35,
};
#define ENTRIES ((uint8_t)(sizeof COUNTS / sizeof COUNTS[0]))

static uint16_t counts_at(uint8_t i) {
#ifdef __AVR__
    return pgm_read_word(&COUNTS[i]);
#else
    return COUNTS[i];
#endif
}

int16_t thermistor_centi(uint16_t counts) {
    if (counts > counts_at(0)) {
        return THERMISTOR_COLDEST_CENTI;
    }
    for (uint8_t i = 0; i + 1 < ENTRIES; i++) {
        uint16_t warmer = counts_at((uint8_t)(i + 1));
        if (counts > warmer) {
            uint16_t colder = counts_at(i);
            int16_t base = (int16_t)(THERMISTOR_COLDEST_CENTI + STEP_CENTI * i);
            return (int16_t)(base + (int32_t)STEP_CENTI * (colder - counts) / (colder - warmer));
        }
    }
    return THERMISTOR_HOTTEST_CENTI;
}
