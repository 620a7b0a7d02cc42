package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out: retained topics (kept, and re-published from their last value on every connect), and
 * non-retained messages, sent at once while connected or queued ({@link OutboundQueue}, bounded, essential ones
 * first) while they cannot go out, then sent in order as the broker acknowledges.
 *
 * <p>Everything but availability goes through the publisher connection while it is up ({@link PublisherConnection}),
 * else through the command connection. A publisher that has just connected takes over once what the command
 * connection still has in flight is acknowledged (what would go meanwhile waits for it), so that an older
 * retained value never lands after a newer one.
 * Without a publisher, essential messages that are not retained (the answer to a stop, a safety event, the
 * summary) are urgent: while one waits to go out or for the broker's acknowledgement, the acknowledgements of
 * arriving messages wait ({@link Acknowledgements}), so that Paho writes it first. Confined to the bridge's thread,
 * except the acknowledgement callbacks, which hand over to it.
 */
final class Outbound {

    private static final Logger log = LoggerFactory.getLogger(Outbound.class);
    static final int OUTBOUND_CAPACITY = 1000;
    /** Topics whose refusal by the broker is logged, each once; beyond, refusals are not logged again. */
    private static final int REFUSALS_LOGGED = 64;
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
    /** Retained topics whose latest value the client refused or failed to send: sent again when a slot frees. */
    private final Set<String> retainedDue = new LinkedHashSet<>();
    private boolean retryScheduled;
    private final Acknowledgements acknowledgements;
    /** Urgent messages handed to the current client and not yet acknowledged by the broker, nor failed. */
    private final Set<OutboundQueue.Outgoing> urgentInFlight = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The connected command connection's client, or null while there is none. */
    private PahoClient client;
    /** Publishes of the current command connection not yet acknowledged by the broker, nor failed. */
    private AtomicInteger commandInFlight = new AtomicInteger();
    /** The publisher connection's client while it carries what the daemon publishes, or null. */
    private PahoClient publisher;
    /** A connected publisher waiting for the command connection's publishes in flight to be acknowledged. */
    private PahoClient publisherWaiting;
    /** Closes the publisher connection for good: the broker refused what it published. */
    private final Runnable givePublisherUp;
    private boolean publisherGivenUp;
    private final Set<String> refusedTopics = new HashSet<>();

    /**
     * @param bridgeThread     runs a task on {@code io}, or drops it once the bridge has closed
     * @param givePublisherUp  closes the publisher connection for good (the broker refused what it published)
     */
    Outbound(Topics topics, ScheduledExecutorService io, Executor bridgeThread, Acknowledgements acknowledgements,
             Runnable givePublisherUp) {
        this.givePublisherUp = givePublisherUp;
        this.topics = topics;
        this.io = io;
        this.bridgeThread = bridgeThread;
        this.acknowledgements = acknowledgements;
    }

    /**
     * Connected: availability, then every retained topic, then what waited. What was in flight on the previous
     * connection is the caller's to send again (its failure puts it back in the queue), not this one's to wait for.
     */
    void connected(PahoClient connectedClient) {
        client = connectedClient;
        commandInFlight = new AtomicInteger();
        urgentInFlight.clear();
        republishRetained();
        flushPending();
    }

    void lost() {
        client = null;
    }

    /** The publisher connected: it takes over once the command connection's publishes in flight are through. */
    void publisherConnected(PahoClient connectedPublisher) {
        if (publisherGivenUp) {
            return;
        }
        publisherWaiting = connectedPublisher;
        flushPending();
    }

    /** What the publisher had in flight fails back here and goes out through the command connection. */
    void publisherLost() {
        publisher = null;
        publisherWaiting = null;
        flushPending();
    }

    /** Whether the publisher connection carries what the daemon publishes (what a test reads). */
    boolean publisherActive() {
        return publisher != null;
    }

    /** Publishes retained now if connected, and again after every reconnect. */
    void publishRetained(String topic, byte[] payload) {
        retained.put(topic, payload);
        if (sender() != null) {
            retainedDue.remove(topic);
            publishRetainedNow(topic, payload);
        }
    }

    /** Re-publishes availability and every retained topic (on connect, after Home Assistant's birth message). */
    void republishRetained() {
        if (client != null) {
            publishRetainedNow(topics.availability(), online());
        }
        if (sender() != null) {
            retained.forEach(this::publishRetainedNow);
        }
    }

    /** Not retained, QoS 1: queued while it cannot go out, and sent in order after the next connect. */
    void publish(String topic, byte[] payload, Optional<byte[]> correlationData, OutboundQueue.Priority priority) {
        OutboundQueue.Outgoing outgoing = pending.message(topic, payload, correlationData, priority);
        if (sender() != null && pending.isEmpty()) {
            send(outgoing, false);
        } else {
            pending.add(outgoing);
        }
        reportUrgent();
    }

