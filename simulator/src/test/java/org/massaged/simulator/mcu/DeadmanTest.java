package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.massaged.device.protocol.FaultCode;

/** docs/protocol.md §5.2 alone, in virtual time. */
class DeadmanTest {
    private static final long MS = 1_000_000L;
    private final Deadman deadman = new Deadman();

    @Test
    void aLeaseExpiresAtItsDeadlineWhileAnOutputRuns() {
        deadman.start(1000, 0);
        assertThat(deadman.expired(true, 999 * MS)).isEmpty();
        assertThat(deadman.expired(true, 1000 * MS)).hasValueSatisfying(fault -> {
            assertThat(fault.code()).isEqualTo(FaultCode.LEASE_EXPIRED);
            assertThat(fault.value()).isEqualTo(1000);
        });
        assertThat(deadman.expired(false, 5000 * MS)).as("nothing runs: nothing expires").isEmpty();
    }

    @Test
    void aRenewalMovesTheDeadlineAtMostTheMaximumLeaseAndZeroRenewsNothing() {
        deadman.start(1000, 0);
        deadman.renew(5000, 800, 500 * MS);
        assertThat(deadman.expired(true, 1299 * MS)).isEmpty();
        assertThat(deadman.expired(true, 1300 * MS)).isPresent();
        deadman.renew(0, 800, 1200 * MS);
        assertThat(deadman.leftMillis(true, 1200 * MS)).isEqualTo(100);
    }

    @Test
    void stoppedNoLeaseIsLeft() {
        deadman.start(1000, 0);
        deadman.stop(10 * MS);
        assertThat(deadman.leftMillis(true, 10 * MS)).isZero();
        assertThat(deadman.leftMillis(false, 0)).isZero();
    }
}
