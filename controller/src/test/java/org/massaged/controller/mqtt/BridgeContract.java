package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionEvent;

/** What the bridge must do on any real broker; run against Mosquitto and against the embedded Moquette. */
abstract class BridgeContract {

    static final String ROOT = "massaged/chair1";

    @TempDir
    Path directory;

    Broker broker;
    final RecordingSink sink = new RecordingSink();
    final List<AutoCloseable> closeables = new ArrayList<>();
    final Clock clock = Clock.systemUTC();

    abstract Broker newBroker(Path directory) throws Exception;

    @BeforeEach
    void startBroker() throws Exception {
        broker = newBroker(directory);
        broker.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        broker.stop();
    }

    MqttSettings.Builder settings() {
        return MqttSettings.builder("chair1", List.of(broker.uri()))
                .connectBackoffInitial(Duration.ofMillis(100))
                .connectBackoffMax(Duration.ofMillis(500))
                .birthRepublishMaxDelay(Duration.ofMillis(200))
                .stateMinInterval(Duration.ofMillis(50))
                .willDelay(Duration.ofSeconds(2));
    }

    MqttBridge bridge(MqttSettings settings) {
        MqttBridge bridge = new MqttBridge(settings, Fixtures.lumbarDuo(), Fixtures.programs(), sink, clock);
        closeables.add(bridge);
        return bridge;
    }

    MqttBridge startedBridge() {
        MqttBridge bridge = bridge(settings().build());
        bridge.start();
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        return bridge;
    }

    TestClient client(String id) throws Exception {
        TestClient client = new TestClient(broker.uri(), id);
        closeables.add(client);
        return client;
    }

    /** A dashboard: subscribed to everything the daemon publishes. */
    TestClient dashboard() throws Exception {
        TestClient client = client("dashboard");
        client.subscribe(ROOT + "/#");
        return client;
    }

    @Test
    void publishesRetainedAvailabilityAndStateAndTheLinkSeparately() throws Exception {
        MqttBridge bridge = startedBridge();
        bridge.publishState(Fixtures.idle());
        bridge.publishLink(true, "serial /dev/ttyUSB0");
        TestClient late = client("late-subscriber");
        late.subscribe(ROOT + "/availability", ROOT + "/state", ROOT + "/link");

        assertThat(late.await(ROOT + "/availability", m -> true).text()).isEqualTo("online");
        assertThat(late.await(ROOT + "/availability", m -> true).retained()).isTrue();
        JsonNode state = late.await(ROOT + "/state", m -> true).json();
        assertThat(state.get("phase").asText()).isEqualTo("idle");
        assertThat(state.get("temperatures").get("pad").asDouble()).isEqualTo(24.5);
        assertThat(state.get("updated_at").asText()).isNotEmpty();
        assertThat(late.awaitJson(ROOT + "/link", "state", "online").json().get("detail").asText())
                .isEqualTo("serial /dev/ttyUSB0");
    }

    @Test
    void closePublishesOffline() throws Exception {
        MqttBridge bridge = startedBridge();
        TestClient dashboard = dashboard();
        dashboard.await(ROOT + "/availability", m -> m.text().equals("online"));
        bridge.close();
        assertThat(dashboard.await(ROOT + "/availability", m -> m.text().equals("offline")).text()).isEqualTo("offline");
        TestClient late = client("late");
        late.subscribe(ROOT + "/availability");
        assertThat(late.await(ROOT + "/availability", m -> true).text()).isEqualTo("offline");
    }

    @Test
    void aWholeSessionDrivenOnlyByMqttCommands() throws Exception {
        MqttBridge bridge = startedBridge();
        bridge.publishState(Fixtures.idle());
        TestClient dashboard = dashboard();

        dashboard.publish(ROOT + "/set/program", "kneading");
        dashboard.publish(ROOT + "/set/duration", "12");
        dashboard.publish(ROOT + "/set", "{\"level\": 3, \"heat\": true, \"transaction\": \"choose\"}");
        JsonNode chosen = dashboard.response(ROOT, "choose");
        assertThat(chosen.get("outcome").asText()).isEqualTo("accepted");
        assertThat(chosen.get("message").asText()).contains("program kneading", "12 min", "level 3", "heat on");
        JsonNode next = dashboard.await(ROOT + "/state", m -> m.json().get("next").get("level").asInt() == 3)
                .json().get("next");
        assertThat(next.get("program").asText()).isEqualTo("kneading");
        assertThat(next.get("duration").asInt()).isEqualTo(12);
        assertThat(sink.commands()).isEmpty();

        MqttProperties request = new MqttProperties();
        request.setResponseTopic("dashboards/replies");
        request.setCorrelationData("corr-1".getBytes(StandardCharsets.UTF_8));
        dashboard.subscribe("dashboards/replies");
        dashboard.publish(ROOT + "/set", "{\"action\": \"start\", \"transaction\": \"t-start\"}", false, request);
        TestClient.Received reply = dashboard.await("dashboards/replies", m -> true);
        assertThat(new String(reply.properties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo("corr-1");
        assertThat(reply.json().get("outcome").asText()).isEqualTo("accepted");
        assertThat(reply.json().get("transaction").asText()).isEqualTo("t-start");
        assertThat(sink.commands()).containsExactly(new Command.Start(Origin.MQTT, Optional.of("kneading"),
                Optional.of(Duration.ofMinutes(12)), OptionalInt.of(3), Optional.of(true)));

        bridge.publishState(Fixtures.running("kneading", 3, 700));
        bridge.publishEvent(new SessionEvent.Started("kneading", Duration.ofMinutes(12), 3, true, Origin.MQTT));
        dashboard.awaitJson(ROOT + "/state", "phase", "running");
        JsonNode started = dashboard.awaitJson(ROOT + "/event", "event", "started").json();
        assertThat(started.get("by").asText()).isEqualTo("mqtt");
        assertThat(dashboard.await(ROOT + "/event", m -> true).retained()).isFalse();

        dashboard.publish(ROOT + "/set/level", "4");
        await().until(() -> sink.commands().size() == 2);
        assertThat(sink.commands().get(1)).isEqualTo(new Command.SetLevel(Origin.MQTT, 4));

        sink.answerWith(command -> CommandResult.adjusted("ramping", "stopping with a slow ramp"));
        dashboard.publish(ROOT + "/set/action", "stop");
        JsonNode stopped = dashboard.awaitJson(ROOT + "/response", "command", "stop").json();
        assertThat(stopped.get("outcome").asText()).isEqualTo("adjusted");
        assertThat(stopped.get("reason").asText()).isEqualTo("ramping");
        assertThat(sink.commands().get(2)).isEqualTo(new Command.Stop(Origin.MQTT));

        bridge.publishState(Fixtures.withPhase(Fixtures.idle(), Phase.IDLE, "completed"));
        bridge.publishEvent(new SessionEvent.Ended("kneading", Duration.ofMinutes(12), "completed", 4));
        JsonNode completed = dashboard.awaitJson(ROOT + "/event", "event", "completed").json();
        assertThat(completed.get("ran_s").asLong()).isEqualTo(720);
        assertThat(completed.get("max_level").asInt()).isEqualTo(4);
    }
}
