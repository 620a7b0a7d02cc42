package org.massaged.controller.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
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
 * The MQTT 5 client: will delay, retain-as-published, message expiry, correlation data. As the publisher
 * ({@link Role#PUBLISHER}) it only publishes: its own client id and login, a clean session, no will.
 */
final class PahoV5Client implements PahoClient {

    private static final Logger log = LoggerFactory.getLogger(PahoV5Client.class);
    static final int RECEIVE_MAXIMUM = 1024;
    /** What MQTT 5 assumes when the broker's CONNACK names no receive maximum. */
    private static final int UNLIMITED_RECEIVE_MAXIMUM = 65_535;

    private final MqttSettings settings;
    private final Topics topics;
    private final LongSupplier nanos;
    private final Events events;
    private final Acknowledgements acknowledgements;
    private final Role role;
    private volatile MqttAsyncClient client;
    /** Publishes handed to the current client and not yet acknowledged or failed (see {@link #publish}). */
    private volatile AtomicInteger unacknowledged = new AtomicInteger();
    private volatile boolean subscriptionIdentifiers;
    /** QoS 1 messages the broker takes from the daemon before it acknowledges one (its CONNACK). */
    private volatile int brokerReceiveMaximum = UNLIMITED_RECEIVE_MAXIMUM;

    PahoV5Client(MqttSettings settings, Topics topics, LongSupplier nanos, Events events,
                 Acknowledgements acknowledgements, Role role) throws MqttException {
        this.role = role;
        this.settings = settings;
        this.topics = topics;
        this.nanos = nanos;
        this.events = events;
        this.acknowledgements = acknowledgements;
        this.client = newPahoClient();
    }

    /** One per connection; it leaves acknowledging what arrives to the daemon ({@link Acknowledgements}). */
    private MqttAsyncClient newPahoClient() throws MqttException {
        MqttAsyncClient created = new MqttAsyncClient(settings.brokerUris().get(0),
                role == Role.COMMANDS ? settings.clientId() : settings.publisherClientId(), new MemoryPersistence());
        created.setManualAcks(true);
        created.setCallback(new Callback(events, created));
        return created;
    }

    @Override
    public boolean mqtt5() {
        return true;
    }

    /**
     * A reconnect starts from a fresh Paho client: Paho would resend the messages in flight at the drop as it
     * last sent them, alias-only with an alias of the old connection, which MQTT 5 scopes to that connection (the
     * broker drops the new one, reason 130), and as duplicates besides: the caller was told they failed, and
     * sends them again itself. What arrived on the old connection and was not acknowledged yet is not
     * acknowledged on the new one: the broker delivers it again.
     */
    @Override
    public void connect(boolean first, Runnable onSuccess, Consumer<Throwable> onFailure) throws MqttException {
        if (!first) {
            MqttAsyncClient previous = client;
            client = newPahoClient();
            unacknowledged = new AtomicInteger();
            try {
                previous.close(true);
            } catch (MqttException e) {
                log.debug("mqtt: closing the previous client: {}", e.getMessage());
            }
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(settings.brokerUris().toArray(String[]::new));
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        // The broker drops a larger packet rather than send it: a huge publish on set is never read into memory.
        options.setMaximumPacketSize((long) settings.maximumPacketBytes());
        if (role == Role.COMMANDS) {
            commandOptions(options, first);
        } else {
            // Nothing to resume: what was in flight at a drop comes back to the daemon as failed and goes again.
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            login(options, settings.publisher().username(), settings.publisher().password());
        }
        options.setSocketFactory(settings.usesTls()
                ? NoDelaySockets.tls(TlsSockets.socketFactory(settings.caFile(), settings.clientCertFile(),
                        settings.clientKeyFile()))
                : NoDelaySockets.plain());
        client.connect(options, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                MqttProperties connack = token.getResponseProperties();
                subscriptionIdentifiers = connack == null || connack.isSubscriptionIdentifiersAvailable();
                brokerReceiveMaximum = connack == null || connack.getReceiveMaximum() == null
                        ? UNLIMITED_RECEIVE_MAXIMUM : connack.getReceiveMaximum();
                onSuccess.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                onFailure.accept(failure);
            }
        });
    }

    private void commandOptions(MqttConnectionOptions options, boolean first) {
        // A new daemon never inherits an old session (nothing queued for it may actuate, S5); a reconnect
        // keeps the session so that the will delay holds availability across a short drop.
        options.setCleanStart(first);
        options.setSessionExpiryInterval(settings.willDelay().toSeconds());
        // Unacknowledged QoS 1 messages in flight towards the daemon: a window wide enough that the daemon, not
        // the round trip of its acknowledgements, sets the pace of a flood (they wait in the socket's buffer).
        options.setReceiveMaximum(RECEIVE_MAXIMUM);
        MqttProperties willProperties = new MqttProperties();
        willProperties.setWillDelayInterval(settings.willDelay().toSeconds());
        options.setWill(topics.availability(), new MqttMessage(Outbound.offline(), 1, true, new MqttProperties()));
        options.setWillMessageProperties(willProperties);
        login(options, settings.username(), settings.password());
    }

    private static void login(MqttConnectionOptions options, Optional<String> username, Optional<String> password) {
        username.ifPresent(options::setUserName);
        password.ifPresent(secret -> options.setPassword(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void subscribe(List<Subscription> subscriptions, int subscriptionId, Runnable onSuccess,
                          Consumer<Throwable> onFailure) throws MqttException {
        List<MqttSubscription> list = new ArrayList<>();
        for (Subscription wanted : subscriptions) {
            MqttSubscription subscription = new MqttSubscription(wanted.filter(), 1);
            // A retained message keeps its flag, so a command published retained is recognised even live.
            subscription.setRetainAsPublished(true);
            subscription.setNoLocal(!wanted.ownMessages());
            list.add(subscription);
        }
        MqttProperties properties = new MqttProperties();
        if (subscriptionIdentifiers) {
            properties.setSubscriptionIdentifier(subscriptionId);
        }
        client.subscribe(list.toArray(MqttSubscription[]::new), null, listener(onSuccess, onFailure), properties);
    }

    /**
     * Refuses the message itself while the broker's window is full, before Paho sees it: Paho gives a new topic
     * its topic alias before it checks the window, so a message it then refuses leaves an alias the broker never
     * heard of, and the next message on that topic goes out alias-only and the broker drops the connection
     * (reason 130, protocol error), on every reconnect that has more to send than the window holds. The caller
     * sends it again when a slot frees. The count is the daemon's own: Paho's counts a message only once its
     * sender thread has taken it, so it can rise between a check of it and Paho's. Publishes come from one thread.
     * A quarter of the window is kept for urgent messages: under a flood, ordinary answers and state fill the rest,
     * and each slot frees only after a round trip through a busy broker (seconds, docs/benchmarks/floods.md).
     */
    @Override
    public void publish(String topic, byte[] payload, boolean retain, Optional<byte[]> correlationData,
                        boolean urgent, Runnable delivered, Consumer<Throwable> onFailure) throws MqttException {
        AtomicInteger window = unacknowledged;
        int reservedForUrgent = urgent ? 0 : brokerReceiveMaximum / 4;
        if (window.get() >= brokerReceiveMaximum - reservedForUrgent) {
            throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
        }
        MqttProperties properties = new MqttProperties();
        correlationData.ifPresent(properties::setCorrelationData);
        window.incrementAndGet();
        try {
            client.publish(topic, new MqttMessage(payload, 1, retain, properties), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.decrementAndGet();
                    int[] reasons = token.getReasonCodes();
                    if (reasons != null && reasons.length > 0 && reasons[0] >= 0x80) {
                        onFailure.accept(new PublishRefused(reasons[0]));
                    } else {
                        delivered.run();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    window.decrementAndGet();
                    onFailure.accept(failure);
                }
            });
        } catch (MqttException | RuntimeException refused) {
            window.decrementAndGet();
            throw refused;
        }
    }

    @Override
    public String serverUri() {
        return client.getCurrentServerURI();
    }

    @Override
    public void close(byte[] offline) {
        try {
            if (client.isConnected() && role == Role.COMMANDS) {
                client.publish(topics.availability(), new MqttMessage(offline, 1, true, new MqttProperties()))
                        .waitForCompletion(2000);
            }
            if (client.isConnected()) {
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
    }

    private static MqttActionListener listener(Runnable onSuccess, Consumer<Throwable> onFailure) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                onSuccess.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                onFailure.accept(failure);
            }
        };
    }

    private Incoming incoming(String topic, MqttMessage message) {
        long arrival = nanos.getAsLong();
        MqttProperties properties = message.getProperties();
        Map<String, String> user = new HashMap<>();
        Optional<Long> expiry = Optional.empty();
        Optional<String> responseTopic = Optional.empty();
        Optional<byte[]> correlation = Optional.empty();
        List<Integer> subscriptionIds = List.of();
        if (properties != null) {
            for (UserProperty property : properties.getUserProperties()) {
                user.putIfAbsent(property.getKey(), property.getValue());
            }
            expiry = Optional.ofNullable(properties.getMessageExpiryInterval());
            responseTopic = Optional.ofNullable(properties.getResponseTopic());
            correlation = Optional.ofNullable(properties.getCorrelationData());
            subscriptionIds = properties.getSubscriptionIdentifiers();
        }
        return new Incoming(topic, message.getPayload(), message.isRetained(), expiry, arrival, responseTopic,
                correlation, user, subscriptionIds);
    }

    private final class Callback implements MqttCallback {
        private final Events events;
        private final MqttAsyncClient paho;

        Callback(Events events, MqttAsyncClient paho) {
            this.events = events;
            this.paho = paho;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            boolean takenOver = response.getReturnCode() == SESSION_TAKEN_OVER;
            events.lost(response.getReasonString() != null ? response.getReasonString()
                    : takenOver ? "the session was taken over by another connection with the same client id"
                    : response.getException() != null ? MqttFailures.describe(response.getException())
                    : "reason " + response.getReturnCode(), takenOver);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("mqtt: {}", MqttFailures.describe(exception));
        }

        /** Acknowledged once taken in, whatever becomes of it (queued, dropped unread, or not even readable). */
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                events.message(incoming(topic, message));
            } finally {
                if (message.getQos() > 0) {
                    acknowledgements.taken(() -> acknowledge(message.getId(), message.getQos()));
                }
            }
        }

        /** On this connection only: once it is gone, the broker delivers the message again on the next. */
        private void acknowledge(int messageId, int qos) {
            if (!paho.isConnected()) {
                return;
            }
            try {
                paho.messageArrivedComplete(messageId, qos);
            } catch (MqttException | RuntimeException e) {
                log.debug("mqtt: acknowledging message {}: {}", messageId, MqttFailures.describe(e));
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // acknowledged by the broker
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // handled by the connect listener
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
