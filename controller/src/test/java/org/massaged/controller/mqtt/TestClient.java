package org.massaged.controller.mqtt;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A separate MQTT 5 client, as a dashboard would be: publishes commands and records what it receives. */
public final class TestClient implements AutoCloseable {

    public record Received(String topic, byte[] payload, boolean retained, MqttProperties properties) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(payload);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON on " + topic + ": " + text(), e);
            }
        }
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> filters = new CopyOnWriteArrayList<>();

    public TestClient(String uri, String id) throws MqttException {
        this(uri, id, new MqttConnectionOptions());
    }

    public TestClient(String uri, String id, MqttConnectionOptions options) throws MqttException {
        client = new MqttClient(uri, id, new MemoryPersistence());
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 1);
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}
            @Override public void mqttErrorOccurred(MqttException exception) {}
            @Override public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload(), message.isRetained(), message.getProperties()));
            }
            @Override public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}
            @Override public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    resubscribe();
                }
            }
            @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        client.connect(options);
    }

    /**
     * Subscribes, riding out a dropped connection: Moquette 0.18 may drop a client whose SUBSCRIBE follows
     * its CONNACK too quickly ("SUBSCRIBE received on already closed connection"); the client reconnects
     * (clean start) and subscribes again.
     */
    public void subscribe(String... newFilters) {
        this.filters.addAll(List.of(newFilters));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> {
                    for (String filter : newFilters) {
                        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
                    }
                    return true;
                });
    }

    private void resubscribe() {
        for (String filter : filters) {
            try {
                client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
            } catch (MqttException lostAgain) {
                // the next reconnect subscribes again
            }
        }
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload, false, new MqttProperties());
    }

    public void publish(String topic, String payload, boolean retained, MqttProperties properties) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), retained, properties);
    }

    public void publish(String topic, byte[] payload, boolean retained, MqttProperties properties) throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, retained, properties);
        client.publish(topic, message);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(message -> message.topic().equals(topic)).toList();
    }

    public void clear() {
        received.clear();
    }

    /** Waits for a message on {@code topic} that matches, and returns it. */
    public Received await(String topic, Predicate<Received> matches) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                .until(() -> received.stream().filter(message -> message.topic().equals(topic))
                        .filter(matches).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    public Received awaitJson(String topic, String field, String value) {
        return await(topic, message -> {
            if (message.payload().length == 0) {
                return false;
            }
            JsonNode node = message.json();
            return node.has(field) && node.get(field).asText().equals(value);
        });
    }

    /** The response for a transaction. */
    public JsonNode response(String root, String transaction) {
        return awaitJson(root + "/response", "transaction", transaction).json();
    }

    public static MqttProperties properties(Map<String, String> userProperties) {
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(userProperties.entrySet().stream()
                .map(entry -> new org.eclipse.paho.mqttv5.common.packet.UserProperty(entry.getKey(), entry.getValue()))
                .toList());
        return properties;
    }

    public void disconnect() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
    }

    /**
     * Disconnects and closes. A test that stops the broker before its clients close finds the connection already
     * being torn down (Paho: "client is currently disconnecting", or not connected any more): then it is closed
     * as it is.
     */
    @Override
    public void close() throws MqttException {
        try {
            disconnect();
        } catch (MqttException alreadyGoing) {
            int reason = alreadyGoing.getReasonCode();
            if (reason != MqttClientException.REASON_CODE_CLIENT_DISCONNECTING
                    && reason != MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                throw alreadyGoing;
            }
        } finally {
            client.close(true);
        }
    }
}
