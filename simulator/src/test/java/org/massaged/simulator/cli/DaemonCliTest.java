package org.massaged.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.SocketDaemon;
import org.massaged.controller.app.SocketDaemon.Result;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalContents;
import org.massaged.simulator.broker.EmbeddedBroker;

/**
 * The real daemon ({@code massaged run --simulate}) in its own JVM, against the simulator and a broker, driven
 * by the real command line over the local socket; then SIGTERM in the middle of a session.
 */
class DaemonCliTest {

    @TempDir
    Path directory;

    private EmbeddedBroker broker;
    private MqttClient watcher;
    private final List<String> availability = new CopyOnWriteArrayList<>();
    private SocketDaemon daemon;
    private Path socket;
    private Path journal;

    @BeforeEach
    void startDaemon() throws Exception {
        broker = EmbeddedBroker.start(0);
        watcher = new MqttClient(broker.uri(), "test-watcher", new MemoryPersistence());
        watcher.connect();
        IMqttMessageListener listener = (topic, message) ->
                availability.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        watcher.subscribe(new MqttSubscription[] {new MqttSubscription("massaged/+/availability", 1)},
                new IMqttMessageListener[] {listener});
        socket = directory.resolve("control.sock");
        journal = directory.resolve("journal.jsonl");
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: body-massager-serial\n"
                + "journal: " + journal + "\n"
                + "localControl:\n  socket: " + socket + "\n"
                + "mqtt:\n  broker: " + broker.uri() + "\n");
        daemon = new SocketDaemon(config, socket, directory.resolve("daemon.log"), List.of(), "--simulate").start();
        await().atMost(Duration.ofSeconds(60)).until(() -> availability.contains("online"));
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        watcher.disconnect();
        watcher.close();
        broker.close();
    }

    /** {@code TimeoutStopSec} of the packaged systemd unit: how long {@code systemctl stop} lets the daemon take. */
    private static Duration unitStopTimeout() throws IOException {
        Matcher timeout = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)s$")
                .matcher(Files.readString(Path.of("..", "packaging", "massaged.service")));
        assertThat(timeout.find()).as("TimeoutStopSec=Ns in packaging/massaged.service").isTrue();
        return Duration.ofSeconds(Long.parseLong(timeout.group(1)));
    }

    @Test
    void theCommandLineDrivesASessionAndSigtermStopsItCleanly() throws Exception {
        assertThat(state().get("phase").asText()).isEqualTo("idle");

        Result started = massaged("start", "--minutes", "5");
        assertThat(started.code()).as(started.text()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> state().get("phase").asText().equals("running"));
        Result tooMuch = massaged("too-much");
        assertThat(tooMuch.code()).as(tooMuch.text()).isZero();
        Result status = massaged("status");
        assertThat(status.text()).contains("phase    running", "time ");
        Result rejected = massaged("reset");
        assertThat(rejected.code()).as(rejected.text()).isEqualTo(1);

        Duration unitStopTimeout = unitStopTimeout();
        long signalled = System.nanoTime();
        int exitCode = daemon.terminate(); // SIGTERM, as systemctl stop sends
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);

        assertThat(exitCode).as(daemon.logText()).isZero();
        assertThat(took).as("SIGTERM to exit, inside the unit's TimeoutStopSec (systemd kills the daemon after it)")
                .isLessThanOrEqualTo(unitStopTimeout);
        await().atMost(Duration.ofSeconds(5)).until(() -> availability.get(availability.size() - 1).equals("offline"));
        JournalContents written = Journal.read(journal);
        assertThat(written.warnings()).isEmpty();
        List<JournalContents.SessionRecord> sessions = written.sessions();
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).cause()).as("the session's end is in the journal").doesNotContain("unfinished");
        assertThat(socket).as("the control socket is removed").doesNotExist();
        System.out.println("SIGTERM mid-session to exit 0: " + took.toMillis() + " ms");
    }

    @Test
    void statusJournalAndStopWorkAgainstTheRunningDaemon() throws Exception {
        Result json = massaged("status", "--json");
        JsonNode answer = new ObjectMapper().readTree(json.text());
        assertThat(answer.get("state").get("sessions_today").asInt()).isZero();

        Result stop = massaged("stop");
        assertThat(stop.code()).as(stop.text()).isIn(0, 1);

        Result journalText = massaged("journal");
        assertThat(journalText.code()).as(journalText.text()).isZero();
        assertThat(journalText.text()).contains("Recent sessions (0 of 0):");

        assertThat(daemon.terminate()).as(daemon.logText()).isZero();
    }

    private JsonNode state() throws Exception {
        Result result = daemon.massaged("status", "--json");
        assertThat(result.code()).as(result.text()).isZero();
        return new ObjectMapper().readTree(result.text()).get("state");
    }

    private Result massaged(String... args) {
        return daemon.massaged(args);
    }
}
