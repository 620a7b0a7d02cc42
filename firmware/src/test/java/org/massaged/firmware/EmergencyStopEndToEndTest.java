package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.SocketDaemon;

/** The emergency stop, from the daemon's frame and from the board's own normally-closed loop. */
class EmergencyStopEndToEndTest extends OnTheBench {
    private static final int EMERGENCY_STOP = 0x03;

    @Test
    void theFrameDropsTheMotorRelayWithinAMillisecondOfSimulatedTime() throws Exception {
        rig = NanoRig.start(directory).awaitReady();
        rig.startSession(4);
        assertThat(rig.bench.relay()).isTrue();

        SocketDaemon.Result stopped = rig.daemon.massaged("estop");
        assertThat(stopped.code()).as(stopped.text()).isZero();

        await().atMost(Duration.ofSeconds(2)).until(() -> !rig.bench.relay());
        List<Long> latencies = rig.bench.emergencyStopLatencies();
        assertThat(latencies).as("the bench timed the frame that dropped the relay").isNotEmpty();
        long micros = latencies.get(0);
        assertThat(micros).as("frame's last byte into the UART -> relay pin low, simulated µs").isLessThan(1000);
        System.out.println("emergency stop frame -> relay pin low: " + micros + " µs simulated (all: " + latencies + ")");
        rig.awaitSafe();
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.bench.latchedFault() == EMERGENCY_STOP);
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.lastState().path("phase").asText()
                .equals("emergency_stop"));
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.daemon.journalText().contains("emergency"));
    }

    @Test
    void theBoardsLoopOpeningStopsTheSessionAndBlocksAStartUntilItCloses() throws Exception {
        rig = NanoRig.start(directory).awaitReady();
        rig.startSession(4);

        rig.bench.command("estop open");
        await().atMost(Duration.ofSeconds(2)).until(() -> !rig.bench.relay());
        rig.awaitSafe();
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.lastState().path("fault").asBoolean());
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.daemon.journalText().contains("EMERGENCY_STOP")
                || rig.daemon.journalText().contains("emergency"));

        rig.daemon.massaged("reset");
        rig.daemon.massaged("start", "--minutes", "5", "--no-heat");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> rig.bench.motor() == 0);
        assertThat(rig.bench.latchedFault()).as("the loop is still open: CLEAR_FAULTS was refused")
                .isEqualTo(EMERGENCY_STOP);
    }
}
