package org.massaged.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon drives the real firmware (simavr, 16 MHz, real time) through jSerialComm: the handshake
 * configures the board, and a session rises by its soft start and ends with the slow ramp down, as the motor
 * pin and the modelled motor see it.
 */
class SessionEndToEndTest {
    @TempDir
    Path directory;

    private NanoRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
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
        List<double[]> rise = new ArrayList<>();
        DaemonProcess.Result started = rig.daemon.massaged("start", "--minutes", "5", "--level", "5", "--no-heat");
        assertThat(started.code()).as(started.text()).isZero();
        long t0 = System.nanoTime();
        record(rise, t0, Duration.ofSeconds(9));
        double top = rise.stream().mapToDouble(sample -> sample[1]).max().orElse(0);
        assertThat(top).as("level 5 of 10 drives about half").isBetween(0.35, 0.65);
        double firstOn = rise.stream().filter(sample -> sample[1] > 0).findFirst().orElseThrow()[0];
        double nearTop = rise.stream().filter(sample -> sample[1] >= 0.95 * top).findFirst().orElseThrow()[0];
        assertThat(nearTop - firstOn).as("the soft start takes at least 2 s to reach the level").isGreaterThan(2.0);
        assertThat(rig.bench.rpm()).as("the modelled motor turns").isGreaterThan(0.35 * 3000 * 0.8);
        assertThat(rig.bench.latchedFault()).isZero();

        DaemonProcess.Result stopped = rig.daemon.massaged("stop");
        assertThat(stopped.code()).as(stopped.text()).isZero();
        List<double[]> fall = new ArrayList<>();
        long t1 = System.nanoTime();
        record(fall, t1, Duration.ofSeconds(8));
        double lastOn = fall.stream().filter(sample -> sample[1] > 0).mapToDouble(sample -> sample[0]).max()
                .orElse(0);
        assertThat(lastOn).as("the slow ramp down lasts at least 3 s").isGreaterThan(3.0);
        for (int i = 1; i < fall.size(); i++) {
            assertThat(fall.get(i)[1]).as("the drive only falls during the ramp down")
                    .isLessThanOrEqualTo(fall.get(i - 1)[1] + 0.005);
        }
        rig.awaitSafe();
        await().atMost(Duration.ofSeconds(5)).until(() -> !rig.lastState().path("active").asBoolean());
        assertThat(rig.publishedPhases()).containsSubsequence("idle", "starting", "running", "stopping");
        assertThat(rig.publishedPhases()).doesNotContain("fault", "emergency_stop");
        assertThat(rig.bench.latchedFault()).as("the board saw no fault").isZero();
        System.out.printf("soft start: %.1f s to the level; ramp down: %.1f s%n", nearTop - firstOn, lastOn);
    }

    private void record(List<double[]> samples, long since, Duration during) throws InterruptedException {
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            samples.add(new double[] {(System.nanoTime() - since) / 1e9, rig.bench.motor()});
            Thread.sleep(50);
        }
    }
}
