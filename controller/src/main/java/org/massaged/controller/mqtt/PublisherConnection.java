package org.massaged.controller.mqtt;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's second connection, which only publishes: state, link, discovery, answers and events. The command
 * connection owes the broker one acknowledgement per arriving message, and under a flood the broker reads them
 * no faster than the flood itself (one packet per connection per turn of Mosquitto's loop), so whatever the
 * daemon writes behind them arrived seconds late (docs/benchmarks/floods.md); this connection's stream holds
 * only what the daemon says, within its budgets. It opens once the command connection is up with MQTT 5; lost
 * or refused, it is tried again with the command connection's backoff, and meanwhile everything goes through
 * the command connection ({@link Outbound}). Every method runs on the {@code io} thread.
 */
final class PublisherConnection {

    private static final Logger log = LoggerFactory.getLogger(PublisherConnection.class);

    private final MqttSettings settings;
    private final Topics topics;
    private final ScheduledExecutorService io;
    private final Executor onIo;
    private final LongSupplier nanos;
    private final Outbound outbound;
    private PahoV5Client client;
    private final ConnectAttempts attempts = new ConnectAttempts();
    private boolean started;
    private ScheduledFuture<?> retry;

    /** @param onIo runs a task on {@code io}, or drops it once the bridge has closed */
    PublisherConnection(MqttSettings settings, Topics topics, ScheduledExecutorService io, Executor onIo,
                        LongSupplier nanos, Outbound outbound) {
        this.settings = settings;
        this.topics = topics;
        this.io = io;
        this.onIo = onIo;
        this.nanos = nanos;
        this.outbound = outbound;
    }

    /** Opens it, once; later calls do nothing (it reconnects by itself). */
    void start() {
        if (!started) {
            started = true;
            attemptConnect();
        }
    }

    void close() {
        giveUp();
        outbound.publisherLost();
    }

    /** Closes it for good, without reconnecting: the broker refused what it published ({@link Outbound} says so). */
    void giveUp() {
        attempts.close();
        if (retry != null) {
            retry.cancel(false);
        }
        if (client != null) {
            client.close(Outbound.offline());
        }
    }

    private void attemptConnect() {
        if (!attempts.begin()) {
            return;
        }
        try {
            if (client == null) {
                client = new PahoV5Client(settings, topics, nanos, new PahoClient.Events() {
                    @Override
                    public void lost(String why, boolean takenOver) {
                        onIo.execute(() -> onLost(why, takenOver));
                    }

                    @Override
                    public void message(Incoming message) {
                        // never subscribes
                    }
                }, new Acknowledgements(), PahoClient.Role.PUBLISHER);
            }
            client.connect(!attempts.everConnected(), () -> onIo.execute(this::onConnected),
                    failure -> onIo.execute(() -> onConnectFailed(failure)));
        } catch (Exception e) {
            onConnectFailed(e);
        }
    }

    private void onConnected() {
        if (!attempts.succeeded()) {
            return;
        }
        log.info("mqtt: publisher connected to {} as {}: state, answers and events go out through it",
                client.serverUri(), settings.publisherClientId());
        outbound.publisherConnected(client);
    }

    private void onConnectFailed(Throwable failure) {
        int failedAttempts = attempts.failed();
        if (failedAttempts == 0) {
            return;
        }
        long delay = MqttConnection.backoffMillis(settings.connectBackoffInitial().toMillis(),
                settings.connectBackoffMax().toMillis(), failedAttempts);
        if (failedAttempts == 1) {
            log.warn("mqtt: the publisher connection cannot connect to {} ({}): everything goes through the command "
                    + "connection meanwhile; retrying, less and less often (docs/mqtt.md, Connection)",
                    settings.brokerUris(), MqttFailures.describe(failure));
        } else {
            log.debug("mqtt: publisher connect failed again ({}); retry {} in {} ms", MqttFailures.describe(failure),
                    failedAttempts, delay);
        }
        retry = io.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }

    private void onLost(String why, boolean takenOver) {
        if (!attempts.lost()) {
            return;
        }
        outbound.publisherLost();
        long delay = takenOver ? settings.takeoverBackoff().toMillis()
                : MqttConnection.backoffMillis(settings.connectBackoffInitial().toMillis(),
                        settings.connectBackoffMax().toMillis(), 0);
        log.warn("mqtt: publisher connection lost ({}); everything goes through the command connection until it is "
                + "back (in {} ms)", why, delay);
        retry = io.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
    }
}
