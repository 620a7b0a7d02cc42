package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.massaged.simulator.hostile.HostileRig.ZONE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalEntry;

/**
 * Issue 13, item 1: no failure of the MQTT path may leave a session started over MQTT running with no way to
 * stop it. Here the broker hangs (SIGSTOP: every connection stays open, nothing moves), as it would for a
 * receiver thread that died or a broker that stopped forwarding: the daemon notices that its own probe no
 * longer comes back and, after its bound, ends the session gently (ramp down), saying why in the journal.
 */
class CommandChannelLostTest {

    /** The daemon's default bound (docs/mqtt.md, "Command channel"); the test allows the ramp down on top. */
    private static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void aSessionStartedOverMqttEndsGentlyWhenNoCommandCanReachTheDaemon() throws Exception {
        HostileRig.assumeMosquitto();
        try (HostileRig rig = HostileRig.start(directory)) {
            rig.startSession("start");

            signal("STOP", rig.broker.pid());
            try {
                List<Integer> steps = new ArrayList<>();
                await().atMost(CHANNEL_TIMEOUT.plusSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    int now = rig.massager.zoneSteps(ZONE);
                    if (steps.isEmpty() || steps.get(steps.size() - 1) != now) {
                        steps.add(now);
                    }
                    return now == 0;
                });
                assertThat(steps).as("a ramp down, not a cut: the motor passed through intermediate speeds")
                        .hasSizeGreaterThan(3);
            } finally {
                signal("CONT", rig.broker.pid());
            }
            rig.daemon.assertAlive();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Journal.read(rig.journal).entries())
                    .filteredOn(JournalEntry.SessionEnded.class::isInstance)
                    .singleElement().satisfies(entry -> assertThat(((JournalEntry.SessionEnded) entry).cause())
                            .startsWith("mqtt-lost: no probe came back")));
            assertThat(rig.daemon.logLines()).filteredOn(line -> line.contains("mqtt-lost")).hasSize(1);
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
