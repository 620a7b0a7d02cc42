package org.massaged.controller.mqtt;

import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;

import org.massaged.controller.safety.Cause;

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
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.app.local.LocalProtocol;
import org.massaged.controller.safety.StartChoice;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.testing.Broker;

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
        MqttBridge bridge = new MqttBridge(settings, Fixtures.lumbarDuo(), Fixtures.engineLimits(), sink, clock);
        closeables.add(bridge);
        return bridge;
    }

    MqttBridge startedBridge() {
        MqttBridge bridge = bridge(settings().build());
        bridge.start();
        await().atMost(Duration.ofSeconds(10)).until(bridge::isReady);
        return bridge;
    }

    /** {@code ,"issued_at":"<now>"}: what a start needs to be fresh enough to move the massager. */
    static String now() {
        return ",\"issued_at\":\"" + Instant.now() + "\"";
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
        bridge.publishState(StateDocument.of(Fixtures.idle()));
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
    void publishesTheDocumentItIsGivenStampedAndNothingElse() throws Exception {
        MqttBridge bridge = startedBridge();
        TestClient dashboard = dashboard();
        StateDocument built = StateDocument.of(Fixtures.running("kneading", 4, 321));

        bridge.publishState(built);

        TestClient.Received published = dashboard.awaitJson(ROOT + "/state", "phase", "running");
        Instant stamped = Instant.parse(published.json().get("updated_at").asText());
        assertThat(published.text()).isEqualTo(new String(new StateJson().bytes(built.at(stamped)),
                StandardCharsets.UTF_8));
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
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        TestClient dashboard = dashboard();

        dashboard.publish(ROOT + "/set/program", "kneading");
        dashboard.publish(ROOT + "/set/duration", "12");
        dashboard.publish(ROOT + "/set", "{\"level\": 3, \"heat\": true, \"transaction\": \"choose\"}");
        JsonNode chosen = dashboard.response(ROOT, "choose");
        assertThat(chosen.get("outcome").asText()).isEqualTo("accepted");
        assertThat(chosen.get("command").asText()).isEqualTo("set level+heat");
        assertThat(sink.commands()).as("settings go to the engine, which owns the next start's choices")
                .containsExactly(new Command.SetProgram(Origin.MQTT, "kneading"),
                        new Command.SetDuration(Origin.MQTT, Duration.ofMinutes(12)),
                        new Command.Batch(Origin.MQTT, List.of(new Command.SetLevel(Origin.MQTT, 3),
                                new Command.SetHeat(Origin.MQTT, true))));
        bridge.publishState(StateDocument.of(Fixtures.withNext(Fixtures.idle(), new StartChoice("kneading", Duration.ofMinutes(12), 3,
                true))));
        JsonNode next = dashboard.await(ROOT + "/state", m -> m.json().get("next").get("level").asInt() == 3)
                .json().get("next");
        assertThat(next.get("program").asText()).isEqualTo("kneading");
        assertThat(next.get("duration").asInt()).isEqualTo(12);
        assertThat(next.get("heat").asBoolean()).isTrue();

        MqttProperties request = new MqttProperties();
        request.setResponseTopic(ROOT + "/response/dashboard");
        request.setCorrelationData("corr-1".getBytes(StandardCharsets.UTF_8));
        dashboard.publish(ROOT + "/set", "{\"action\": \"start\", \"transaction\": \"t-start\"" + now() + "}", false,
                request);
        TestClient.Received reply = dashboard.await(ROOT + "/response/dashboard", m -> true);
        assertThat(new String(reply.properties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo("corr-1");
        assertThat(reply.json().get("outcome").asText()).isEqualTo("accepted");
        assertThat(reply.json().get("transaction").asText()).isEqualTo("t-start");
        assertThat(sink.commands().get(3)).as("a start fills its empty fields from the engine's choices")
                .isEqualTo(Command.Start.with(Origin.MQTT, List.of()));

        bridge.publishState(StateDocument.of(Fixtures.running("kneading", 3, 700)));
        bridge.publishEvent(new SessionEvent.Started("kneading", Duration.ofMinutes(12), 3, true, Origin.MQTT));
        dashboard.awaitJson(ROOT + "/state", "phase", "running");
        JsonNode started = dashboard.awaitJson(ROOT + "/event", "event", "started").json();
        assertThat(started.get("by").asText()).isEqualTo("mqtt");
        assertThat(dashboard.await(ROOT + "/event", m -> true).retained()).isFalse();

        dashboard.publish(ROOT + "/set/level", "4");
        await().until(() -> sink.commands().size() == 5);
        assertThat(sink.commands().get(4)).isEqualTo(new Command.SetLevel(Origin.MQTT, 4));

        sink.answerWith(command -> CommandResult.adjusted("ramping", "stopping with a slow ramp"));
        dashboard.publish(ROOT + "/set/action", "stop");
        JsonNode stopped = dashboard.awaitJson(ROOT + "/response", "command", "stop").json();
        assertThat(stopped.get("outcome").asText()).isEqualTo("adjusted");
        assertThat(stopped.get("reason").asText()).isEqualTo("ramping");
        assertThat(sink.commands().get(5)).isEqualTo(new Command.Stop(Origin.MQTT));

        bridge.publishState(StateDocument.of(Fixtures.withPhase(Fixtures.idle(), Phase.IDLE, Cause.Event.DURATION_ELAPSED)));
        bridge.publishEvent(new SessionEvent.Ended("kneading", Duration.ofMinutes(12), Cause.Event.DURATION_ELAPSED, 4));
        JsonNode completed = dashboard.awaitJson(ROOT + "/event", "event", "completed").json();
        assertThat(completed.get("ran_s").asLong()).isEqualTo(720);
        assertThat(completed.get("max_level").asInt()).isEqualTo(4);
    }

    @Test
    void homeAssistantsStartButtonStartsAsItsTemplateRendersAndAPlainStartDoesNot() throws Exception {
        MqttBridge bridge = startedBridge();
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        TestClient dashboard = dashboard();
        JsonNode button = new Discovery(bridge.topics(), Fixtures.lumbarDuo(), bridge.limits())
                .document().get("cmps").get("start");
        String rendered = button.get("command_template").asText()
                .replace("{{ now().timestamp() }}", String.valueOf(System.currentTimeMillis() / 1000.0));

        dashboard.publish(button.get("command_topic").asText(), rendered);
        assertThat(dashboard.awaitJson(ROOT + "/response", "command", "start").json().get("outcome").asText())
                .isEqualTo("accepted");
        assertThat(sink.commands()).containsExactly(new Command.Start(Origin.MQTT, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty()));

        dashboard.publish(ROOT + "/set/action", "start", false, TestClient.properties(Map.of("transaction", "plain")));
        JsonNode plain = dashboard.response(ROOT, "plain");
        assertThat(plain.get("reason").asText()).isEqualTo("missing-issued-at");
        assertThat(plain.get("field").asText()).isEqualTo("issued_at");
        assertThat(sink.commands()).hasSize(1);
    }

    @Test
    void aRetainedStartLeftOnTheBrokerBeforeTheDaemonConnectsNeverStarts() throws Exception {
        TestClient ghost = client("ghost");
        ghost.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"ghost\"}", true, new MqttProperties());
        ghost.publish(ROOT + "/set/action", "start", true, new MqttProperties());
        TestClient dashboard = dashboard();

        startedBridge();

        JsonNode json = dashboard.response(ROOT, "ghost");
        assertThat(json.get("outcome").asText()).isEqualTo("rejected");
        assertThat(json.get("reason").asText()).isEqualTo("retained");
        JsonNode plain = dashboard.awaitJson(ROOT + "/response", "topic", ROOT + "/set/action").json();
        assertThat(plain.get("reason").asText()).isEqualTo("retained");
        dashboard.awaitJson(ROOT + "/event", "event", "command_rejected");
        assertThat(sink.commands()).isEmpty();
    }

    @Test
    void aStartPublishedWithTheRetainFlagWhileConnectedIsRejectedToo() throws Exception {
        startedBridge();
        TestClient dashboard = dashboard();
        dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"live-retained\"}", true,
                new MqttProperties());
        assertThat(dashboard.response(ROOT, "live-retained").get("reason").asText()).isEqualTo("retained");
        assertThat(sink.commands()).isEmpty();
    }

    @Test
    void eachRejectionClassAnswersNamingTheFieldAndChangesNothing() throws Exception {
        MqttBridge bridge = startedBridge();
        SessionEngine engine = Fixtures.engine();
        sink.answerWith(command -> engine.handle(command, System.nanoTime(), Instant.now()));
        bridge.publishState(StateDocument.of(engine.snapshot()));
        TestClient dashboard = dashboard();
        String tooLarge = "{\"action\":\"start\",\"transaction\":\"big\",\"program\":\"" + "x".repeat(5000) + "\"}";
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        // payload -> {reason, field or "-"}
        cases.put("{\"action\":\"start\"", new String[] {"invalid-json", "-"});
        cases.put("[1,2]", new String[] {"wrong-type", "-"});
        cases.put("{\"transaction\":\"t1\",\"level\":\"high\"}", new String[] {"wrong-type", "level"});
        cases.put("{\"transaction\":\"t2\",\"level\":2.5}", new String[] {"wrong-type", "level"});
        cases.put("{\"transaction\":\"t3\",\"heat\":\"yes\"}", new String[] {"wrong-type", "heat"});
        cases.put("{\"transaction\":\"t4\",\"speed\":3}", new String[] {"unknown-field", "speed"});
        cases.put("{\"transaction\":\"t5\",\"action\":\"launch\"}", new String[] {"invalid-value", "action"});
        cases.put("{\"transaction\":\"t6\",\"program\":\"deep-tissue\"}", new String[] {"unknown-program", "program"});
        cases.put("{\"transaction\":\"t8\",\"duration\":0}", new String[] {"out-of-range", "duration"});
        cases.put("{\"transaction\":\"t10\",\"level\":0}", new String[] {"level-out-of-range", "level"});
        cases.put("{\"transaction\":\"t11\",\"action\":\"stop\",\"level\":2}", new String[] {"conflicting-fields", "level"});
        cases.put("{\"transaction\":\"t12\",\"issued_at\":\"2020-01-01T00:00:00Z\"}", new String[] {"stale", "issued_at"});
        cases.put("{\"transaction\":\"t13\",\"action\":\"start\",\"issued_at\":\""
                + Instant.now().minusSeconds(31) + "\"}", new String[] {"stale", "issued_at"});
        cases.put("{\"transaction\":\"t14\",\"action\":\"start\",\"issued_at\":"
                + (Instant.now().getEpochSecond() + 3600) + "}", new String[] {"issued-in-future", "issued_at"});
        cases.put("{\"transaction\":\"t15\"}", new String[] {"empty-command", "-"});
        cases.put("{\"transaction\":\"t16\",\"issued_at\":\"yesterday\",\"action\":\"start\"}", new String[] {"wrong-type", "issued_at"});
        cases.put("{\"transaction\":\"t17\",\"level\":2,\"level\":3}", new String[] {"invalid-json", "-"});
        cases.put(tooLarge, new String[] {"payload-too-large", "-"});

        int index = 0;
        for (var entry : cases.entrySet()) {
            dashboard.clear();
            dashboard.publish(ROOT + "/set", entry.getKey());
            JsonNode response = dashboard.await(ROOT + "/response", m -> true).json();
            assertThat(response.get("outcome").asText()).as("payload %s", entry.getKey()).isEqualTo("rejected");
            assertThat(response.get("reason").asText()).as("payload %s", entry.getKey()).isEqualTo(entry.getValue()[0]);
            if (!entry.getValue()[1].equals("-")) {
                assertThat(response.get("field").asText()).as("payload %s", entry.getKey()).isEqualTo(entry.getValue()[1]);
                assertThat(response.get("message").asText()).contains(entry.getValue()[1]);
            }
            assertThat(response.get("topic").asText()).isEqualTo(ROOT + "/set");
            index++;
        }
        assertThat(index).isEqualTo(cases.size());

        dashboard.clear();
        dashboard.publish(ROOT + "/set/speed", "3");
        JsonNode unknownTopic = dashboard.await(ROOT + "/response", m -> true).json();
        assertThat(unknownTopic.get("reason").asText()).isEqualTo("unknown-field");
        assertThat(unknownTopic.get("field").asText()).isEqualTo("speed");
        dashboard.clear();
        dashboard.publish(ROOT + "/set/level", "three");
        assertThat(dashboard.await(ROOT + "/response", m -> true).json().get("reason").asText()).isEqualTo("wrong-type");
        dashboard.clear();
        dashboard.publish(ROOT + "/set/action", "start", false,
                TestClient.properties(Map.of("issued_at", Instant.now().minusSeconds(120).toString(), "transaction", "up-1")));
        assertThat(dashboard.response(ROOT, "up-1").get("reason").asText()).isEqualTo("stale");

        dashboard.publish(ROOT + "/set", "{\"transaction\":\"once\",\"action\":\"start\"" + now() + "}");
        dashboard.response(ROOT, "once");
        dashboard.clear();
        dashboard.publish(ROOT + "/set", "{\"transaction\":\"once\",\"action\":\"start\"" + now() + "}");
        assertThat(dashboard.response(ROOT, "once").get("reason").asText()).isEqualTo("duplicate-transaction");

        assertThat(sink.commands()).filteredOn(Command.Start.class::isInstance).as("only the one valid start reached"
                + " the control loop").containsExactly(Command.Start.with(Origin.MQTT, List.of()));
        assertThat(engine.snapshot().next()).as("nothing rejected changed the next start")
                .isEqualTo(Fixtures.engine().snapshot().next());

        // The engine's rule, as on every channel: out of range is brought into it, and the answer says so.
        Map<String, String[]> adjusted = Map.of(
                "{\"transaction\":\"a1\",\"duration\":16}", new String[] {"duration-clamped", "duration"},
                "{\"transaction\":\"a2\",\"duration\":4}", new String[] {"duration-raised", "duration"},
                "{\"transaction\":\"a3\",\"level\":7}", new String[] {"above-home-max", "level"});
        for (var entry : adjusted.entrySet()) {
            dashboard.clear();
            dashboard.publish(ROOT + "/set", entry.getKey());
            JsonNode response = dashboard.await(ROOT + "/response", m -> true).json();
            assertThat(response.get("outcome").asText()).as("payload %s", entry.getKey()).isEqualTo("adjusted");
            assertThat(response.get("reason").asText()).as("payload %s", entry.getKey()).isEqualTo(entry.getValue()[0]);
            assertThat(response.get("field").asText()).as("payload %s", entry.getKey()).isEqualTo(entry.getValue()[1]);
        }
        assertThat(engine.snapshot().next().level()).as("never above homeMax").isEqualTo(engine.limits().ceiling());
    }

    @Test
    void whileASessionRunsOnlyLevelAndHeatChangeOneAtATime() throws Exception {
        MqttBridge bridge = startedBridge();
        SessionEngine engine = Fixtures.engine();
        engine.observe(Fixtures.seated(), System.nanoTime());
        assertThat(engine.handle(Command.Start.with(Origin.CLI, List.of()), System.nanoTime(), Instant.now())
                .isRejected()).isFalse();
        sink.answerWith(command -> engine.handle(command, System.nanoTime(), Instant.now()));
        bridge.publishState(StateDocument.of(engine.snapshot()));
        TestClient dashboard = dashboard();
        dashboard.awaitJson(ROOT + "/state", "active", "true");
        dashboard.publish(ROOT + "/set", "{\"transaction\":\"p\",\"program\":\"kneading\"}");
        JsonNode program = dashboard.response(ROOT, "p");
        assertThat(program.get("reason").asText()).isEqualTo("session-running");
        assertThat(program.get("field").asText()).isEqualTo("program");
        dashboard.publish(ROOT + "/set", "{\"transaction\":\"lh\",\"level\":4,\"heat\":true}");
        assertThat(dashboard.response(ROOT, "lh").get("reason").asText()).isEqualTo("one-change-at-a-time");
        dashboard.publish(ROOT + "/set/heat", "ON", false, TestClient.properties(Map.of("transaction", "h")));
        assertThat(dashboard.response(ROOT, "h").get("outcome").asText()).isEqualTo("accepted");
        assertThat(engine.snapshot().heatRequested()).isTrue();
        assertThat(engine.snapshot().program()).contains("gentle");
        assertThat(sink.commands()).last().isEqualTo(new Command.SetHeat(Origin.MQTT, true));
    }

    @Test
    void theStateIsByteForByteTheDocumentTheSocketAndStatusJsonShow() throws Exception {
        MqttBridge bridge = startedBridge();
        SessionSnapshot running = Fixtures.running("gentle", 3, 300);
        TestClient dashboard = dashboard();
        bridge.publishState(StateDocument.of(running));
        TestClient.Received state = dashboard.awaitJson(ROOT + "/state", "phase", "running");
        Instant at = Instant.parse(state.json().get("updated_at").asText());

        LocalProtocol protocol = new LocalProtocol();
        String socketState = protocol.line(protocol.status(running, at, Optional.empty()).get("state"));

        assertThat(socketState).isEqualTo(state.text());
    }

    @Test
    void getAnswersWithTheStateOnTheResponseTopic() throws Exception {
        MqttBridge bridge = startedBridge();
        bridge.publishState(StateDocument.of(Fixtures.faulted("pad-overheat", "pad at 43.2 °C")));
        TestClient dashboard = dashboard();
        dashboard.awaitJson(ROOT + "/state", "phase", "fault");
        dashboard.publish(ROOT + "/get", "{\"transaction\":\"g1\"}");
        JsonNode response = dashboard.response(ROOT, "g1");
        assertThat(response.get("outcome").asText()).isEqualTo("accepted");
        assertThat(response.get("state").get("fault_code").asText()).isEqualTo("pad-overheat");
        assertThat(response.get("state").get("fault").asBoolean()).isTrue();
        assertThat(sink.commands()).isEmpty();
    }

    @Test
    void homeAssistantBirthRepublishesDiscoveryAndState() throws Exception {
        MqttBridge bridge = startedBridge();
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        TestClient homeAssistant = client("home-assistant");
        homeAssistant.subscribe("homeassistant/device/massaged_chair1/config", ROOT + "/state");
        homeAssistant.await("homeassistant/device/massaged_chair1/config", m -> m.retained());
        homeAssistant.await(ROOT + "/state", m -> m.retained());
        homeAssistant.clear();

        homeAssistant.publish("homeassistant/status", "online");

        TestClient.Received discovery = homeAssistant.await("homeassistant/device/massaged_chair1/config", m -> true);
        assertThat(discovery.json().get("cmps").has("start")).isTrue();
        homeAssistant.await(ROOT + "/state", m -> true);
        assertThat(sink.commands()).isEmpty();
    }

    @Test
    void brokerRestartMidSessionRepublishesStateAndAvailabilityWithoutActuatingAgain() throws Exception {
        MqttBridge bridge = startedBridge();
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        bridge.publishLink(true, "serial");
        TestClient dashboard = dashboard();
        dashboard.publish(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"s1\"" + now() + "}");
        dashboard.response(ROOT, "s1");
        bridge.publishState(StateDocument.of(Fixtures.running("gentle", 2, 590)));
        dashboard.awaitJson(ROOT + "/state", "phase", "running");
        dashboard.close();
        closeables.remove(dashboard);

        broker.restart();
        bridge.publishState(StateDocument.of(Fixtures.running("gentle", 2, 580)));
        bridge.publishEvent(new SessionEvent.StepChanged(1, "finish", "LONG_SLOW_STROKE"));
        await().atMost(Duration.ofSeconds(15)).until(bridge::isConnected);

        TestClient after = client("after-restart");
        after.subscribe(ROOT + "/#");
        assertThat(after.await(ROOT + "/availability", TestClient.Received::retained).text()).isEqualTo("online");
        JsonNode state = after.await(ROOT + "/state", TestClient.Received::retained).json();
        assertThat(state.get("phase").asText()).isEqualTo("running");
        assertThat(state.get("remaining_s").asLong()).isEqualTo(580);
        assertThat(after.await(ROOT + "/link", TestClient.Received::retained).json().get("state").asText())
                .isEqualTo("online");
        assertThat(sink.commands()).as("the start ran once, nothing was replayed").hasSize(1);

        after.publish(ROOT + "/set", "{\"action\":\"stop\",\"transaction\":\"s2\"}");
        assertThat(after.response(ROOT, "s2").get("outcome").asText()).isEqualTo("accepted");
        assertThat(sink.commands()).hasSize(2).last().isEqualTo(new Command.Stop(Origin.MQTT));
    }

    @Test
    void theCleanerRemovesEveryRetainedTopicTheDaemonPublished() throws Exception {
        MqttBridge bridge = startedBridge();
        bridge.publishState(StateDocument.of(Fixtures.idle()));
        bridge.publishLink(true, "serial");
        TestClient ghost = client("ghost");
        ghost.publish(ROOT + "/set/action", "start", true, new MqttProperties());
        TestClient watcher = client("watcher");
        watcher.subscribe(ROOT + "/#", "homeassistant/device/massaged_chair1/config");
        watcher.await(ROOT + "/state", TestClient.Received::retained);
        watcher.await(ROOT + "/link", m -> m.json().get("state").asText().equals("online"));
        watcher.await("homeassistant/device/massaged_chair1/config", m -> true);
        bridge.close();
        watcher.await(ROOT + "/availability", m -> m.text().equals("offline"));

        List<String> cleared = new MqttCleaner(settings().build()).clean(Duration.ofMillis(300));

        assertThat(cleared).contains("homeassistant/device/massaged_chair1/config", ROOT + "/state",
                ROOT + "/availability", ROOT + "/link", ROOT + "/set/action");
        TestClient after = client("after-clean");
        after.subscribe(ROOT + "/#", "homeassistant/#");
        after.publish(ROOT + "/probe", "probe");
        after.await(ROOT + "/probe", m -> true);
        assertThat(after.received()).as("no retained message is left").noneMatch(TestClient.Received::retained);
    }
}
