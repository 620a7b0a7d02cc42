package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.massaged.device.protocol.FaultCode;

/** docs/protocol.md §5.3 alone, in virtual time. */
class SessionCapTest {
    private static final long S = 1_000_000_000L;
    private final SessionCap cap = new SessionCap();

    @Test
    void theCapCountsFromTheFirstNonZeroOutput() {
        cap.reset(0);
        assertThat(cap.check(false, 60, 100 * S)).isEmpty();
        assertThat(cap.check(true, 60, 200 * S)).isEmpty();
        assertThat(cap.check(true, 60, 259 * S)).isEmpty();
        assertThat(cap.check(true, 60, 260 * S)).hasValueSatisfying(fault -> {
            assertThat(fault.code()).isEqualTo(FaultCode.SESSION_CAP);
            assertThat(fault.value()).isEqualTo(60);
        });
    }

    @Test
    void aPauseShorterThanAMinuteDoesNotRestartTheClockALongerOneDoes() {
        cap.reset(0);
        cap.check(true, 200, 0);
        cap.check(false, 200, 50 * S);
        assertThat(cap.check(false, 200, 109 * S)).isEmpty();
        assertThat(cap.check(true, 200, 109 * S)).isEmpty();
        assertThat(cap.check(true, 200, 199 * S)).isEmpty();
        assertThat(cap.check(true, 200, 200 * S)).as("the 59 s pause counted").isPresent();

        cap.check(false, 200, 210 * S);
        cap.check(false, 200, 270 * S);
        assertThat(cap.check(true, 200, 271 * S)).isEmpty();
        assertThat(cap.check(true, 200, 470 * S)).as("a new session after 60 s off").isEmpty();
        assertThat(cap.check(true, 200, 471 * S)).isPresent();
    }
}
