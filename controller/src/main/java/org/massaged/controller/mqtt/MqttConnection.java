package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the one Paho MQTT 5 connection: the first connect retried with backoff (Paho does not), reconnect
 * with backoff after a loss, the subscriptions renewed and every retained topic re-published on each
 * connect, and non-retained messages queued while disconnected so none is lost in the window after a drop.
 * Every method runs on the {@code io} thread; Paho's callbacks are handed over to it.
 */
final class MqttConnection {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    private static final int PENDING_LIMIT = 1000;
    static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    interface Listener {
        /** Connected; {@code first} is false after a reconnect. Subscriptions and retained topics are renewed. */
        void connected(boolean first);

        void message(Incoming message);
    }

    private record Outgoing(String topic, byte[] payload, MqttProperties properties) {}

    private final MqttSettings settings;
    private final Topics topics;
    private final ScheduledExecutorService io;
    private final LongSupplier nanos;
    private final Listener listener;
    private final Map<String, byte[]> retained = new LinkedHashMap<>();
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final Deque<Outgoing> pending = new ArrayDeque<>();
    private MqttAsyncClient client;
    private boolean connected;
    private boolean connecting;
    private boolean everConnected;
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
        try {
            client = new MqttAsyncClient(settings.brokerUris().get(0), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("mqtt: cannot create the client: " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        attemptConnect();
    }

    boolean isConnected() {
        return connected;
    }

    String connectedTo() {
        return connectedTo;
    }

    void subscribe(String filter, int qos) {
        subscriptions.put(filter, qos);
        if (connected) {
            subscribeAll(Map.of(filter, qos));
        }
    }

    /** Publishes retained now if connected, and again after every reconnect. */
    void publishRetained(String topic, byte[] payload) {
        retained.put(topic, payload);
        if (connected) {
            send(topic, payload, true, new MqttProperties(), false);
        }
    }

    /** Re-publishes every retained topic (after Home Assistant's birth message). */
    void republishRetained() {
        if (!connected) {
            return;
        }
        send(topics.availability(), ONLINE, true, new MqttProperties(), false);
        retained.forEach((topic, payload) -> send(topic, payload, true, new MqttProperties(), false));
    }

    /** Not retained, QoS 1: queued while disconnected and sent after the next connect. */
    void publish(String topic, byte[] payload, MqttProperties properties) {
        if (connected && pending.isEmpty()) {
            send(topic, payload, false, properties, true);
        } else {
            enqueue(new Outgoing(topic, payload, properties));
        }
    }

    /** Publishes {@code offline}, disconnects and closes; waits at most about two seconds. */
    void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (client == null) {
            return;
        }
        try {
            if (connected) {
                client.publish(topics.availability(), message(OFFLINE, true, new MqttProperties()))
                        .waitForCompletion(2000);
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            log.debug("mqtt: closing: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("mqtt: close: {}", e.getMessage());
        }
        connected = false;
    }

    private void attemptConnect() {
        if (closed || connected || connecting) {
            return;
        }
        connecting = true;
        try {
            client.connect(options(!everConnected), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    io.execute(MqttConnection.this::onConnected);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    io.execute(() -> onConnectFailed(failure));
                }
            });
        } catch (MqttException e) {
            onConnectFailed(e);
        }
    }

    private MqttConnectionOptions options(boolean first) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(settings.brokerUris().toArray(String[]::new));
        // A new daemon never inherits an old session (nothing queued for it may actuate, S5); a reconnect
        // keeps the session so that the will delay holds availability across a short drop.
        options.setCleanStart(first);
        options.setSessionExpiryInterval(settings.willDelay().toSeconds());
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        MqttProperties willProperties = new MqttProperties();
        willProperties.setWillDelayInterval(settings.willDelay().toSeconds());
        options.setWill(topics.availability(), message(OFFLINE, true, new MqttProperties()));
        options.setWillMessageProperties(willProperties);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(password -> options.setPassword(password.getBytes(StandardCharsets.UTF_8)));
        if (settings.usesTls()) {
            options.setSocketFactory(TlsSockets.socketFactory(settings.caFile(), settings.clientCertFile(),
                    settings.clientKeyFile()));
        }
        return options;
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
        connectedTo = client.getCurrentServerURI();
        log.info("mqtt: connected to {} as {}{}", connectedTo, settings.clientId(), first ? "" : " (reconnect)");
        subscribeAll(subscriptions);
        send(topics.availability(), ONLINE, true, new MqttProperties(), false);
        retained.forEach((topic, payload) -> send(topic, payload, true, new MqttProperties(), false));
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
        log.warn("mqtt: cannot connect to {} ({}); retry {} in {} ms", settings.brokerUris(), describe(failure),
                failedAttempts, delay);
        retry = io.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }

