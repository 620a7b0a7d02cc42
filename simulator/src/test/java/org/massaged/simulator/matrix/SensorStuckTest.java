package org.massaged.simulator.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.massaged.simulator.matrix.MatrixRig.ROOT;
import static org.massaged.simulator.matrix.TimeToSafe.recordSince;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.testing.Mosquitto;
import org.massaged.controller.mqtt.TestClient;
import org.massaged.controller.session.JournalEntry;
import org.massaged.device.profile.ProfileLoader;
import org.massaged.testing.ChildJvm;
import org.massaged.simulator.mcu.VirtualMassager;

/**
 * A pad sensor that sticks while the pad heats, against the running daemon: the board's own thermostat, fed the
 * stuck reading, keeps heating, so only the daemon's plausibility check ({@code stuckAfter}) can see it. The
 * profile is the shipped two-zone heated one with {@code stuckAfter} shortened from 2 min to 5 s.
 */
class SensorStuckTest {

    private static final String PROFILE = "lumbar-duo-serial";
    private static final String ZONE = "lumbar-left";
    private static final Duration STUCK_AFTER = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    @Test
    void aPadSensorStuckWhileHeatingEndsTheSessionAfterStuckAfter() throws Exception {
        Assumptions.assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
        Mosquitto broker = new Mosquitto(directory);
        broker.start();
        Path profile = shortStuckAfter();
        try (VirtualMassager massager = MatrixRig.seatedMassager(ProfileLoader.load(profile));
             ChildJvm daemon = MatrixRig.daemon(directory, profile.toString(), massager.tcpPort(),
                     "  broker: " + broker.uri() + "\n");
             TestClient dashboard = new TestClient(broker.uri(), "matrix-stuck-dashboard")) {
            try {
                dashboard.subscribe(ROOT + "/#");
                MatrixRig.awaitIdleAndOnline(dashboard, daemon);
                dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"heat\",\"duration\":5,"
                        + "\"heat\":true,\"issued_at\":\"" + Instant.now() + "\"}");
                JsonNode answer = dashboard.response(ROOT, "heat");
                assertThat(answer.get("outcome").asText()).as(answer.toString()).isNotEqualTo("rejected");
                // the session warms the pad first (phase warming), the motors still
                await().atMost(Duration.ofSeconds(15)).until(() -> massager.physics().heaterElementOn());

                massager.faults().sensorStuck(true);
                long stuck = System.nanoTime();
                await().atMost(STUCK_AFTER.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> "sensor-stuck".equals(lastState(dashboard).path("fault_code").asText()));
                long reportedMillis = (System.nanoTime() - stuck) / 1_000_000;
                recordSince("sensor stuck (running daemon, stuckAfter 5 s)", "sensor-stuck latched", stuck);
                assertThat(reportedMillis).as("not before the sensor has been stuck for stuckAfter")
                        .isGreaterThanOrEqualTo(STUCK_AFTER.toMillis() - 300);
                await().during(Duration.ofMillis(750)).atMost(Duration.ofSeconds(3)).until(() ->
                        massager.zoneSteps(ZONE) == 0 && !massager.physics().heaterElementOn());
                MatrixRig.assertEverySessionJournaled(directory, 1);
                assertThat(MatrixRig.journalEntries(directory)).filteredOn(JournalEntry.SessionEnded.class::isInstance)
                        .singleElement().satisfies(end -> assertThat(((JournalEntry.SessionEnded) end).cause())
                                .startsWith("fault"));
                MatrixRig.assertNoStackTrace(daemon);
            } finally {
                massager.faults().sensorStuck(false);
                daemon.close();
                broker.stop();
            }
        }
    }

    private Path shortStuckAfter() throws IOException {
        String shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("profiles/" + PROFILE + ".yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String changed = shipped.replace("id: " + PROFILE, "id: stuck-chair").replace("stuckAfter: 2m", "stuckAfter: 5s");
        assertThat(changed).contains("id: stuck-chair", "stuckAfter: 5s");
        return Files.writeString(directory.resolve("stuck-chair.yaml"), changed);
    }

    private static JsonNode lastState(TestClient dashboard) {
        return dashboard.on(ROOT + "/state").stream().filter(m -> m.payload().length > 0)
                .reduce((first, second) -> second).map(TestClient.Received::json).orElseThrow();
    }
}
