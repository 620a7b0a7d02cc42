package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `kill -9` of the daemon mid-session: nothing tells the board, and its lease (checked from the timer
 * interrupt) stops the motor; the restarted daemon finds the LEASE_EXPIRED the board latched meanwhile.
 */
class HostKilledEndToEndTest extends OnTheBench {
    private static final int LEASE_EXPIRED = 0x01;
    private static final long LEASE_MS = 750;        // the profile's lease (below the board's 1000 ms)
    private static final long STATUS_PERIOD_MS = 250;

    @Test
    void theBoardsLeaseStopsTheMotorWithinOneLeaseAndTheNextDaemonReportsIt() throws Exception {
        rig = NanoRig.start(directory).awaitReady();
        rig.startSession(4);
        // running on heartbeats for longer than a lease proves the lease is being renewed
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> rig.bench.relay());

        rig.daemon.kill9();

        await().atMost(Duration.ofSeconds(3)).until(() -> !rig.bench.relay());
        Map<String, String> board = rig.bench.state();
        long silentFor = Long.parseLong(board.get("relay_fell_us")) - Long.parseLong(board.get("last_from_host_us"));
        assertThat(silentFor).as("host's last byte -> relay low, simulated µs")
                .isPositive().isLessThanOrEqualTo((LEASE_MS + STATUS_PERIOD_MS) * 1000);
        await().atMost(Duration.ofSeconds(2)).until(() -> rig.bench.latchedFault() == LEASE_EXPIRED);
        System.out.println("kill -9 of the daemon: the motor relay fell " + silentFor / 1000.0
                + " ms (simulated) after the daemon's last byte; lease " + LEASE_MS + " ms");

        rig.daemon.start();
        rig.awaitReady();
        rig.awaitFaultPublished("LEASE_EXPIRED");
        assertThat(rig.bench.motor()).as("nothing resumed").isZero();
    }
}
