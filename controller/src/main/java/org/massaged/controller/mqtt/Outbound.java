package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out: retained topics (kept, and re-published from their last value on every connect), and
 * non-retained messages, sent at once while connected or queued ({@link OutboundQueue}, bounded, essential ones
 * first) while they cannot go out, then sent in order as the broker acknowledges. Confined to the bridge's
 * thread, except the acknowledgement callback, which hands over to it.
 */
final class Outbound {

    private static final Logger log = LoggerFactory.getLogger(Outbound.class);
    static final int OUTBOUND_CAPACITY = 1000;
    private static final long RETRY_MILLIS = 50;

    /** A fresh copy each time: a payload handed to Paho is never shared between daemons or publishes. */
    static byte[] online() {
        return "online".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] offline() {
        return "offline".getBytes(StandardCharsets.UTF_8);
    }

    private final Topics topics;
    private final ScheduledExecutorService io;
    private final Executor bridgeThread;
    private final Map<String, byte[]> retained = new LinkedHashMap<>();
    private final OutboundQueue pending = new OutboundQueue(OUTBOUND_CAPACITY);
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** The connected client, or null while there is none. */
    private PahoClient client;

    /** @param bridgeThread runs a task on {@code io}, or drops it once the bridge has closed */
    Outbound(Topics topics, ScheduledExecutorService io, Executor bridgeThread) {
        this.topics = topics;
        this.io = io;
        this.bridgeThread = bridgeThread;
    }

    /** Connected: availability, then every retained topic, then what waited. */
    void connected(PahoClient connectedClient) {
        client = connectedClient;
        republishRetained();
        flushPending();
    }

    void lost() {
        client = null;
    }

    /** Publishes retained now if connected, and again after every reconnect. */
    void publishRetained(String topic, byte[] payload) {
        retained.put(topic, payload);
        if (client != null) {
            publishRetainedNow(topic, payload);
        }
    }

    /** Re-publishes availability and every retained topic (on connect, after Home Assistant's birth message). */
    void republishRetained() {
        if (client == null) {
            return;
        }
        publishRetainedNow(topics.availability(), online());
        retained.forEach(this::publishRetainedNow);
    }

    /** Not retained, QoS 1: queued while it cannot go out, and sent in order after the next connect. */
    void publish(String topic, byte[] payload, Optional<byte[]> correlationData, OutboundQueue.Priority priority) {
        OutboundQueue.Outgoing outgoing = pending.message(topic, payload, correlationData, priority);
        if (client != null && pending.isEmpty()) {
            send(outgoing, false);
        } else {
            pending.add(outgoing);
        }
    }

    /** Not retained, QoS 1, only while {@code ready} and never queued or retried: a late probe means nothing. */
    void publishNowOrNever(String topic, byte[] payload, boolean ready) {
        if (client == null || !ready) {
            return;
        }
        try {
            client.publish(topic, payload, false, Optional.empty(), this::queueFlush, failure -> { });
        } catch (Exception e) {
            log.debug("mqtt: probe on {} refused for now: {}", topic, MqttFailures.describe(e));
        }
    }

    /** The messages waiting to go out, oldest essential first (what a test of the intake reads). */
    OutboundQueue waiting() {
        return pending;
    }

    /** Messages dropped from the outbound queue to make room since the last call: {ordinary, essential}. */
    long[] takeDropped() {
        return pending.takeDropped();
    }

    private void publishRetainedNow(String topic, byte[] payload) {
        send(pending.message(topic, payload, Optional.empty(), OutboundQueue.Priority.ESSENTIAL), true);
    }

    /**
     * Retained topics are not queued: when a publish fails, the topic's latest value is published again
     * shortly (and on every reconnect anyway), so the broker always ends up holding the newest value. The
     * queue moves on as soon as the broker acknowledges a message (a slot of the in-flight window is free).
     */
    private void send(OutboundQueue.Outgoing outgoing, boolean retain) {
        try {
            client.publish(outgoing.topic(), outgoing.payload(), retain, outgoing.correlationData(),
                    this::queueFlush, failure -> bridgeThread.execute(() -> retryLater(outgoing, retain)));
        } catch (Exception e) {
            log.debug("mqtt: publish on {} refused for now: {}", outgoing.topic(), MqttFailures.describe(e));
            retryLater(outgoing, retain);
        }
    }

    /** From Paho's thread when a publish is acknowledged: one flush task at a time. */
    private void queueFlush() {
        if (flushQueued.compareAndSet(false, true)) {
            bridgeThread.execute(() -> {
                flushQueued.set(false);
                flushPending();
            });
        }
    }

    private void retryLater(OutboundQueue.Outgoing outgoing, boolean retain) {
        if (!retain) {
            pending.putBack(outgoing);
            if (client != null) {
                io.schedule(this::flushPending, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        } else if (client != null) {
            io.schedule(() -> {
                byte[] latest = outgoing.topic().equals(topics.availability()) ? online() : retained.get(outgoing.topic());
                if (client != null && latest != null) {
                    publishRetainedNow(outgoing.topic(), latest);
                }
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void flushPending() {
        while (client != null && !pending.isEmpty()) {
            OutboundQueue.Outgoing next = pending.poll();
            int before = pending.size();
            send(next, false);
            if (pending.size() > before) {
                return; // the client refused it (in-flight window full): sent when a slot frees
            }
        }
    }
}
