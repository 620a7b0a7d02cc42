package org.massaged.simulator.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.massaged.simulator.StateWatcher;

/**
 * Counts what a flood made the daemon say, without keeping it: answers on {@code response}, the answers the
 * {@code throttled} summaries say were held back, events by kind, and when the first answer and event with a
 * given transaction or kind arrived. It listens through the simulator's {@link StateWatcher}, one per topic.
 */
final class AnswerCounter implements AutoCloseable {

    private final StateWatcher responses;
    private final StateWatcher events;
    final AtomicLong answers = new AtomicLong();
    final AtomicLong heldBack = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong summaries = new AtomicLong();
    final Map<String, Long> eventsByKind = new ConcurrentHashMap<>();
    final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    final Map<String, JsonNode> answersByTransaction = new ConcurrentHashMap<>();

    AnswerCounter(String uri, String root) throws MqttException, InterruptedException {
        responses = StateWatcher.connect(uri, root + "/response", this::answer);
        events = StateWatcher.connect(uri, root + "/event", this::event);
    }

    /** Every message is answered, or counted in a summary as held back or dropped. */
    long accountedFor() {
        return answers.get() + heldBack.get() + dropped.get();
    }

    private void answer(JsonNode node) {
        long now = System.nanoTime();
        answers.incrementAndGet();
        JsonNode transaction = node.get("transaction");
        if (transaction != null && !transaction.isNull()) {
            answersByTransaction.putIfAbsent(transaction.asText(), node);
            firstSeenNanos.putIfAbsent("answer:" + transaction.asText(), now);
        }
    }

    private void event(JsonNode node) {
        long now = System.nanoTime();
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
        try {
            responses.close();
        } finally {
            events.close();
        }
    }
}
