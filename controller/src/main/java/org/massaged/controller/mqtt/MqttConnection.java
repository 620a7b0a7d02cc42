package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the one broker connection: the first connect retried with backoff (Paho does not), reconnect with
 * backoff after a loss, the subscriptions renewed and every retained topic re-published on each connect,
 * non-retained messages queued while disconnected so none is lost in the window after a drop, and the
 * MQTT 3.1.1 fallback when the broker refuses MQTT 5. Every method runs on the {@code io} thread; Paho's
 * callbacks are handed over to it.
 */
final class MqttConnection {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    private static final int PENDING_LIMIT = 1000;
    static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    interface Listener {
        /** Connected; {@code first} is false after a reconnect. Subscriptions and retained topics are renewed. */
        void connected(boolean first);

        /**
         * @param heldByBroker arrived after a reconnect before the broker confirmed the subscriptions: the
         *                     broker kept it for the session while the daemon was away
         */
        void message(Incoming message, boolean heldByBroker);
    }

    private record Outgoing(String topic, byte[] payload, Optional<byte[]> correlationData) {}

    private final MqttSettings settings;
    private final Topics topics;
    private final ScheduledExecutorService io;
    private final LongSupplier nanos;
    private final Listener listener;
    private final Map<String, byte[]> retained = new LinkedHashMap<>();
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final Deque<Outgoing> pending = new ArrayDeque<>();
    private PahoClient client;
    private volatile boolean useMqtt311;
    private volatile boolean connected;
    /** The command subscriptions of the current connection are confirmed by the broker (SUBACK). */
    private volatile boolean subscribed;
    private boolean connecting;
    private volatile boolean everConnected;
    private boolean closed;
    private int failedAttempts;
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

    void subscribe(String filter, int qos) {
        subscriptions.put(filter, qos);
        if (connected) {
            subscribeAll(Map.of(filter, qos), () -> { });
        }
    }

    /** Publishes retained now if connected, and again after every reconnect. */
    void publishRetained(String topic, byte[] payload) {
        retained.put(topic, payload);
        if (connected) {
            send(new Outgoing(topic, payload, Optional.empty()), true);
        }
    }

    /** Re-publishes availability and every retained topic (after Home Assistant's birth message). */
    void republishRetained() {
        if (!connected) {
            return;
        }
        send(new Outgoing(topics.availability(), ONLINE, Optional.empty()), true);
        retained.forEach((topic, payload) -> send(new Outgoing(topic, payload, Optional.empty()), true));
    }

    /** Not retained, QoS 1: queued while disconnected and sent, in order, after the next connect. */
    void publish(String topic, byte[] payload, Optional<byte[]> correlationData) {
        Outgoing outgoing = new Outgoing(topic, payload, correlationData);
        if (connected && pending.isEmpty()) {
            send(outgoing, false);
        } else {
            enqueue(outgoing);
        }
    }

