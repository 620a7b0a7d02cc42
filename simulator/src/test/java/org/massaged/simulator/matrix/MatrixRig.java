package org.massaged.simulator.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.massaged.controller.mqtt.TestClient;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalEntry;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;
import org.massaged.testing.ChildJvm;
import org.massaged.testing.PackagedLauncher;

/**
 * The pieces of the fault matrix: the virtual massager (a person seated), the real daemon in its own JVM with the
 * launcher's flags ({@link PackagedLauncher}) as {@code chair1}, and what measures the time to a safe state.
 */
final class MatrixRig {

    static final String PROFILE = "body-massager-serial";
    static final String ROOT = "massaged/chair1";
    static final String ZONE = "back";

    private MatrixRig() {
    }

    static VirtualMassager seatedMassager() throws IOException {
        return seatedMassager(ProfileCatalogue.builtIn().find(PROFILE).orElseThrow());
    }

    static VirtualMassager seatedMassager(DeviceProfile profile) throws IOException {
        VirtualMassager massager = VirtualMassager.start(profile, SimulatorOptions.defaults());
        massager.occupied(true);
        return massager;
    }

    /**
     * The built-in profile with no rest between sessions (a profile file may set it; overrides may not), so that
     * one daemon can run a session per fault in a row, and with a seat switch on its board, so that the seat can
     * be emptied. Everything else, limits and timings, is the shipped one.
     */
    static Path noRestProfile(Path directory) throws IOException {
        String shipped;
        try (InputStream in = MatrixRig.class.getClassLoader().getResourceAsStream("profiles/" + PROFILE + ".yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String noRest = shipped.replace("id: " + PROFILE, "id: matrix-chair").replace("minRest: 30m", "minRest: 0s")
                .replace("\nsensors:\n", "\nsensors:\n  - id: seat\n    kind: occupancy\n");
        assertThat(noRest).contains("id: matrix-chair", "minRest: 0s", "kind: occupancy");
        return Files.writeString(directory.resolve("matrix-chair.yaml"), noRest);
    }

    /** Writes the daemon's config.yaml and starts {@code massaged run} on it. */
    static ChildJvm daemon(Path directory, String profile, int devicePort, String mqttYaml) throws IOException {
        return daemon(directory, profile, devicePort, mqttYaml, Map.of());
    }

    /** As above, with these variables added to the daemon's environment. */
    static ChildJvm daemon(Path directory, String profile, int devicePort, String mqttYaml,
                           Map<String, String> environment) throws IOException {
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: " + profile + "\n"
                + "journal: " + journal(directory) + "\n"
                + "device:\n  tcp:\n    host: 127.0.0.1\n    port: " + devicePort + "\n"
                + "localControl:\n  socket: " + directory.resolve("control.sock") + "\n"
                + "mqtt:\n  deviceId: chair1\n" + mqttYaml);
        return PackagedLauncher.daemon(config, directory.resolve("daemon.log"), environment);
    }

    static Path journal(Path directory) {
        return directory.resolve("journal.jsonl");
    }

    /** Publishes a command on {@code set} and returns its answer. */
    static JsonNode command(TestClient client, String action, String transaction) throws Exception {
        publish(client, action, transaction);
        return client.response(ROOT, transaction);
    }

    /** Publishes a command on {@code set}; its answer comes on {@code response} with this transaction. */
    static void publish(TestClient client, String action, String transaction) throws Exception {
        String issuedAt = action.equals("start") ? ",\"duration\":5,\"issued_at\":\"" + Instant.now() + "\"" : "";
        client.publish(ROOT + "/set", "{\"action\":\"" + action + "\",\"transaction\":\"" + transaction + "\""
                + issuedAt + "}");
    }

    static void awaitIdleAndOnline(TestClient dashboard, ChildJvm daemon) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            daemon.assertAlive();
            return dashboard.on(ROOT + "/state").stream().anyMatch(m -> m.payload().length > 0
                    && m.json().path("phase").asText().equals("idle"))
                    && dashboard.on(ROOT + "/availability").stream().anyMatch(m -> m.text().equals("online"));
        });
    }

    static List<JournalEntry> journalEntries(Path directory) throws IOException {
        return Journal.read(journal(directory)).entries();
    }

    /** Every session the journal holds has its start and its end: nothing was lost. */
    static void assertEverySessionJournaled(Path directory, int sessions) throws IOException {
        List<JournalEntry> entries = journalEntries(directory);
        assertThat(entries).filteredOn(JournalEntry.SessionStarted.class::isInstance).hasSize(sessions);
        assertThat(entries).filteredOn(JournalEntry.SessionEnded.class::isInstance).hasSize(sessions);
    }

    static void assertNoStackTrace(ChildJvm daemon) {
        assertThat(daemon.logLines()).as("no stack trace in the daemon's log")
                .noneMatch(line -> line.startsWith("\tat ") || line.matches("^(Caused by: )?[a-z.]+\\.[A-Za-z]+(Exception|Error)\\b.*"));
    }
}
