package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.massaged.controller.app.SocketDaemon;

/**
 * The real daemon drives the real firmware (simavr, 16 MHz, real time) through jSerialComm: the handshake
 * configures the board, and a session rises by its soft start and ends with the slow ramp down, as the motor
 * pin and the modelled motor see it.
 */
class NanoSessionEndToEndTest extends OnTheBench {
    /** The motor's duty at a drive of so many steps of 1000 (Timer1's TOP is 799). */
    private static final double KICK = duty(400);
    private static final double OFF_BELOW = duty(150);
    private static final double LEVEL_5 = duty(500);
    private static final double WELL_UP = duty(300);

    private static double duty(int steps) {
        return (steps * 799 / 1000) / 800.0;
    }

    @Test
    void theDaemonConfiguresTheBoardAndReportsTheLinkUp() throws Exception {
        rig = NanoRig.start(directory).awaitReady();
        var board = rig.bench.state();
        assertThat(Integer.parseInt(board.get("flags")) & 0x01).as("the firmware's STATUS says configured").isOne();
        assertThat(board.get("config_crc")).as("it echoes a CONFIGURE's CRC").isNotEqualTo("0000");
        assertThat(board.get("latched")).isEqualTo("0");
        assertThat(rig.daemon.phase()).isEqualTo("idle");
        assertThat(rig.lastState().path("temperatures").toString()).as("the pad's thermistor reaches the state")
                .contains("pad");
    }

    @Test
    void aSessionRisesByItsSoftStartAndEndsWithTheSlowRampDown() throws Exception {
        rig = NanoRig.start(directory).awaitReady();
        SocketDaemon.Result started = rig.daemon.massaged("start", "--minutes", "5", "--level", "5", "--no-heat");
        assertThat(started.code()).as(started.text()).isZero();
        long t0 = System.nanoTime();
        List<double[]> rise = record(t0, Duration.ofSeconds(30), NanoSessionEndToEndTest::wellUpAfterTheKick);
        double[] first = rise.stream().filter(sample -> sample[1] > 0).findFirst().orElseThrow();
        assertThat(first[1]).as("a stopped motor first gets the profile's kick start, 400 steps, from CONFIGURE")
                .isCloseTo(KICK, within(0.005));
        List<double[]> afterKick = rise.stream().filter(sample -> sample[0] > first[0] + 0.3).toList();
        assertThat(afterKick.get(0)[1]).as("then a gentle drive: the low-pressure start, at least off below")
                .isBetween(OFF_BELOW, 0.2);
        assertThat(afterKick).as("the soft start: no jump to the level within its first 2 s")
                .filteredOn(sample -> sample[0] < first[0] + 2.3).allMatch(sample -> sample[1] < 0.2);
        double[] up = rise.get(rise.size() - 1);
        assertThat(up[1]).as("the session then rises well above its start").isGreaterThanOrEqualTo(WELL_UP);
        assertThat(rise).as("never above the chosen level 5").allMatch(sample -> sample[1] <= LEVEL_5 + 0.002);
        assertThat(rig.bench.rpm()).as("the modelled motor turns (tachometer model)").isGreaterThan(500);
        assertThat(rig.bench.latchedFault()).isZero();

        SocketDaemon.Result stopped = rig.daemon.massaged("stop");
        assertThat(stopped.code()).as(stopped.text()).isZero();
        long t1 = System.nanoTime();
        List<double[]> fall = record(t1, Duration.ofSeconds(30), samples -> samples.get(samples.size() - 1)[1] == 0);
        double off = fall.get(fall.size() - 1)[0];
        assertThat(fall.get(fall.size() - 1)[1]).isZero();
        assertThat(off).as("the slow ramp down lasts at least 3 s").isGreaterThan(3.0);
        rig.awaitSafe();
        await().atMost(Duration.ofSeconds(5)).until(() -> !rig.lastState().path("active").asBoolean());
        assertThat(rig.publishedPhases()).containsSubsequence("idle", "starting", "running", "stopping");
        assertThat(rig.publishedPhases()).doesNotContain("fault", "emergency_stop");
        assertThat(rig.bench.latchedFault()).as("the board saw no fault").isZero();
        System.out.printf("soft start: kick, then %.1f s from the start level to %.2f duty; ramp down: %.1f s%n",
                up[0] - first[0], up[1], off);
    }

    private static boolean wellUpAfterTheKick(List<double[]> samples) {
        double[] last = samples.get(samples.size() - 1);
        return last[1] >= WELL_UP && samples.stream().anyMatch(sample -> sample[1] > 0 && sample[0] < last[0] - 1);
    }

    /** Samples (seconds, the motor's drive 0..1) until the condition holds or the time is up. */
    private List<double[]> record(long since, Duration atMost, Predicate<List<double[]>> until)
            throws InterruptedException {
        List<double[]> samples = new ArrayList<>();
        long end = System.nanoTime() + atMost.toNanos();
        do {
            samples.add(new double[] {(System.nanoTime() - since) / 1e9, rig.bench.motor()});
            Thread.sleep(20);
        } while (!until.test(samples) && System.nanoTime() < end);
        return samples;
    }
}