    private void onConnectionLost(String why) {
        if (!connected || closed) {
            return;
        }
        connected = false;
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

    private void subscribeAll(Map<String, Integer> filters) {
        if (filters.isEmpty()) {
            return;
        }
        List<MqttSubscription> list = new ArrayList<>();
        filters.forEach((filter, qos) -> {
            MqttSubscription subscription = new MqttSubscription(filter, qos);
            // A retained message keeps its flag, so a command published retained is recognised even live.
            subscription.setRetainAsPublished(true);
            subscription.setNoLocal(true);
            list.add(subscription);
        });
        try {
            client.subscribe(list.toArray(MqttSubscription[]::new), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    log.debug("mqtt: subscribed to {}", filters.keySet());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    log.warn("mqtt: subscribe to {} failed: {}", filters.keySet(), describe(failure));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            log.warn("mqtt: subscribe to {} failed: {}", filters.keySet(), describe(e));
        }
    }

    private void send(String topic, byte[] payload, boolean retain, MqttProperties properties, boolean requeue) {
        try {
            client.publish(topic, message(payload, retain, properties), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // delivered to the broker
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    if (requeue) {
                        io.execute(() -> enqueueFront(new Outgoing(topic, payload, properties)));
                    }
                }
            });
        } catch (MqttException e) {
            if (requeue) {
                enqueueFront(new Outgoing(topic, payload, properties));
                if (connected) {
                    io.schedule(this::flushPending, 50, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void flushPending() {
        while (connected && !pending.isEmpty()) {
            Outgoing next = pending.pollFirst();
            int before = pending.size();
            send(next.topic(), next.payload(), false, next.properties(), true);
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

    private static MqttMessage message(byte[] payload, boolean retain, MqttProperties properties) {
        MqttMessage message = new MqttMessage(payload, 1, retain, properties);
        return message;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof MqttException mqtt) {
            Throwable cause = mqtt.getCause();
            return mqtt.getMessage() + " (reason " + mqtt.getReasonCode() + ")"
                    + (cause != null ? ": " + cause.getMessage() : "");
        }
        return String.valueOf(failure);
    }

    private Incoming incoming(String topic, MqttMessage message) {
        MqttProperties properties = message.getProperties();
        Map<String, String> user = new HashMap<>();
        Optional<Long> expiry = Optional.empty();
        Optional<String> responseTopic = Optional.empty();
        Optional<byte[]> correlation = Optional.empty();
        if (properties != null) {
            for (UserProperty property : properties.getUserProperties()) {
                user.putIfAbsent(property.getKey(), property.getValue());
            }
            expiry = Optional.ofNullable(properties.getMessageExpiryInterval());
            responseTopic = Optional.ofNullable(properties.getResponseTopic());
            correlation = Optional.ofNullable(properties.getCorrelationData());
        }
        return new Incoming(topic, message.getPayload(), message.isRetained(), expiry, nanos.getAsLong(),
                responseTopic, correlation, user);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String why = response.getReasonString() != null ? response.getReasonString()
                    : response.getException() != null ? describe(response.getException())
                    : "reason " + response.getReturnCode();
            io.execute(() -> onConnectionLost(why));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("mqtt: {}", describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Incoming arrived = incoming(topic, message);
            io.execute(() -> listener.message(arrived));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // acknowledged by the broker; nothing to do
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // handled by the connect listener on the io thread
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
