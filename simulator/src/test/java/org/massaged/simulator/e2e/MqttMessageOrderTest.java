package org.massaged.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.mqtt.TestClient;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;
import org.massaged.testing.Mosquitto;

/**
 * Issue 14: the order an MQTT client sees (docs/mqtt.md, "Order of messages"): the answer to a command, then the
 * events it caused in the order they happened, then the state that shows them — for a stop, an emergency stop
 * and a session reaching its end. The real daemon (engine, control loop, journal, Paho bridge) against the
 * virtual massager and a real Mosquitto; one watching client sees everything in the order the broker delivers it.
 */
class MqttMessageOrderTest {

    private static final String PROFILE = "body-massager-serial";
    private static final String ROOT = "massaged/" + PROFILE;

    @TempDir
    Path directory;

    @Test
    void answerThenEventsThenStateForAStopAnEmergencyStopAndASessionsEnd() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (.ci/run installs it)");
        DeviceProfile profile = ProfileCatalogue.builtIn().find(PROFILE).orElseThrow();
        profile = profile.withSession(profile.session().withMinRest(Duration.ZERO));
        DaemonConfig config = new ConfigLoader(java.util.Map.of()).loadForSimulation(Optional.empty(), PROFILE);
        try (Mosquitto broker = new Mosquitto(directory)) {
            broker.start();
            config = new DaemonConfig(config.profile(), Optional.empty(), Optional.empty(), config.defaultProgram(),
                    config.device(), Optional.of(DaemonConfig.Mqtt.plain(broker.uri())),
                    directory.resolve("journal.jsonl"), false, config.remoteStartPolicy(),
                    new DaemonConfig.LocalControl(false, directory.resolve("sock")), config.tickHz(), true);
            try (VirtualMassager massager = VirtualMassager.start(profile, SimulatorOptions.defaults());
                 TestClient watcher = new TestClient(broker.uri(), "order-watcher")) {
                watcher.subscribe(ROOT + "/#");
                Daemon.Parts parts = new DaemonAssembler().parts(config, profile, () -> { },
                        Optional.of(LinkDevice.tcp(profile, "127.0.0.1", massager.tcpPort())), Clocks.accelerated(5));
                Daemon daemon = Daemon.start(parts);
                try {
                    watcher.awaitJson(ROOT + "/state", "phase", "idle");

                    startAndAwaitRunning(daemon, watcher);
                    watcher.publish(ROOT + "/set", "{\"action\":\"stop\",\"transaction\":\"order-stop\"}");
                    List<String> stop = seenUntil(watcher, "event stopped", "state idle");
                    assertInOrder("stop", stop, "response order-stop", "event phase_changed stopping",
                            "state stopping", "event stopped", "event phase_changed idle", "state idle");

                    startAndAwaitRunning(daemon, watcher);
                    watcher.publish(ROOT + "/set", "{\"action\":\"emergency_stop\",\"transaction\":\"order-estop\"}");
                    List<String> emergency = seenUntil(watcher, "event emergency_stop", "state emergency_stop");
                    assertInOrder("emergency stop", emergency, "response order-estop", "event stopped",
                            "event phase_changed emergency_stop", "event emergency_stop", "state emergency_stop");
                    watcher.publish(ROOT + "/set", "{\"action\":\"reset\",\"transaction\":\"order-reset\"}");
                    assertThat(watcher.response(ROOT, "order-reset").get("outcome").asText()).isEqualTo("accepted");
                    watcher.awaitJson(ROOT + "/state", "phase", "idle");

                    startAndAwaitRunning(daemon, watcher);
                    List<String> end = seenUntil(watcher, "event completed", "state idle");
                    assertInOrder("session end", end, "event phase_changed stopping", "state stopping",
                            "event completed", "event phase_changed idle", "state idle");
                } finally {
                    daemon.close();
                    parts.closeObserversAndJournal();
                }
            }
        }
    }

    /** A five-minute session (a minute of real time at 5×), from the command line; the watcher's list starts afresh. */
    private static void startAndAwaitRunning(Daemon daemon, TestClient watcher) throws Exception {
        CommandResult started = daemon.submit(new Command.Start(Origin.CLI, Optional.empty(),
                Optional.of(Duration.ofMinutes(5)), OptionalInt.empty(), Optional.empty())).get();
        assertThat(started.isRejected()).as(started.message()).isFalse();
        watcher.awaitJson(ROOT + "/state", "phase", "running");
        watcher.clear();
    }

    /** What the watcher saw, as labels, once it has seen every one of {@code last}. */
    private static List<String> seenUntil(TestClient watcher, String... last) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> labels(watcher), seen -> seen.containsAll(List.of(last)));
    }

    private static List<String> labels(TestClient watcher) {
        return watcher.received().stream().map(MqttMessageOrderTest::label).filter(label -> !label.isEmpty()).toList();
    }

    /** "response <transaction>", "event <name> [<to>]", "state <phase>"; empty for the other topics. */
    private static String label(TestClient.Received message) {
        boolean watched = message.topic().equals(ROOT + "/response") || message.topic().equals(ROOT + "/event")
                || message.topic().equals(ROOT + "/state");
        if (!watched || message.payload().length == 0) {
            return "";
        }
        JsonNode json = message.json();
        if (message.topic().equals(ROOT + "/response")) {
            return "response " + json.path("transaction").asText();
        }
        if (message.topic().equals(ROOT + "/event")) {
            String event = json.path("event").asText();
            return event.equals("phase_changed") ? "event phase_changed " + json.path("to").asText() : "event " + event;
        }
        return message.topic().equals(ROOT + "/state") ? "state " + json.path("phase").asText() : "";
    }

    /** Each label first appears after the one before it (repeats of a state at the heartbeat are fine). */
    private static void assertInOrder(String what, List<String> seen, String... expected) {
        int previous = -1;
        for (String label : expected) {
            int at = seen.indexOf(label);
            assertThat(at).as("%s: '%s' seen, after '%s', in %s", what, label,
                    previous < 0 ? "nothing" : seen.get(previous), seen).isGreaterThan(previous);
            previous = at;
        }
    }
}
