package org.massaged.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.massaged.controller.safety.Phase;
import org.massaged.simulator.broker.EmbeddedBroker;

class StateWatcherTest {

    private static final String TOPIC = "massaged/test-chair/state";

    @Test
    void aSessionWhoseRunningAndRampDownWereCoalescedAwayStillEnds() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            MqttClient publisher = new MqttClient(broker.uri(), "publisher", new MemoryPersistence());
            publisher.connect();
            List<String> phases = new CopyOnWriteArrayList<>();
            try (StateWatcher watcher = StateWatcher.connect(broker.uri(), TOPIC,
                    state -> phases.add(state.path("phase").asText()))) {
                publish(publisher, "{\"phase\":\"idle\",\"active\":false,\"sessions_today\":0}");
                watcher.awaitPhase(Phase.IDLE);
                watcher.expectSession();

                var waiting = Executors.newSingleThreadExecutor();
                Future<?> over = waiting.submit(() -> {
                    watcher.awaitSessionOver();
                    return null;
                });
                publish(publisher, "{\"phase\":\"cooldown\",\"active\":false,\"sessions_today\":1}");

                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> over.get());
                waiting.shutdown();
                assertThat(phases).containsExactly("idle", "cooldown");
            }
            publisher.disconnect();
            publisher.close();
        }
    }

    @Test
    void theStateBeforeTheStartDoesNotEndTheSession() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            MqttClient publisher = new MqttClient(broker.uri(), "publisher", new MemoryPersistence());
            publisher.connect();
            List<String> phases = new CopyOnWriteArrayList<>();
            try (StateWatcher watcher = StateWatcher.connect(broker.uri(), TOPIC,
                    state -> phases.add(state.path("phase").asText()))) {
                publish(publisher, "{\"phase\":\"cooldown\",\"active\":false,\"sessions_today\":2}");
                watcher.awaitPhase(Phase.COOLDOWN);
                watcher.expectSession();
                var waiting = Executors.newSingleThreadExecutor();
                Future<?> over = waiting.submit(() -> {
                    watcher.awaitSessionOver();
                    return null;
                });
                publish(publisher, "{\"phase\":\"idle\",\"active\":false,\"sessions_today\":2}");
                publish(publisher, "{\"phase\":\"running\",\"active\":true,\"sessions_today\":3}");
                publish(publisher, "{\"phase\":\"stopping\",\"active\":true,\"sessions_today\":3}");
                await().until(() -> phases.contains("stopping"));
                assertThat(over).isNotDone();
                publish(publisher, "{\"phase\":\"idle\",\"active\":false,\"sessions_today\":3}");

                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> over.get());
                waiting.shutdownNow();
            }
            publisher.disconnect();
            publisher.close();
        }
    }

    private static void publish(MqttClient publisher, String state) throws Exception {
        MqttMessage message = new MqttMessage(state.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(true);
        publisher.publish(TOPIC, message);
    }
}
