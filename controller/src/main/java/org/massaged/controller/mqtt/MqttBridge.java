package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.massaged.controller.json.JsonCodec;
import org.massaged.controller.safety.Cause;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.state.StateDocument;
import org.massaged.device.profile.DeviceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon on the MQTT broker: retained state, availability and massager link; commands in, each checked on
 * the wire (S7) and answered on {@code response} ({@link CommandIntake}); events out, within their budgets
 * ({@link Outbox}); Home Assistant discovery; and a probe that proves commands still reach the daemon
 * ({@link #commandChannelLost()}). Every public method returns at once: the network is touched only by the
 * bridge's own thread, so the control thread never waits on it. Topics and payloads: docs/mqtt.md.
 */
public final class MqttBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);

    private final MqttSettings settings;
    private final Topics topics;
    private final Limits limits;
    private final Payloads payloads = new Payloads();
    private final Optional<byte[]> discovery;
    private final Clock wallClock;
    private final ScheduledExecutorService io;
    private final MqttConnection connection;
    private final StatePublisher state;
    private final Outbox outbox;
    private final CommandIntake intake;
    private final ChannelProbe probe;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    public MqttBridge(MqttSettings settings, DeviceProfile profile, Limits limits, CommandSink sink, Clock wallClock) {
        this(settings, profile, limits, sink, wallClock, System::nanoTime);
    }

    /**
     * @param limits         the engine's limits: the ranges and programs Home Assistant offers
     * @param monotonicNanos the monotonic clock, for message expiry and the probe
     */
    public MqttBridge(MqttSettings settings, DeviceProfile profile, Limits limits, CommandSink sink, Clock wallClock,
                      LongSupplier monotonicNanos) {
        this.settings = settings;
        this.topics = Topics.of(settings);
        this.limits = limits;
        this.wallClock = wallClock;
        this.discovery = settings.discoveryEnabled()
                ? Optional.of(payloads.bytes(new Discovery(topics, profile, limits).document()))
                : Optional.empty();
        this.io = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "massaged-mqtt-" + settings.deviceId());
            thread.setDaemon(true);
            return thread;
        });
        this.connection = new MqttConnection(settings, topics, io, monotonicNanos, new Listener());
        this.state = new StatePublisher(settings, topics, connection.outbound(), io, wallClock, monotonicNanos);
        this.outbox = new Outbox(connection.outbound(), connection::takeUnread, topics, payloads, wallClock);
        this.intake = new CommandIntake(settings, limits, topics, payloads, state, outbox, sink, this::execute,
                wallClock, monotonicNanos);
        this.probe = new ChannelProbe(topics, settings.commandChannelTimeout(), monotonicNanos, connection::isConnected);
    }

    public Topics topics() {
        return topics;
    }

    public Limits limits() {
        return limits;
    }

    /** Connects in the background, retrying with backoff until it succeeds or {@link #close()}. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        io.execute(() -> {
            connection.subscribe(topics.setFilter(), false);
            connection.subscribe(topics.get(), false);
            connection.subscribe(probe.topic(), true);
            discovery.ifPresent(document -> {
                connection.subscribe(topics.haStatus(), false);
                connection.outbound().publishRetained(topics.discoveryConfig(), document);
            });
            connection.outbound().publishRetained(topics.link(), linkDocument(false, "not connected yet"));
            connection.start();
        });
        long heartbeat = settings.stateHeartbeat().toMillis();
        io.scheduleAtFixedRate(() -> state.flush(true), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long probeEvery = settings.probeInterval().toMillis();
        io.scheduleAtFixedRate(() -> connection.publishNowOrNever(probe.topic(), probe.next()), probeEvery, probeEvery,
                TimeUnit.MILLISECONDS);
        io.scheduleAtFixedRate(outbox::endSecond, 1, 1, TimeUnit.SECONDS);
    }

    /** Whether the broker connection is up now (for status views and tests). */
    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Connected and subscribed: a command published now is received. */
    public boolean isReady() {
        return connection.isReady();
    }

    /** "5", or "3.1.1" after the fallback for a broker without MQTT 5. */
    public String protocolVersion() {
        return connection.mqtt5() ? "5" : "3.1.1";
    }

    /**
     * Why no command could reach the daemon over MQTT for longer than {@code commandChannelTimeout}, as a session
     * cause ({@code mqtt-lost: ...}); empty while commands get through. Any thread.
     */
    public Optional<Cause> commandChannelLost() {
        return probe.lostCause();
    }

    /**
     * Publishes the retained state on change (rate-limited) and at the heartbeat, stamped when sent; returns at
     * once. The document is the control loop's, built once per pass (and handed on only on a significant change or
     * once a second); it takes its turn on the bridge's thread after the answers and events handed over before it,
     * so that a client sees a command's answer, then its events, then the state (docs/mqtt.md, "Order of messages").
     */
    public void publishState(StateDocument document) {
        execute(() -> {
            state.offer(document);
            state.flush(false);
        });
    }

    /** Publishes a non-retained event; returns at once. Events are queued while the broker is away. */
    public void publishEvent(SessionEvent event) {
        var at = wallClock.instant();
        execute(() -> outbox.event(payloads.event(event, at)));
    }

    /** The link to the massager, retained on its own topic: "daemon gone" and "massager unplugged" differ. */
    public void publishLink(boolean up, String detail) {
        byte[] document = linkDocument(up, detail);
        execute(() -> connection.outbound().publishRetained(topics.link(), document));
    }

    /** Publishes {@code offline}, disconnects and stops the bridge's thread. Waits a few seconds at most. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Future<?> done = io.submit(connection::close);
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            log.warn("mqtt: close did not finish cleanly: {}", e.toString());
        } finally {
            io.shutdownNow();
        }
    }

    private void execute(Runnable task) {
        if (closed.get()) {
            return;
        }
        try {
            io.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("mqtt: bridge closed, dropped a publish");
        }
    }

    private byte[] linkDocument(boolean up, String detail) {
        ObjectNode node = JsonCodec.object();
        node.put("state", up ? "online" : "offline");
        node.put("detail", detail);
        node.put("since", wallClock.instant().toString());
        return payloads.bytes(node);
    }

    private void onHomeAssistantStatus(String status) {
        if (!status.equals("online")) {
            return;
        }
        long maxDelay = Math.max(1, settings.birthRepublishMaxDelay().toMillis());
        long delay = ThreadLocalRandom.current().nextLong(maxDelay);
        log.info("mqtt: Home Assistant is online; re-publishing discovery and state in {} ms", delay);
        io.schedule(connection.outbound()::republishRetained, delay, TimeUnit.MILLISECONDS);
    }

    /** After a takeover, once connected again: says so on {@code event} (the log said it once already). */
    private void reportTakeovers(int takeovers) {
        ObjectNode event = JsonCodec.object();
        event.put("event", "mqtt_taken_over");
        event.put("times", takeovers);
        event.put("client_id", settings.clientId());
        event.put("message", "another client connected with this daemon's client id and took the connection over; "
                + "massaged waited before connecting again instead of fighting for it");
        event.put("at", wallClock.instant().toString());
        outbox.event(event);
    }

    private final class Listener implements MqttConnection.Listener {
        @Override
        public void connected(boolean first, int takeovers) {
            if (!first) {
                log.info("mqtt: reconnected; availability, discovery, link and state re-published");
            }
            if (takeovers > 0) {
                reportTakeovers(takeovers);
            }
        }

        @Override
        public void message(Incoming message, boolean heldByBroker) {
            String topic = message.topic();
            if (topic.equals(probe.topic())) {
                probe.arrived(message);
            } else if (topic.equals(topics.haStatus())) {
                onHomeAssistantStatus(new String(message.payload(), StandardCharsets.UTF_8).strip());
            } else if (topic.equals(topics.set()) || topic.equals(topics.get()) || topic.startsWith(topics.setPrefix())) {
                intake.accept(message, heldByBroker);
            }
        }
    }
}