    /** Not retained, QoS 1, only while {@code ready} and never queued or retried: a late probe means nothing. */
    void publishNowOrNever(String topic, byte[] payload, boolean ready) {
        if (client == null || !ready) {
            return;
        }
        try {
            client.publish(topic, payload, false, Optional.empty(), false, this::queueFlush, failure -> { });
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
     * Retained topics are not queued: when a publish fails, the topic is marked due and its latest value is
     * published again when a slot frees (and on every reconnect anyway), so the broker always ends up holding the
     * newest value, and a flood of state changes is one publish per topic, not one retry each. The queue moves on
     * as soon as the broker acknowledges a message (a slot of the in-flight window is free), else after a pause.
     */
    private void send(OutboundQueue.Outgoing outgoing, boolean retain) {
        boolean urgent = !retain && outgoing.priority() == OutboundQueue.Priority.ESSENTIAL;
        PahoClient via = outgoing.topic().equals(topics.availability()) ? client : sender();
        boolean throughPublisher = via != client;
        AtomicInteger inFlight = throughPublisher ? new AtomicInteger() : commandInFlight;
        Runnable delivered = urgent ? () -> bridgeThread.execute(() -> urgentThrough(outgoing)) : this::queueFlush;
        inFlight.incrementAndGet();
        try {
            via.publish(outgoing.topic(), outgoing.payload(), retain, outgoing.correlationData(), urgent, () -> {
                inFlight.decrementAndGet();
                delivered.run();
            }, failure -> {
                inFlight.decrementAndGet();
                bridgeThread.execute(() -> {
                    urgentInFlight.remove(outgoing);
                    if (failure instanceof PahoClient.PublishRefused refused) {
                        refused(outgoing, retain, throughPublisher, refused);
                    } else {
                        retryLater(outgoing, retain);
                    }
                    reportUrgent();
                });
            });
            if (urgent) {
                urgentInFlight.add(outgoing);
            }
        } catch (Exception e) {
            inFlight.decrementAndGet();
            if (log.isDebugEnabled()) {
                log.debug("mqtt: publish on {} refused for now: {}", outgoing.topic(), MqttFailures.describe(e));
            }
            retryLater(outgoing, retain);
        }
    }

    /**
     * The broker refused a publish (its ACL, most likely). Refused on the publisher, the publisher is given up for
     * the life of the process and the message goes out through the command connection; refused on the command
     * connection, it is not sent again (it would be refused again) and the topic is named in the log, once.
     */
    private void refused(OutboundQueue.Outgoing outgoing, boolean retain, boolean throughPublisher,
                         PahoClient.PublishRefused refused) {
        if (throughPublisher) {
            if (!publisherGivenUp) {
                publisherGivenUp = true;
                publisher = null;
                publisherWaiting = null;
                log.warn("mqtt: the broker refused the publisher's publish on {} ({}): the publisher is given up until "
                        + "the daemon restarts, and everything goes through the command connection. Give its login "
                        + "write access to the daemon's topics (docs/mqtt.md, Mosquitto ACL and settings).",
                        outgoing.topic(), refused.getMessage());
                givePublisherUp.run();
            }
            retryLater(outgoing, retain);
        } else if (refusedTopics.size() < REFUSALS_LOGGED && refusedTopics.add(outgoing.topic())) {
            log.warn("mqtt: the broker refused the daemon's publish on {} ({}); it is not sent again. Give the "
                    + "daemon's login write access to its topics (docs/mqtt.md, Mosquitto ACL and settings).",
                    outgoing.topic(), refused.getMessage());
        }
    }

    /**
     * The publisher while it is active, else the command connection's client; null while neither is up, and while
     * a publisher waits to take over: what would go now waits for it, so that the command connection's publishes in
     * flight run out (under a flood they would never stop coming).
     */
    private PahoClient sender() {
        if (publisher != null) {
            return publisher;
        }
        return publisherWaiting == null ? client : null;
    }

    /** A waiting publisher takes over, and re-publishes every retained topic, once nothing older can overtake it. */
    private void activatePublisherWhenClear() {
        if (publisherWaiting == null || (client != null && commandInFlight.get() > 0)) {
            return;
        }
        publisher = publisherWaiting;
        publisherWaiting = null;
        retained.forEach((topic, payload) -> {
            retainedDue.remove(topic);
            publishRetainedNow(topic, payload);
        });
    }

    /** The broker acknowledged an urgent message: the next one goes out, or the acknowledgements that waited. */
    private void urgentThrough(OutboundQueue.Outgoing outgoing) {
        urgentInFlight.remove(outgoing);
        flushPending();
    }

    /** Tells {@link Acknowledgements} whether anything urgent is still on its way to the broker. */
    private void reportUrgent() {
        acknowledgements.urgentOutstanding(publisher == null && (pending.hasEssential() || !urgentInFlight.isEmpty()));
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
        if (retain) {
            retainedDue.add(outgoing.topic());
        } else {
            pending.putBack(outgoing);
        }
        if ((sender() != null || publisherWaiting != null) && !retryScheduled) {
            retryScheduled = true;
            io.schedule(() -> {
                retryScheduled = false;
                flushPending();
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Essential messages first, then the retained topics due, then ordinary messages, while the client takes them. */
    private void flushPending() {
        activatePublisherWhenClear();
        if (sendQueued(true) && sendRetainedDue()) {
            sendQueued(false);
        }
        reportUrgent();
    }

    /** @return whether the client took all it was given (false: refused, sent when a slot frees) */
    private boolean sendQueued(boolean essentialOnly) {
        while (sender() != null && (essentialOnly ? pending.hasEssential() : !pending.isEmpty())) {
            OutboundQueue.Outgoing next = pending.poll();
            int before = pending.size();
            send(next, false);
            if (pending.size() > before) {
                return false;
            }
        }
        return sender() != null;
    }

    private boolean sendRetainedDue() {
        while (sender() != null && !retainedDue.isEmpty()) {
            String topic = retainedDue.iterator().next();
            retainedDue.remove(topic);
            boolean availability = topic.equals(topics.availability());
            byte[] latest = availability ? (client != null ? online() : null) : retained.get(topic);
            if (latest != null) {
                publishRetainedNow(topic, latest);
                if (retainedDue.contains(topic)) {
                    return false;
                }
            }
        }
        return sender() != null;
    }
}
