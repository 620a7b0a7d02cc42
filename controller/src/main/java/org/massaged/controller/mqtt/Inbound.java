package org.massaged.controller.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way in: the subscriptions, renewed on every connection under its number ({@link ConnectionEpoch}), and
 * the arriving messages. They wait in a bounded queue ({@link ArrivalQueue}); when a flood fills it, a message
 * that may be a stop waits for room (Paho's thread waits) and any other is dropped unread and counted
 * ({@link #takeUnread()}): the daemon keeps reading at the pace of the socket, so the broker's own queue for it
 * never fills and drops a stop. Each message is judged held or live ({@link ConnectionEpoch#heldByBroker}) as it
 * arrives and handed to the {@link Receiver} on the bridge's thread, a batch at a time.
 */
final class Inbound {

    private static final Logger log = LoggerFactory.getLogger(Inbound.class);
    /** Arriving messages that may wait for the bridge's thread: a whole default Mosquitto queue (1000) fits. */
    static final int INBOUND_MESSAGES = 2048;
    static final long INBOUND_BYTES = 2L * 1024 * 1024;
    private static final int DRAIN_BATCH = 64;

    /** Takes each message on the bridge's thread. */
    interface Receiver {
        /**
         * @param heldByBroker the broker took it in for the daemon's session before this connection's
         *                     subscriptions (it waited while the daemon was away)
         */
        void message(Incoming message, boolean heldByBroker);
    }

    private record Arrival(Incoming message, boolean heldByBroker) {}

    private final Executor bridgeThread;
    private final Receiver receiver;
    private final Map<String, PahoClient.Subscription> subscriptions = new LinkedHashMap<>();
    private final ArrivalQueue<Arrival> arrivals = new ArrivalQueue<>(INBOUND_MESSAGES, INBOUND_BYTES);
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicLong unread = new AtomicLong();
    /** Written on the bridge's thread, read on Paho's when a message arrives. */
    private volatile ConnectionEpoch epoch = ConnectionEpoch.NEVER_CONNECTED;

    Inbound(Executor bridgeThread, Receiver receiver) {
        this.bridgeThread = bridgeThread;
        this.receiver = receiver;
    }

    ConnectionEpoch epoch() {
        return epoch;
    }

    /** The broker confirmed the current connection's subscriptions: commands sent now reach the daemon. */
    boolean subscribed() {
        return epoch.subscribed();
    }

    /** @param ownMessages receive what the daemon itself publishes on {@code filter} (its probe) */
    void subscribe(String filter, boolean ownMessages, PahoClient connectedClient) {
        PahoClient.Subscription subscription = new PahoClient.Subscription(filter, ownMessages);
        subscriptions.put(filter, subscription);
        if (connectedClient != null) {
            subscribeAll(connectedClient, List.of(subscription), () -> { });
        }
    }

    /** A connect is attempted: from now on, what arrives is judged against a new connection's number. */
    void connecting() {
        epoch = epoch.next();
    }

    /** Connected: every subscription renewed under the connection's number. */
    void connected(PahoClient client) {
        ConnectionEpoch current = epoch;
        subscribeAll(client, new ArrayList<>(subscriptions.values()), () -> bridgeThread.execute(() -> {
            if (epoch == current) {
                epoch = current.confirmed();
            }
        }));
    }

    void lost() {
        epoch = epoch.lost();
    }

    /** Messages dropped unread since the last call, because a flood filled the queue of arriving messages. */
    long takeUnread() {
        return unread.getAndSet(0);
    }

    /** On Paho's thread: judged, queued (see the class comment when full), then drained on the bridge's thread. */
    void arrived(Incoming message) {
        Arrival arrival = new Arrival(message, epoch.heldByBroker(message));
        int size = message.payload().length;
        if (!arrivals.offer(arrival, size)) {
            if (!CommandParser.mayBeAStop(message.payload())) {
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
            bridgeThread.execute(this::drain);
        }
    }

    /** A batch at a time, so that answers, state and probes go out between the batches of a flood. */
    private void drain() {
        drainQueued.set(false);
        for (int i = 0; i < DRAIN_BATCH; i++) {
            Arrival arrival = arrivals.poll();
            if (arrival == null) {
                return;
            }
            receiver.message(arrival.message(), arrival.heldByBroker());
        }
        if (!arrivals.isEmpty() && drainQueued.compareAndSet(false, true)) {
            bridgeThread.execute(this::drain);
        }
    }

    private void subscribeAll(PahoClient client, List<PahoClient.Subscription> wanted, Runnable onSuccess) {
        if (wanted.isEmpty()) {
            onSuccess.run();
            return;
        }
        try {
            client.subscribe(wanted, epoch.number(), onSuccess, failure -> log.warn("mqtt: subscribe to {} failed: {}",
                    wanted, MqttFailures.describe(failure)));
        } catch (Exception e) {
            log.warn("mqtt: subscribe to {} failed: {}", wanted, MqttFailures.describe(e));
        }
    }
}
