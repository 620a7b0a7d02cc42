package org.massaged.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A fleet dashboard: one Paho MQTT 5 client that sends JSON commands to every chair's {@code set} and matches each
 * answer on the chairs' {@code response} by its transaction, timing the round trip; it also keeps every chair's
 * {@code state} documents in the order the broker delivered them.
 */
final class FleetClient implements AutoCloseable {

    /** An answer and how long after its command was handed to Paho it arrived. */
    record Answer(JsonNode response, long roundTripNanos) {
        String outcome() {
            return response.path("outcome").asText();
        }
    }

    private record Pending(long sentNanos, CompletableFuture<Answer> answer) {}

    private final ObjectMapper json = new ObjectMapper();
    private final MqttAsyncClient client;
    private final java.util.Optional<String> answersTo;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> states = new ConcurrentHashMap<>();
    private final Map<String, String> links = new ConcurrentHashMap<>();
    private final AtomicLong stateMessages = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    /** The broker's Receive Maximum for this client: Paho refuses a QoS 1 publish beyond it. */
    private final Semaphore inFlight;

    /**
     * Connects as {@code clientId}, reading the state and link of every chair whose topic root matches
     * {@code rootFilter} (e.g. {@code spa/+}, or through a shared subscription {@code $share/dashboard/massaged/+/+}),
     * with at most {@code maxInFlight} commands unacknowledged (the broker's Receive Maximum). Answers are read on
     * the chairs' {@code response}, or, with {@code answersTo} (a login), only on the MQTT 5 response topic
     * {@code <root>/response/<login>} that each command then names.
     */
    FleetClient(String uri, String clientId, MqttConnectionOptions options, String rootFilter,
                java.util.Optional<String> answersTo, int maxInFlight) throws MqttException {
        this.inFlight = new Semaphore(maxInFlight);
        this.answersTo = answersTo;
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new Callback());
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        String roots = rootFilter.replaceFirst("^\\$share/[^/]+/", "");
        String answers = roots + "/response" + answersTo.map(login -> "/" + login).orElse("");
        IMqttToken subscribed = client.subscribe(new MqttSubscription[] {new MqttSubscription(rootFilter + "/state", 1),
                new MqttSubscription(rootFilter + "/link", 1), new MqttSubscription(answers, 1)});
        subscribed.waitForCompletion(10_000);
        for (int code : subscribed.getReasonCodes()) {
            if (code > 2) {
                throw new IllegalStateException(clientId + ": a subscription was refused (reason " + code + ")");
            }
        }
    }

    /**
     * Sends {@code command} (a JSON object) to {@code topicRoot}/{@code verb} ({@code set} or {@code get}) with a fresh
     * transaction and issued_at.
     */
    CompletableFuture<Answer> send(String topicRoot, String verb, ObjectNode command) throws Exception {
        String transaction = client.getClientId() + "-" + transactions.incrementAndGet();
        command.put("transaction", transaction).put("issued_at", Instant.now().toString());
        byte[] payload = json.writeValueAsBytes(command);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        inFlight.acquire();
        pending.put(transaction, new Pending(System.nanoTime(), answer));
        MqttProperties properties = new MqttProperties();
        answersTo.ifPresent(login -> properties.setResponseTopic(topicRoot + "/response/" + login));
        try {
            client.publish(topicRoot + "/" + verb, new MqttMessage(payload, 1, false, properties), null,
                    new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            inFlight.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable failure) {
                            inFlight.release();
                            answer.completeExceptionally(failure);
                        }
                    });
        } catch (MqttException refused) {
            inFlight.release();
            pending.remove(transaction);
            throw refused;
        }
        return answer;
    }

    ObjectNode command() {
        return json.createObjectNode();
    }

    /** Every state document a chair published, in arrival order. */
    List<JsonNode> states(String topicRoot) {
        return states.getOrDefault(topicRoot, List.of());
    }

    /** The newest state of a chair, or a missing node. */
    JsonNode latest(String topicRoot) {
        List<JsonNode> all = states(topicRoot);
        return all.isEmpty() ? json.missingNode() : all.get(all.size() - 1);
    }

    /** Whether the chair's daemon last said its massager is connected ({@code link} = online). */
    boolean linkOnline(String topicRoot) {
        return "online".equals(links.get(topicRoot));
    }

    long stateMessages() {
        return stateMessages.get();
    }

    /** Answers nobody was waiting for, and messages that could not be read. */
    List<String> unexpected() {
        return unexpected;
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect().waitForCompletion(5_000);
        } finally {
            client.close(true);
        }
    }

    private void arrived(String topic, MqttMessage message) {
        long now = System.nanoTime();
        JsonNode document;
        try {
            document = json.readTree(message.getPayload());
        } catch (java.io.IOException unreadable) {
            unexpected.add(topic + ": " + new String(message.getPayload(), StandardCharsets.UTF_8));
            return;
        }
        String root = topic.substring(0, topic.lastIndexOf('/'));
        if (topic.endsWith("/link")) {
            links.put(root, document.path("state").asText());
            return;
        }
        if (topic.endsWith("/state")) {
            stateMessages.incrementAndGet();
            states.computeIfAbsent(root, key -> new CopyOnWriteArrayList<>()).add(document);
            return;
        }
        Pending waiting = pending.remove(document.path("transaction").asText());
        if (waiting == null) {
            unexpected.add(topic + ": " + document);
        } else {
            waiting.answer().complete(new Answer(document, now - waiting.sentNanos()));
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived(topic, message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            unexpected.add("disconnected: " + response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            unexpected.add("error: " + exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