    /** Publishes {@code offline}, disconnects and closes; waits a few seconds at most. */
    void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (client != null) {
            client.close(OFFLINE);
        }
        connected = false;
    }

    private PahoClient newClient() throws Exception {
        PahoClient.Events events = new PahoClient.Events() {
            @Override
            public void lost(String why) {
                onIo(() -> onConnectionLost(why));
            }

            @Override
            public void message(Incoming message) {
                boolean heldByBroker = everConnected && !subscribed;
                onIo(() -> listener.message(message, heldByBroker));
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
        connectedTo = client.serverUri();
        subscribed = false;
        log.info("mqtt: connected to {} as {} with MQTT {}{}", connectedTo, settings.clientId(),
                client.mqtt5() ? "5" : "3.1.1", first ? "" : " (reconnect)");
        PahoClient current = client;
        subscribeAll(subscriptions, () -> subscribed = connected && client == current);
        send(new Outgoing(topics.availability(), ONLINE, Optional.empty()), true);
        retained.forEach((topic, payload) -> send(new Outgoing(topic, payload, Optional.empty()), true));
        flushPending();
        listener.connected(first);
    }

    private void onConnectFailed(Throwable failure) {
        connecting = false;
        if (closed) {
            return;
        }
        failedAttempts++;
        long delay = backoffMillis();
        if (settings.allowMqtt311Fallback() && !useMqtt311 && PahoClient.protocolRefused(failure)) {
            log.warn("mqtt: the broker refused MQTT 5 ({}); trying MQTT 3.1.1", describe(failure));
            switchProtocol(true);
            delay = 0;
        } else if (useMqtt311 && !everConnected) {
            switchProtocol(false); // 3.1.1 did not work either: the refusal was not about the protocol
        }
        log.warn("mqtt: cannot connect to {} ({}); retry {} in {} ms", settings.brokerUris(), describe(failure),
                failedAttempts, delay);
        retry = io.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }

    private void switchProtocol(boolean toMqtt311) {
        if (client != null) {
            client.close(OFFLINE);
            client = null;
        }
        useMqtt311 = toMqtt311;
    }

    private void onConnectionLost(String why) {
        if (!connected || closed) {
            return;
        }
        connected = false;
        subscribed = false;
        log.warn("mqtt: connection to {} lost ({}); reconnecting", connectedTo, why);
        retry = io.schedule(this::attemptConnect, backoffMillis(), TimeUnit.MILLISECONDS);
    }

    /** Doubling from the initial delay to the maximum, with jitter so that many devices do not reconnect at once. */
    private long backoffMillis() {
        long initial = settings.connectBackoffInitial().toMillis();
        long max = settings.connectBackoffMax().toMillis();
        long base = Math.min(max, initial << Math.min(failedAttempts, 20));
        return Math.max(1, (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }

    private void subscribeAll(Map<String, Integer> filters, Runnable onSuccess) {
        if (filters.isEmpty()) {
            onSuccess.run();
            return;
        }
        try {
            client.subscribe(filters, onSuccess, failure -> log.warn("mqtt: subscribe to {} failed: {}",
                    filters.keySet(), describe(failure)));
        } catch (Exception e) {
            log.warn("mqtt: subscribe to {} failed: {}", filters.keySet(), describe(e));
        }
    }

    /**
     * Retained topics are not queued: when a publish fails, the topic's latest value is published again
     * shortly (and on every reconnect anyway), so the broker always ends up holding the newest value.
     */
    private void send(Outgoing outgoing, boolean retain) {
        try {
            client.publish(outgoing.topic(), outgoing.payload(), retain, outgoing.correlationData(), failure ->
                    onIo(() -> retryLater(outgoing, retain)));
        } catch (Exception e) {
            log.debug("mqtt: publish on {} refused for now: {}", outgoing.topic(), describe(e));
            retryLater(outgoing, retain);
        }
    }

    private void retryLater(Outgoing outgoing, boolean retain) {
        if (!retain) {
            enqueueFront(outgoing);
            if (connected) {
                io.schedule(this::flushPending, 50, TimeUnit.MILLISECONDS);
            }
        } else if (connected) {
            io.schedule(() -> {
                byte[] latest = outgoing.topic().equals(topics.availability()) ? ONLINE : retained.get(outgoing.topic());
                if (connected && latest != null) {
                    send(new Outgoing(outgoing.topic(), latest, Optional.empty()), true);
                }
            }, 50, TimeUnit.MILLISECONDS);
        }
    }

    private void flushPending() {
        while (connected && !pending.isEmpty()) {
            Outgoing next = pending.pollFirst();
            int before = pending.size();
            send(next, false);
            if (pending.size() > before) {
                return; // the client refused it (in-flight window full): retried shortly
            }
        }
    }

    private void enqueue(Outgoing outgoing) {
        if (pending.size() >= PENDING_LIMIT) {
            Outgoing dropped = pending.pollFirst();
            log.warn("mqtt: offline queue full, dropped a message for {}", dropped.topic());
        }
        pending.addLast(outgoing);
    }

    private void enqueueFront(Outgoing outgoing) {
        if (pending.size() >= PENDING_LIMIT) {
            pending.pollLast();
        }
        pending.addFirst(outgoing);
    }

    static String describe(Throwable failure) {
        if (failure instanceof org.eclipse.paho.mqttv5.common.MqttException mqtt) {
            Throwable cause = mqtt.getCause();
            return mqtt.getMessage() + " (reason " + mqtt.getReasonCode() + ")"
                    + (cause != null ? ": " + cause : "");
        }
        if (failure instanceof org.eclipse.paho.client.mqttv3.MqttException mqtt) {
            Throwable cause = mqtt.getCause();
            return mqtt.getMessage() + " (reason " + mqtt.getReasonCode() + ")"
                    + (cause != null ? ": " + cause : "");
        }
        return String.valueOf(failure);
    }
}
