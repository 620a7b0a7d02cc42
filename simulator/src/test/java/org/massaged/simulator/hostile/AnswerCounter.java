package org.massaged.simulator.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Counts what a flood made the daemon say, without keeping it: answers on {@code response}, the answers the
 * {@code throttled} summaries say were held back, events by kind, and when the first answer and event with a
 * given transaction or kind arrived.
 */
final class AnswerCounter implements AutoCloseable, MqttCallback {

    private final ObjectMapper json = new ObjectMapper();
    private final MqttClient client;
    private final String root;
    final AtomicLong answers = new AtomicLong();
    final AtomicLong heldBack = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong summaries = new AtomicLong();
    final Map<String, Long> eventsByKind = new ConcurrentHashMap<>();
    final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    final Map<String, JsonNode> answersByTransaction = new ConcurrentHashMap<>();

    AnswerCounter(String uri, String root) throws MqttException {
        this.root = root;
        client = new MqttClient(uri, "counter-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        client.subscribe(new MqttSubscription[] {new MqttSubscription(root + "/response", 1),
                new MqttSubscription(root + "/event", 1)});
    }

    /** Every message is answered, or counted in a summary as held back or dropped. */
    long accountedFor() {
        return answers.get() + heldBack.get() + dropped.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        long now = System.nanoTime();
        JsonNode node = json.readTree(message.getPayload());
        if (topic.equals(root + "/response")) {
            answers.incrementAndGet();
            JsonNode transaction = node.get("transaction");
            if (transaction != null && !transaction.isNull()) {
                answersByTransaction.putIfAbsent(transaction.asText(), node);
                firstSeenNanos.putIfAbsent("answer:" + transaction.asText(), now);
            }
            return;
        }
        String kind = node.path("event").asText();
        eventsByKind.merge(kind, 1L, Long::sum);
        firstSeenNanos.putIfAbsent("event:" + kind, now);
        if (kind.equals("throttled")) {
            summaries.incrementAndGet();
            heldBack.addAndGet(node.path("answers").asLong());
            dropped.addAndGet(node.path("dropped").asLong());
        }
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
