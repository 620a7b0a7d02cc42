package org.massaged.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.massaged.controller.safety.Phase;
import org.massaged.simulator.broker.EmbeddedBroker;

class StateWatcherTest {

    private static final String TOPIC = "massaged/test-chair/state";

    private final List<String> phases = new CopyOnWriteArrayList<>();
    private final ExecutorService waiting = Executors.newSingleThreadExecutor();
    private EmbeddedBroker broker;
    private MqttClient publisher;
    private StateWatcher watcher;

    @BeforeEach
    void connect() throws Exception {
        broker = EmbeddedBroker.start(0);
        publisher = new MqttClient(broker.uri(), "publisher", new MemoryPersistence());
        publisher.connect();
        watcher = StateWatcher.connect(broker.uri(), TOPIC, state -> phases.add(state.path("phase").asText()));
    }

    @AfterEach
    void close() throws Exception {
        waiting.shutdownNow();
        watcher.close();
        publisher.disconnect();
        publisher.close();
        broker.close();
    }

    @Test
    void aSessionWhoseRunningAndRampDownWereCoalescedAwayStillEnds() throws Exception {
        Future<?> over = startExpectingASession("{\"phase\":\"idle\",\"active\":false,\"sessions_today\":0}",
                Phase.IDLE);

        publish("{\"phase\":\"cooldown\",\"active\":false,\"sessions_today\":1}");

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> over.get());
        assertThat(phases).containsExactly("idle", "cooldown");
    }

    @Test
    void theStateBeforeTheStartDoesNotEndTheSession() throws Exception {
        Future<?> over = startExpectingASession("{\"phase\":\"cooldown\",\"active\":false,\"sessions_today\":2}",
                Phase.COOLDOWN);

        publish("{\"phase\":\"idle\",\"active\":false,\"sessions_today\":2}");
        publish("{\"phase\":\"running\",\"active\":true,\"sessions_today\":3}");
        publish("{\"phase\":\"stopping\",\"active\":true,\"sessions_today\":3}");
        await().until(() -> phases.contains("stopping"));
        assertThat(over).isNotDone();
        publish("{\"phase\":\"idle\",\"active\":false,\"sessions_today\":3}");

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> over.get());
    }

    private Future<?> startExpectingASession(String before, Phase shown) throws Exception {
        publish(before);
        watcher.awaitPhase(shown);
        watcher.expectSession();
        return waiting.submit(() -> {
            watcher.awaitSessionOver();
            return null;
        });
    }

    private void publish(String state) throws Exception {
        MqttMessage message = new MqttMessage(state.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(true);
        publisher.publish(TOPIC, message);
    }
}
