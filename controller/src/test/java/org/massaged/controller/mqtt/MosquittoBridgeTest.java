package org.massaged.controller.mqtt;

import org.massaged.controller.state.StateDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.testing.Mosquitto;
import org.massaged.testing.Broker;

/** The bridge against a real Mosquitto process, plus what needs Mosquitto: will delay, TLS, dropped links. */
class MosquittoBridgeTest extends BridgeContract {

    @Override
    Broker newBroker(Path directory) throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
        return new Mosquitto(directory);
    }

    @Test
    void aDroppedConnectionPublishesTheWillOnlyAfterTheWillDelay() throws Exception {
        CuttableProxy proxy = cuttable();
        MqttBridge bridge = startedThrough(proxy, Duration.ofMillis(100),
                settings -> settings.willDelay(Duration.ofSeconds(1)).keepAlive(Duration.ofSeconds(2)));
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        TestClient dashboard = dashboard();
        dashboard.await(ROOT + "/availability", m -> m.text().equals("online"));

        proxy.refuse();
        proxy.cut();
        TestClient.Received offline = dashboard.await(ROOT + "/availability", m -> m.text().equals("offline"));
        assertThat(offline.text()).isEqualTo("offline");

        proxy.accept();
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        dashboard.await(ROOT + "/availability", m -> m.text().equals("online") && dashboard.on(ROOT + "/availability")
                .indexOf(m) > dashboard.on(ROOT + "/availability").indexOf(offline));
    }

    @Test
    void aShortDropDoesNotFlapAvailabilityAndLosesNoEvent() throws Exception {
        CuttableProxy proxy = cuttable();
        MqttBridge bridge = startedThrough(proxy, Duration.ofMillis(50),
                settings -> settings.willDelay(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        TestClient dashboard = dashboard();
        dashboard.await(ROOT + "/availability", m -> m.text().equals("online"));

        proxy.cut();
        for (int i = 0; i < 20; i++) {
            bridge.publishEvent(new SessionEvent.StepChanged(i, "step " + i, "KNEADING"));
        }
        bridge.publishEvent(new SessionEvent.EmergencyStopped(Origin.LOCAL_INPUT));

        dashboard.awaitJson(ROOT + "/event", "event", "emergency_stop");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dashboard.on(ROOT + "/event").stream()
                .filter(m -> m.json().get("event").asText().equals("step_changed"))
                .sorted(java.util.Comparator.comparingLong(m -> m.json().get("seq").asLong()))
                .map(m -> m.json().get("step").asInt()).distinct().toList())
                .as("every event arrives (the safety event first); seq gives their order")
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList()));
        long stopSeq = dashboard.awaitJson(ROOT + "/event", "event", "emergency_stop").json().get("seq").asLong();
        assertThat(stopSeq).as("numbered in the order they happened").isEqualTo(21);
        assertThat(dashboard.on(ROOT + "/availability")).noneMatch(m -> m.text().equals("offline"));
    }

    @Test
    void fallsBackToMqtt311WhenTheBrokerRefusesMqtt5() throws Exception {
        CuttableProxy oldBroker = cuttable();
        oldBroker.refuseMqtt5();
        TestClient ghost = client("ghost");
        ghost.publish(ROOT + "/set/action", "start", true, new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        TestClient dashboard = dashboard();

        MqttBridge bridge = bridge(MqttSettings.builder("chair1", List.of(oldBroker.uri()))
                .connectBackoffInitial(Duration.ofMillis(100)).build());
        bridge.start();
        await().atMost(Duration.ofSeconds(15)).until(bridge::isConnected);

        assertThat(bridge.protocolVersion()).isEqualTo("3.1.1");
        assertThat(dashboard.awaitJson(ROOT + "/response", "topic", ROOT + "/set/action").json().get("reason").asText())
                .as("the retained ghost is still recognised under 3.1.1").isEqualTo("retained");
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        dashboard.awaitJson(ROOT + "/state", "phase", "idle");
        dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"v311\"" + now() + "}");
        assertThat(dashboard.response(ROOT, "v311").get("outcome").asText()).isEqualTo("accepted");
        assertThat(sink.commands()).hasSize(1);
    }

    @Test
    void theStateIsRepublishedAtTheHeartbeatWithoutAnyChange() throws Exception {
        MqttBridge bridge = bridge(settings().stateHeartbeat(Duration.ofMillis(200)).build());
        bridge.start();
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        TestClient dashboard = dashboard();
        String first = dashboard.await(ROOT + "/state", m -> true).json().get("updated_at").asText();
        dashboard.await(ROOT + "/state", m -> !m.json().get("updated_at").asText().equals(first));
    }

    @Test
    void mqtt5IsUsedWhenTheBrokerHasIt() {
        MqttBridge bridge = startedBridge();
        assertThat(bridge.protocolVersion()).isEqualTo("5");
    }

    @Test
    void aCommandWhoseMessageExpiryPassesWhileTheDaemonIsAwayNeverActuates() throws Exception {
        CuttableProxy proxy = cuttable();
        MqttBridge bridge = startedThrough(proxy, Duration.ofMillis(100),
                settings -> settings.willDelay(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        TestClient dashboard = dashboard();
        proxy.refuse();
        proxy.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> !bridge.isConnected());

        var shortLived = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        shortLived.setMessageExpiryInterval(1L);
        dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"expires\"}", false, shortLived);
        var longLived = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        longLived.setMessageExpiryInterval(60L);
        dashboard.publish(ROOT + "/set", "{\"action\":\"too_much\",\"transaction\":\"lives\"}", false, longLived);
        // the scenario itself is "the daemon is away longer than the expiry": wait it out on the broker's clock
        long awayUntil = System.nanoTime() + Duration.ofMillis(2200).toNanos();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > awayUntil);
        proxy.accept();
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);

        assertThat(dashboard.response(ROOT, "lives").get("outcome").asText())
                .as("the session resumed and delivered what was queued").isEqualTo("accepted");
        dashboard.publish(ROOT + "/set", "{\"action\":\"stop\",\"transaction\":\"after\"}");
        dashboard.response(ROOT, "after");
        assertThat(dashboard.on(ROOT + "/response")).noneMatch(m -> m.text().contains("\"expires\""));
        assertThat(sink.commands()).as("the expired start never reached the control loop")
                .containsExactly(new org.massaged.controller.safety.Command.TooMuch(Origin.MQTT),
                        new org.massaged.controller.safety.Command.Stop(Origin.MQTT));
    }

    @Test
    void aStartTheBrokerHeldWhileTheDaemonWasAwayNeverActuatesButAHeldStopDoes() throws Exception {
        CuttableProxy proxy = cuttable();
        MqttBridge bridge = startedThrough(proxy, Duration.ofMillis(100),
                settings -> settings.willDelay(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(bridge::isReady);
        TestClient dashboard = dashboard();
        proxy.refuse();
        proxy.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> !bridge.isConnected());

        dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"held-start\"}");
        dashboard.publish(ROOT + "/set", "{\"action\":\"stop\",\"transaction\":\"held-stop\"}");
        proxy.accept();
        await().atMost(Duration.ofSeconds(10)).until(bridge::isReady);

        com.fasterxml.jackson.databind.JsonNode start = dashboard.response(ROOT, "held-start");
        assertThat(start.get("outcome").asText()).isEqualTo("rejected");
        assertThat(start.get("reason").asText()).isEqualTo("held-while-offline");
        assertThat(dashboard.response(ROOT, "held-stop").get("outcome").asText()).isEqualTo("accepted");
        assertThat(sink.commands()).as("only the stop reached the control loop")
                .containsExactly(new org.massaged.controller.safety.Command.Stop(Origin.MQTT));
    }

    @Test
    void aSessionTakeoverIsReportedOnceAndNotFoughtOver() throws Exception {
        CuttableProxy proxy = cuttable();
        MqttBridge bridge = startedThrough(proxy, Duration.ofMillis(50),
                settings -> settings.takeoverBackoff(Duration.ofSeconds(2)));
        await().atMost(Duration.ofSeconds(10)).until(bridge::isReady);
        TestClient dashboard = dashboard();

        long takenAt = System.nanoTime();
        proxy.takeOver();
        await().atMost(Duration.ofSeconds(5)).until(() -> !bridge.isConnected());
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        Duration waited = Duration.ofNanos(System.nanoTime() - takenAt);

        assertThat(waited).as("not a reconnect loop: the takeover backoff (2 s, ±50 %%) before trying again")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        com.fasterxml.jackson.databind.JsonNode event = dashboard.awaitJson(ROOT + "/event", "event", "mqtt_taken_over")
                .json();
        assertThat(event.get("times").asInt()).isEqualTo(1);
        assertThat(event.get("client_id").asText()).isEqualTo("massaged-chair1");
    }

    @Test
    void theProbeTellsWhenNoCommandCanReachTheDaemon() throws Exception {
        CuttableProxy proxy = cuttable();
        MqttBridge bridge = startedThrough(proxy, Duration.ofMillis(50),
                settings -> settings.commandChannelTimeout(Duration.ofMillis(1200)));
        await().atMost(Duration.ofSeconds(10)).until(bridge::isReady);
        long checkAfter = System.nanoTime() + Duration.ofMillis(3000).toNanos();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > checkAfter);
        assertThat(bridge.commandChannelLost()).as("probes come back: commands get through").isEmpty();

        proxy.freeze();
        assertThat(await().atMost(Duration.ofSeconds(5)).until(bridge::commandChannelLost, java.util.Optional::isPresent))
                .hasValueSatisfying(cause -> assertThat(cause.text()).startsWith("mqtt-lost: no probe came back"));
        proxy.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.commandChannelLost().isEmpty());

        proxy.refuse();
        proxy.cut();
        assertThat(await().atMost(Duration.ofSeconds(5)).until(bridge::commandChannelLost, java.util.Optional::isPresent))
                .hasValueSatisfying(cause -> assertThat(cause.text()).startsWith("mqtt-lost: not connected"));
    }

    @Test
    void firstConnectIsRetriedUntilTheBrokerAppears() throws Exception {
        broker.stop();
        MqttBridge bridge = bridge(settings().build());
        bridge.start();
        assertThat(bridge.isConnected()).isFalse();
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        broker.start();
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        TestClient late = client("late");
        late.subscribe(ROOT + "/state");
        assertThat(late.await(ROOT + "/state", m -> true).json().get("phase").asText()).isEqualTo("idle");
    }

    @Test
    void failsOverToTheNextBrokerUri() throws Exception {
        int nobody = Mosquitto.freePort();
        MqttBridge bridge = bridge(MqttSettings.builder("chair1", List.of("tcp://127.0.0.1:" + nobody, broker.uri()))
                .connectBackoffInitial(Duration.ofMillis(100)).build());
        bridge.start();
        await().atMost(Duration.ofSeconds(15)).until(bridge::isConnected);
    }

    @Test
    void connectsOverTlsWithATestCaAndAClientCertificate() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        Path certificates = Files.createDirectories(directory.resolve("tls"));
        TestCertificates tls = TestCertificates.create(certificates);
        Mosquitto secure = new Mosquitto(directory, "ssl", tls.mosquittoConfig());
        closeables.add(secure);
        secure.start();

        MqttBridge bridge = bridge(MqttSettings.builder("chair1", List.of(secure.uri()))
                .caFile(tls.caCert()).clientCertFile(tls.clientCert()).clientKeyFile(tls.clientKey())
                .connectBackoffInitial(Duration.ofMillis(100)).build());
        bridge.start();
        await().atMost(Duration.ofSeconds(15)).until(bridge::isConnected);
        bridge.publishState(StateDocument.of(Fixtures.idle()));

        var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setSocketFactory(TlsSockets.socketFactory(java.util.Optional.of(tls.caCert()),
                java.util.Optional.of(tls.clientCert()), java.util.Optional.of(tls.clientKey())));
        TestClient dashboard = new TestClient(secure.uri(), "tls-dashboard", options);
        closeables.add(dashboard);
        dashboard.subscribe(ROOT + "/#");
        dashboard.publish(ROOT + "/set", "{\"action\":\"stop\",\"transaction\":\"tls\"}");
        assertThat(dashboard.response(ROOT, "tls").get("outcome").asText()).isEqualTo("accepted");
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefused() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates tls = TestCertificates.create(Files.createDirectories(directory.resolve("tls")));
        Mosquitto secure = new Mosquitto(directory, "ssl", tls.mosquittoConfig());
        closeables.add(secure);
        secure.start();
        var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setSocketFactory(TlsSockets.socketFactory(java.util.Optional.of(tls.otherCaCert()),
                java.util.Optional.of(tls.clientCert()), java.util.Optional.of(tls.clientKey())));
        assertThatThrownBy(() -> new TestClient(secure.uri(), "wrong-ca", options))
                .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
    }

    @Test
    void thePackagedAclConfinesEachDeviceToItsOwnSubtree() throws Exception {
        Path acl = Path.of("..", "packaging", "mosquitto", "massaged.acl").toAbsolutePath().normalize();
        assumeTrue(Files.isReadable(acl), "run from the controller module");
        Path secrets = Files.createDirectories(directory.resolve("acl"));
        Path passwords = secrets.resolve("passwd");
        for (String user : List.of("chair1", "chair2", "dashboard-chair1")) {
            List<String> command = new java.util.ArrayList<>(List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwords)) {
                command.add(1, "-c");
            }
            command.addAll(List.of(passwords.toString(), user, user + "-secret"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor()).as(new String(process.getInputStream().readAllBytes())).isZero();
        }
        Files.copy(acl, secrets.resolve("massaged.acl"));
        for (Path path : List.of(directory, secrets, passwords, secrets.resolve("massaged.acl"))) {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Mosquitto guarded = new Mosquitto(directory, "tcp", List.of("allow_anonymous false",
                "password_file " + passwords, "acl_file " + secrets.resolve("massaged.acl")));
        closeables.add(guarded);
        guarded.start();

        MqttBridge bridge = bridge(MqttSettings.builder("chair1", List.of(guarded.uri()))
                .username("chair1").password("chair1-secret").connectBackoffInitial(Duration.ofMillis(100)).build());
        bridge.start();
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        bridge.publishState(StateDocument.of(Fixtures.idle()));

        TestClient rogue = new TestClient(guarded.uri(), "massaged-chair2", login("chair2"));
        closeables.add(rogue);
        rogue.subscribe(ROOT + "/#");
        rogue.publish(ROOT + "/set/action", "start");
        rogue.publish(ROOT + "/state", "{\"phase\":\"rogue\"}", true, new org.eclipse.paho.mqttv5.common.packet.MqttProperties());

        TestClient dashboard = new TestClient(guarded.uri(), "dashboard", login("dashboard-chair1"));
        closeables.add(dashboard);
        dashboard.subscribe(ROOT + "/#");
        assertThat(dashboard.await(ROOT + "/state", m -> true).json().get("phase").asText()).isEqualTo("idle");
        dashboard.publish(ROOT + "/set", "{\"action\":\"stop\",\"transaction\":\"acl\"}");
        assertThat(dashboard.response(ROOT, "acl").get("outcome").asText()).isEqualTo("accepted");

        assertThat(sink.commands()).as("chair2's start never reached chair1").containsExactly(
                new org.massaged.controller.safety.Command.Stop(Origin.MQTT));
        assertThat(rogue.received()).as("chair2 reads nothing of chair1").isEmpty();
        assertThat(dashboard.on(ROOT + "/state")).noneMatch(m -> m.text().contains("rogue"));
    }

    private static org.eclipse.paho.mqttv5.client.MqttConnectionOptions login(String user) {
        var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword((user + "-secret").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return options;
    }

    /** A link between the bridge and the broker that the test can cut, closed after the test. */
    private CuttableProxy cuttable() throws Exception {
        CuttableProxy proxy = new CuttableProxy(broker.port());
        closeables.add(proxy);
        return proxy;
    }

    /** The bridge through {@code proxy}, retrying a connection after {@code backoff} (at most twice that); started. */
    private MqttBridge startedThrough(CuttableProxy proxy, Duration backoff, UnaryOperator<MqttSettings.Builder> more) {
        MqttBridge bridge = bridge(more.apply(MqttSettings.builder("chair1", List.of(proxy.uri()))
                .connectBackoffInitial(backoff).connectBackoffMax(backoff.multipliedBy(2))).build());
        bridge.start();
        return bridge;
    }
}
