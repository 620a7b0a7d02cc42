package org.massaged.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.massaged.testing.Mosquitto;
import org.massaged.controller.mqtt.TestClient;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;
import org.massaged.testing.ChildJvm;
import org.massaged.testing.PackagedLauncher;

/**
 * What the attacks run against: a real Mosquitto, the virtual massager (a person seated) serving the wire
 * protocol on a loopback TCP port, and the real daemon in its own JVM with the launcher's flags, as
 * {@code chair1}. A dashboard client watches everything under the daemon's root.
 */
final class HostileRig implements AutoCloseable {

    static final String PROFILE = "body-massager-serial";
    static final String ROOT = "massaged/chair1";
    static final String ZONE = "back";

    final Path directory;
    final Mosquitto broker;
    final VirtualMassager massager;
    final ChildJvm daemon;
    final Path journal;
    final TestClient dashboard;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private HostileRig(Path directory, Mosquitto broker, VirtualMassager massager, ChildJvm daemon,
                       Path journal, TestClient dashboard) {
        this.directory = directory;
        this.broker = broker;
        this.massager = massager;
        this.daemon = daemon;
        this.journal = journal;
        this.dashboard = dashboard;
    }

    /** Skips the test where Mosquitto is not installed (.ci/run installs it). */
    static void assumeMosquitto() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Mosquitto.installed(),
                "mosquitto is not installed (apt-get install mosquitto)");
    }

    static HostileRig start(Path directory) throws Exception {
        return start(directory, List.of());
    }

    /** On a Mosquitto with these extra config lines. */
    static HostileRig start(Path directory, List<String> brokerConfig) throws Exception {
        Mosquitto broker = new Mosquitto(directory, "tcp", brokerConfig);
        broker.start();
        return start(directory, broker, broker.uri(), "", new MqttConnectionOptions());
    }

    static HostileRig start(Path directory, Mosquitto broker, String brokerUriForDaemon, String mqttYaml,
                            MqttConnectionOptions dashboardLogin) throws Exception {
        DeviceProfile profile = ProfileCatalogue.builtIn().find(PROFILE).orElseThrow();
        VirtualMassager massager = VirtualMassager.start(profile, SimulatorOptions.defaults());
        massager.occupied(true);
        Path journal = directory.resolve("journal.jsonl");
        Path config = directory.resolve("config.yaml");
        Files.writeString(config, "profile: " + PROFILE + "\n"
                + "journal: " + journal + "\n"
                + "device:\n  tcp:\n    host: 127.0.0.1\n    port: " + massager.tcpPort() + "\n"
                + "localControl:\n  socket: " + directory.resolve("control.sock") + "\n"
                + "mqtt:\n  broker: " + brokerUriForDaemon + "\n  deviceId: chair1\n" + mqttYaml);
        ChildJvm daemon = PackagedLauncher.daemon(config, directory.resolve("daemon.log"));
        TestClient dashboard = new TestClient(broker.uri(), "dashboard-" + UUID.randomUUID(), dashboardLogin);
        HostileRig rig = new HostileRig(directory, broker, massager, daemon, journal, dashboard);
        try {
            dashboard.subscribe(ROOT + "/#");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                daemon.assertAlive();
                return dashboard.on(ROOT + "/state").stream().anyMatch(m -> m.payload().length > 0
                        && m.json().path("phase").asText().equals("idle"))
                        && dashboard.on(ROOT + "/availability").stream().anyMatch(m -> m.text().equals("online"));
            });
        } catch (Exception | AssertionError e) {
            String log = daemon.logText();
            rig.close();
            throw new AssertionError("the daemon did not come up idle and online; its log:\n" + log, e);
        }
        return rig;
    }

    /** Another MQTT client on the same broker, closed with the rig. */
    TestClient client(String id, MqttConnectionOptions options) throws Exception {
        TestClient client = new TestClient(broker.uri(), id, options);
        closeables.add(client);
        return client;
    }

    /** A start as a dashboard with a clock sends it: fresh issued_at, a transaction; answered accepted. */
    JsonNode startSession(String transaction) throws Exception {
        dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"duration\":5,\"transaction\":\"" + transaction
                + "\",\"issued_at\":\"" + Instant.now() + "\"}");
        JsonNode answer = dashboard.response(ROOT, transaction);
        assertThat(answer.get("outcome").asText()).as(answer.toString()).isNotEqualTo("rejected");
        await().atMost(Duration.ofSeconds(15)).until(() -> massager.zoneSteps(ZONE) > 0);
        return answer;
    }

    /** Waits until the motor of the virtual massager stands still. */
    void awaitMotorStopped(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(5)).until(() -> massager.zoneSteps(ZONE) == 0);
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        try {
            daemon.close();
            List<String> log = daemon.logLines();
            if (System.getProperty("hostile.keepLog") != null) {
                Files.write(Path.of(System.getProperty("hostile.keepLog")), log);
            }
            System.out.println("---- daemon log: warnings and errors, then the last 20 of " + log.size() + " lines ----");
            log.stream().filter(line -> line.startsWith("WARN") || line.startsWith("ERROR"))
                    .filter(line -> !line.contains("over their budgets")).limit(40).forEach(System.out::println);
            log.subList(Math.max(0, log.size() - 20), log.size()).forEach(System.out::println);
        } finally {
            dashboard.close();
            massager.close();
            broker.stop();
        }
    }
}
