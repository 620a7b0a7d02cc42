package org.massaged.controller.mqtt;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the command connection's lifecycle (and opens the publisher, {@link PublisherConnection}): the first
 * connect retried with backoff (Paho does not), reconnect with backoff after a loss (a longer one after a
 * takeover, never a fight over the client id), and the MQTT 3.1.1 fallback when the broker refuses MQTT 5. The
 * way in ({@link Inbound}: subscriptions renewed under each connection's number, arriving messages judged held
 * or live) and the way out ({@link Outbound}: retained topics re-published on each connect, other messages
 * queued while they cannot go out) are told of every connect and loss. The daemon acknowledges what arrives itself, after what is urgent to send ({@link Acknowledgements}).
 * Every method runs on the {@code io} thread; Paho's callbacks are handed over to it.
 */
final class MqttConnection {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    private static final long TAKEOVER_BACKOFF_MAX_MILLIS = TimeUnit.MINUTES.toMillis(15);
    /** A connection that lasted this long ends a takeover fight: the next takeover starts the backoff afresh. */
    private static final long TAKEOVER_QUIET_NANOS = TimeUnit.MINUTES.toNanos(10);

    interface Listener extends Inbound.Receiver {
        /**
         * Connected; {@code first} is false after a reconnect. Subscriptions and retained topics are renewed.
         *
         * @param takeovers how often another client took the connection over since the last connect
         */
        void connected(boolean first, int takeovers);
    }

    private final MqttSettings settings;
    private final Topics topics;
    private final ScheduledExecutorService io;
    private final LongSupplier nanos;
    private final Listener listener;
    private final Inbound inbound;
    private final Outbound outbound;
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private final PublisherConnection publisher;
    private PahoClient client;
    private volatile boolean useMqtt311;
    private final ConnectAttempts attempts = new ConnectAttempts();
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
        this.inbound = new Inbound(this::onIo, listener);
        this.outbound = new Outbound(topics, io, this::onIo, acknowledgements, this::givePublisherUp);
        this.publisher = new PublisherConnection(settings, topics, io, this::onIo, nanos, outbound);
    }

    /** Where everything the daemon publishes goes through. */
    Outbound outbound() {
        return outbound;
    }

    void start() {
        attemptConnect();
    }

    boolean isConnected() {
        return attempts.connected();
    }

    /** Connected, and the broker has confirmed the subscriptions: commands sent now reach the daemon. */
    boolean isReady() {
        return attempts.connected() && inbound.subscribed();
    }

    /** Whether the current (or last) connection speaks MQTT 5; false after the 3.1.1 fallback. */
    boolean mqtt5() {
        return !useMqtt311;
    }

    /** @param ownMessages receive what the daemon itself publishes on {@code filter} (its probe) */
    void subscribe(String filter, boolean ownMessages) {
        inbound.subscribe(filter, ownMessages, attempts.connected() ? client : null);
    }

    /** Not retained, QoS 1, only while ready and never queued or retried: a late probe means nothing. */
    void publishNowOrNever(String topic, byte[] payload) {
        outbound.publishNowOrNever(topic, payload, isReady());
    }

    /** Messages dropped unread since the last call, because a flood filled the queue of arriving messages. */
    long takeUnread() {
        return inbound.takeUnread();
    }

    /** Publishes {@code offline}, disconnects and closes; waits a few seconds at most. */
    void close() {
        attempts.close();
        if (retry != null) {
            retry.cancel(false);
        }
        publisher.close();
        outbound.lost();
        if (client != null) {
            client.close(Outbound.offline());
        }
    }

    private PahoClient newClient() throws Exception {
        PahoClient.Events events = new PahoClient.Events() {
            @Override
            public void lost(String why, boolean takenOver) {
                onIo(() -> onConnectionLost(why, takenOver));
            }

            @Override
            public void message(Incoming message) {
                inbound.arrived(message);
            }
        };
        return useMqtt311 ? new PahoV311Client(settings, topics, nanos, events, acknowledgements)
                : new PahoV5Client(settings, topics, nanos, events, acknowledgements, PahoClient.Role.COMMANDS);
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
        if (!attempts.begin()) {
            return;
        }
        try {
            if (client == null) {
                client = newClient();
            }
            inbound.connecting();
            client.connect(!attempts.everConnected(), () -> onIo(this::onConnected),
                    failure -> onIo(() -> onConnectFailed(failure)));
        } catch (Exception e) {
            onConnectFailed(e);
        }
    }

    private void onConnected() {
        boolean first = !attempts.everConnected();
        if (!attempts.succeeded()) {
            return;
        }
        connectedAtNanos = nanos.getAsLong();
        connectedTo = client.serverUri();
        log.info("mqtt: connected to {} as {} with MQTT {}{}", connectedTo, settings.clientId(),
                client.mqtt5() ? "5" : "3.1.1", first ? "" : " (reconnect)");
        inbound.connected(client);
        outbound.connected(client);
        startPublisher(first);
        int newTakeovers = takeovers - takeoversReported;
        takeoversReported = takeovers;
        listener.connected(first, newTakeovers);
    }

    private void givePublisherUp() {
        publisher.giveUp();
    }

    /** The second connection, when the broker speaks MQTT 5 and the daemon has what it needs for it. */
    private void startPublisher(boolean first) {
        if (settings.usesPublisher() && client.mqtt5()) {
            publisher.start();
        } else if (first && settings.publisher().enabled()) {
            log.info("mqtt: one connection only ({}): under a flood of commands, answers and state may be seconds "
                    + "late (docs/mqtt.md, Connection)", client.mqtt5() ? "mqtt.publisher.username is not set"
                    : "MQTT 3.1.1");
        }
    }

    private void onConnectFailed(Throwable failure) {
        int failedAttempts = attempts.failed();
        if (failedAttempts == 0) {
            return;
        }
        long delay = backoffMillis(settings.connectBackoffInitial().toMillis(), settings.connectBackoffMax().toMillis(),
                failedAttempts);
        if (settings.allowMqtt311Fallback() && !useMqtt311 && PahoClient.protocolRefused(failure)) {
            log.warn("mqtt: the broker refused MQTT 5 ({}); trying MQTT 3.1.1", MqttFailures.describe(failure));
            switchProtocol(true);
            delay = 0;
        } else if (useMqtt311 && !attempts.everConnected()) {
            switchProtocol(false); // 3.1.1 did not work either: the refusal was not about the protocol
        }
        log.warn("mqtt: cannot connect to {} ({}); retry {} in {} ms", settings.brokerUris(), MqttFailures.describe(failure),
                failedAttempts, delay);
        retry = io.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }

    private void switchProtocol(boolean toMqtt311) {
        if (client != null) {
            client.close(Outbound.offline());
            client = null;
        }
        useMqtt311 = toMqtt311;
    }

    private void onConnectionLost(String why, boolean takenOver) {
        if (!attempts.lost()) {
            return;
        }
        inbound.lost();
        outbound.lost();
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
    static long backoffMillis(long initial, long max, int doublings) {
        long base = Math.min(max, initial << Math.min(doublings, 20));
        return Math.max(1, (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }
}
