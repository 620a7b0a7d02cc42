package org.massaged.controller.hardware.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TachCounterTest {

    private static final long MS = 1_000_000L;
    private final TachCounter counter = new TachCounter(2, 1000 * MS);

    @Test
    void steadyPulsesGiveTheirSpeed() {
        for (long t = 0; t <= 500; t += 10) {
            counter.pulse(t * MS);
        }
        // 100 pulses/s at 2 per revolution: 50 rev/s
        assertThat(counter.rpm(500 * MS)).isCloseTo(3000.0, within(0.01));
        assertThat(counter.totalPulses()).isEqualTo(51);
    }

    @Test
    void noOrOnePulseIsStandstill() {
        assertThat(counter.rpm(0)).isZero();
        counter.pulse(0);
        assertThat(counter.rpm(5 * MS)).isZero();
    }

    @Test
    void aStoppingMotorIsNeverReportedFasterThanItsLastPulseAllows() {
        for (long t = 0; t <= 200; t += 10) {
            counter.pulse(t * MS);
        }
        // 100 ms since the last pulse: at most 1 pulse per 100 ms, 300 rpm
        assertThat(counter.rpm(300 * MS)).isCloseTo(300.0, within(0.01));
        // the window has emptied: standing still
        assertThat(counter.rpm(1300 * MS)).isZero();
    }
}
