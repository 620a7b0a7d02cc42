package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the one broker connection: the first connect retried with backoff (Paho does not), reconnect with
 * backoff after a loss (a longer one after a takeover, never a fight over the client id), the subscriptions
 * renewed under a new subscription identifier and every retained topic re-published on each connect,
 * non-retained messages queued (bounded, {@link OutboundQueue}) while they cannot go out, and the MQTT 3.1.1
 * fallback when the broker refuses MQTT 5. Arriving messages wait in a bounded queue; when a flood fills it, a
 * message that may be a stop waits for room (Paho's thread waits), and any other is dropped unread and counted
 * ({@link #takeUnread()}): the daemon keeps reading at the pace of the socket, so the broker's own queue for it
 * never fills and drops a stop. Every method runs on the {@code io} thread; Paho's callbacks are handed over
 * to it.
 */
final class MqttConnection {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    static final int OUTBOUND_CAPACITY = 1000;
    /** Arriving messages that may wait for the bridge's thread: a whole default Mosquitto queue (1000) fits. */
    static final int INBOUND_MESSAGES = 2048;
    static final long INBOUND_BYTES = 2L * 1024 * 1024;
    private static final int DRAIN_BATCH = 64;
    private static final long TAKEOVER_BACKOFF_MAX_MILLIS = TimeUnit.MINUTES.toMillis(15);
    /** A connection that lasted this long ends a takeover fight: the next takeover starts the backoff afresh. */
    private static final long TAKEOVER_QUIET_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** A fresh copy each time: a payload handed to Paho is never shared between daemons or publishes. */
    static byte[] online() {
        return "online".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] offline() {
        return "offline".getBytes(StandardCharsets.UTF_8);
    }

    interface Listener {
        /**
         * Connected; {@code first} is false after a reconnect. Subscriptions and retained topics are renewed.
         *
         * @param takeovers how often another client took the connection over since the last connect
         */
        void connected(boolean first, int takeovers);

        /**
         * @param heldByBroker the broker took it in for the daemon's session before this connection's
         *                     subscriptions (it waited while the daemon was away)
         */
        void message(Incoming message, boolean heldByBroker);
    }

    private record Arrival(Incoming message, boolean beforeSubscribed) {}

    private final MqttSettings settings;
    private final Topics topics;
    private final ScheduledExecutorService io;
    private final LongSupplier nanos;
    private final Listener listener;
    private final Map<String, byte[]> retained = new LinkedHashMap<>();
    private final Map<String, PahoClient.Subscription> subscriptions = new LinkedHashMap<>();
    private final OutboundQueue pending = new OutboundQueue(OUTBOUND_CAPACITY);
    private final ArrivalQueue<Arrival> arrivals = new ArrivalQueue<>(INBOUND_MESSAGES, INBOUND_BYTES);
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicLong unread = new AtomicLong();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private PahoClient client;
    private volatile boolean useMqtt311;
    private volatile boolean connected;
    /** The command subscriptions of the current connection are confirmed by the broker (SUBACK). */
    private volatile boolean subscribed;
    private boolean connecting;
    private volatile boolean everConnected;
    private boolean closed;
    private int failedAttempts;
    /** Counts connections; the subscription identifier of each connection's subscriptions. */
    private int epoch;
    private int takeovers;
    private int takeoversReported;
    private long connectedAtNanos;
    private ScheduledFuture<?> retry;
    private String connectedTo = "";

    MqttConnection(MqttSettings settings, Topics topics, ScheduledExecutorService io, LongSupplier nanos,
                   Listener listener) {
        this.settings = settings;
        this.topics = topics;
        this.io = io;
        this.nanos = nanos;
        this.listener = listener;
    }

    void start() {
        attemptConnect();
    }

    boolean isConnected() {
        return connected;
    }

    /** Connected, and the broker has confirmed the subscriptions: commands sent now reach the daemon. */
    boolean isReady() {
        return connected && subscribed;
    }

    /** Whether the current (or last) connection speaks MQTT 5; false after the 3.1.1 fallback. */
    boolean mqtt5() {
        return !useMqtt311;
    }

    /** @param ownMessages receive what the daemon itself publishes on {@code filter} (its probe) */
    void subscribe(String filter, boolean ownMessages) {
        PahoClient.Subscription subscription = new PahoClient.Subscription(filter, ownMessages);
        subscriptions.put(filter, subscription);
        if (connected) {
            subscribeAll(List.of(subscription), () -> { });
        }
    }

    /** Publishes retained now if connected, and again after every reconnect. */
    void publishRetained(String topic, byte[] payload) {
        retained.put(topic, payload);
        if (connected) {
            send(pending.message(topic, payload, Optional.empty(), OutboundQueue.Priority.ESSENTIAL), true);
        }
    }

    /** Re-publishes availability and every retained topic (after Home Assistant's birth message). */
    void republishRetained() {
        if (!connected) {
            return;
        }
        publishRetainedNow(topics.availability(), online());
        retained.forEach(this::publishRetainedNow);
    }

    /** Not retained, QoS 1: queued while it cannot go out, and sent in order after the next connect. */
    void publish(String topic, byte[] payload, Optional<byte[]> correlationData, OutboundQueue.Priority priority) {
        OutboundQueue.Outgoing outgoing = pending.message(topic, payload, correlationData, priority);
        if (connected && pending.isEmpty()) {
            send(outgoing, false);
        } else {
            pending.add(outgoing);
        }
    }

    /** Not retained, QoS 1, only while ready and never queued or retried: a late probe means nothing. */
    void publishNowOrNever(String topic, byte[] payload) {
        if (!isReady()) {
            return;
        }
        try {
            client.publish(topic, payload, false, Optional.empty(), this::queueFlush, failure -> { });
        } catch (Exception e) {
            log.debug("mqtt: probe on {} refused for now: {}", topic, MqttFailures.describe(e));
        }
    }

    /** Messages dropped unread since the last call, because a flood filled the queue of arriving messages. */
    long takeUnread() {
        return unread.getAndSet(0);
    }

    /** Messages dropped from the outbound queue to make room since the last call: {ordinary, essential}. */
    long[] takeDropped() {
        return pending.takeDropped();
    }

    /** Publishes {@code offline}, disconnects and closes; waits a few seconds at most. */
    void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (client != null) {
            client.close(offline());
        }
        connected = false;
    }

    private PahoClient newClient() throws Exception {
        PahoClient.Events events = new PahoClient.Events() {
            @Override
            public void lost(String why, boolean takenOver) {
                onIo(() -> onConnectionLost(why, takenOver));
            }

            @Override
            public void message(Incoming message) {
                arrived(new Arrival(message, everConnected && !subscribed));
            }
        };
        return useMqtt311 ? new PahoV311Client(settings, topics, nanos, events)
                : new PahoV5Client(settings, topics, nanos, events);
    }

    /** Hands a Paho callback to the io thread; once the bridge has closed, a late one has nothing left to do. */
    private void onIo(Runnable callback) {
        try {
            io.execute(callback);
        } catch (RejectedExecutionException closedAlready) {
            log.debug("mqtt: a callback after close was dropped");
        }
    }

    /** On Paho's thread: queues the message (see the class comment when full), then has the bridge's thread drain it. */
    private void arrived(Arrival arrival) {
        int size = arrival.message().payload().length;
        if (!arrivals.offer(arrival, size)) {
            if (!CommandParser.mayBeAStop(arrival.message().payload())) {
                unread.incrementAndGet();
                return;
            }
            try {
                arrivals.put(arrival, size);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (drainQueued.compareAndSet(false, true)) {
            onIo(this::drainArrivals);
        }
    }

    /** A batch at a time, so that answers, state and probes go out between the batches of a flood. */
    private void drainArrivals() {
        drainQueued.set(false);
        for (int i = 0; i < DRAIN_BATCH; i++) {
            Arrival arrival = arrivals.poll();
            if (arrival == null) {
                return;
            }
            listener.message(arrival.message(), heldByBroker(arrival));
        }
        if (!arrivals.isEmpty() && drainQueued.compareAndSet(false, true)) {
            onIo(this::drainArrivals);
        }
    }

    /**
     * Decided from the message itself where the broker numbers deliveries by subscription: one matched under an
     * earlier connection's subscriptions waited for the daemon's session, however many came before it. Otherwise
     * (MQTT 3.1.1, where every session is clean): whether it came before this connection's SUBACK.
     */
    private boolean heldByBroker(Arrival arrival) {
        if (client != null && client.subscriptionIdentifiers() && !arrival.message().subscriptionIds().isEmpty()) {
            return !arrival.message().subscriptionIds().contains(epoch);
        }
        return arrival.beforeSubscribed();
    }

    private void attemptConnect() {
        if (closed || connected || connecting) {
            return;
        }
        connecting = true;
        try {
            if (client == null) {
                client = newClient();
            }
            client.connect(!everConnected, () -> onIo(this::onConnected),
                    failure -> onIo(() -> onConnectFailed(failure)));
        } catch (Exception e) {
            onConnectFailed(e);
        }
    }

    private void onConnected() {
        connecting = false;
        if (closed) {
            return;
        }
        boolean first = !everConnected;
        connected = true;
        everConnected = true;
        failedAttempts = 0;
        epoch++;
        connectedAtNanos = nanos.getAsLong();
        connectedTo = client.serverUri();
        subscribed = false;
        log.info("mqtt: connected to {} as {} with MQTT {}{}", connectedTo, settings.clientId(),
                client.mqtt5() ? "5" : "3.1.1", first ? "" : " (reconnect)");
        PahoClient current = client;
        subscribeAll(new ArrayList<>(subscriptions.values()), () -> io.execute(() ->
                subscribed = connected && client == current));
        publishRetainedNow(topics.availability(), online());
        retained.forEach(this::publishRetainedNow);
        flushPending();
        int newTakeovers = takeovers - takeoversReported;
        takeoversReported = takeovers;
        listener.connected(first, newTakeovers);
    }

    private void onConnectFailed(Throwable failure) {
        connecting = false;
        if (closed) {
            return;
        }
        failedAttempts++;
        long delay = backoffMillis(settings.connectBackoffInitial().toMillis(), settings.connectBackoffMax().toMillis(),
                failedAttempts);
        if (settings.allowMqtt311Fallback() && !useMqtt311 && PahoClient.protocolRefused(failure)) {
            log.warn("mqtt: the broker refused MQTT 5 ({}); trying MQTT 3.1.1", MqttFailures.describe(failure));
            switchProtocol(true);
            delay = 0;
        } else if (useMqtt311 && !everConnected) {
            switchProtocol(false); // 3.1.1 did not work either: the refusal was not about the protocol
        }
        log.warn("mqtt: cannot connect to {} ({}); retry {} in {} ms", settings.brokerUris(), MqttFailures.describe(failure),
                failedAttempts, delay);
        retry = io.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }

    private void switchProtocol(boolean toMqtt311) {
        if (client != null) {
            client.close(offline());
            client = null;
        }
        useMqtt311 = toMqtt311;
    }

    private void onConnectionLost(String why, boolean takenOver) {
        if (!connected || closed) {
            return;
        }
        connected = false;
        subscribed = false;
        if (!takenOver) {
            log.warn("mqtt: connection to {} lost ({}); reconnecting", connectedTo, why);
            retry = io.schedule(this::attemptConnect, backoffMillis(settings.connectBackoffInitial().toMillis(),
                    settings.connectBackoffMax().toMillis(), 0), TimeUnit.MILLISECONDS);
            return;
        }
        if (nanos.getAsLong() - connectedAtNanos >= TAKEOVER_QUIET_NANOS) {
            takeovers = takeoversReported = 0;
        }
        takeovers++;
        long delay = backoffMillis(settings.takeoverBackoff().toMillis(), TAKEOVER_BACKOFF_MAX_MILLIS, takeovers - 1);
        if (takeovers == 1) {
            log.warn("mqtt: another client connected to {} with this daemon's client id '{}' and took the connection "
                    + "over ({}). Not fighting for it: connecting again in {} s, then less and less often. Give every "
                    + "daemon its own device id, and bind client ids to logins on the broker (docs/mqtt.md).",
                    connectedTo, settings.clientId(), why, delay / 1000);
        } else {
            log.debug("mqtt: taken over again ({} times); connecting again in {} s", takeovers, delay / 1000);
        }
        retry = io.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }

    /** Doubling from {@code initial} to {@code max}, ±50 % jitter so that many devices do not reconnect at once. */
    private static long backoffMillis(long initial, long max, int doublings) {
        long base = Math.min(max, initial << Math.min(doublings, 20));
        return Math.max(1, (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }

    private void subscribeAll(List<PahoClient.Subscription> wanted, Runnable onSuccess) {
        if (wanted.isEmpty()) {
            onSuccess.run();
            return;
        }
        try {
            client.subscribe(wanted, epoch, onSuccess, failure -> log.warn("mqtt: subscribe to {} failed: {}",
                    wanted, MqttFailures.describe(failure)));
        } catch (Exception e) {
            log.warn("mqtt: subscribe to {} failed: {}", wanted, MqttFailures.describe(e));
        }
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
                    this::queueFlush, failure -> onIo(() -> retryLater(outgoing, retain)));
        } catch (Exception e) {
            log.debug("mqtt: publish on {} refused for now: {}", outgoing.topic(), MqttFailures.describe(e));
            retryLater(outgoing, retain);
        }
    }

    /** From Paho's thread when a publish is acknowledged: one flush task at a time. */
    private void queueFlush() {
        if (flushQueued.compareAndSet(false, true)) {
            io.execute(() -> {
                flushQueued.set(false);
                flushPending();
            });
        }
    }

    private void retryLater(OutboundQueue.Outgoing outgoing, boolean retain) {
        if (!retain) {
            pending.putBack(outgoing);
            if (connected) {
                io.schedule(this::flushPending, 50, TimeUnit.MILLISECONDS);
            }
        } else if (connected) {
            io.schedule(() -> {
                byte[] latest = outgoing.topic().equals(topics.availability()) ? online() : retained.get(outgoing.topic());
                if (connected && latest != null) {
                    publishRetainedNow(outgoing.topic(), latest);
                }
            }, 50, TimeUnit.MILLISECONDS);
        }
    }

    private void flushPending() {
        while (connected && !pending.isEmpty()) {
            OutboundQueue.Outgoing next = pending.poll();
            int before = pending.size();
            send(next, false);
            if (pending.size() > before) {
                return; // the client refused it (in-flight window full): sent when a slot frees
            }
        }
    }
}
