/* The thermistor table against the B equation it was computed from, and speed from tachometer pulses. */
#include <math.h>
#include "check.h"
#include "fake_board.h"
#include "../src/core/tach.h"
#include "../src/core/thermistor.h"

void test_the_thermistor_table_follows_the_b_equation(void) {
    for (int tenths = -200; tenths <= 900; tenths++) {
        double celsius = tenths / 10.0;
        int16_t centi = thermistor_centi(fake_counts_for_celsius(celsius));
        double tolerance = celsius >= 0 && celsius <= 60 ? 0.2 : 0.35; /* the ADC's steps grow at the ends */
        if (fabs(centi / 100.0 - celsius) > tolerance) {
            CHECK_EQ((int)lround(celsius * 100), centi);
        }
    }
    CHECK(thermistor_centi(1023) < -2000); /* open */
    CHECK(thermistor_centi(0) > 9000);     /* shorted */
}

void test_the_tachometer_reads_speed_and_a_stop(void) {
    struct tach t = {0, 0, 0};
    CHECK_EQ(0, tach_rpm(&t, 0, 2));
    tach_pulse(&t, 1000000);
    CHECK_EQ(0, tach_rpm(&t, 1000001, 2)); /* one pulse is no speed yet */
    tach_pulse(&t, 1010000);               /* 10 ms apart at 2 pulses a turn: 3000 rpm */
    CHECK_EQ(3000, tach_rpm(&t, 1010001, 2));
    CHECK_EQ(1500, tach_rpm(&t, 1030000, 2)); /* the next pulse is late: reads no faster than that */
    CHECK_EQ(0, tach_rpm(&t, 1010000 + TACH_TIMEOUT_US, 2));
}
