package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.Program;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon on the MQTT broker: retained state, availability and massager link; commands in, each checked on
 * the wire (S7) and answered on {@code response}; events out; Home Assistant discovery. Every public method
 * returns at once: the network is touched only by the bridge's own thread, so the control thread never waits
 * on it. Topics and payloads: docs/mqtt.md.
 */
public final class MqttBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);
    private static final int REMEMBERED_TRANSACTIONS = 256;

    private final MqttSettings settings;
    private final Topics topics;
    private final DeviceLimits limits;
    private final CommandPlanner planner;
    private final CommandParser parser = new CommandParser();
    private final WireGate gate;
    private final Payloads payloads = new Payloads();
    private final Optional<byte[]> discovery;
    private final CommandSink sink;
    private final Clock wallClock;
    private final LongSupplier nanos;
    private final ScheduledExecutorService io;
    private final MqttConnection connection;
    private final AtomicReference<SessionSnapshot> latest = new AtomicReference<>();
    private final AtomicBoolean stateFlushQueued = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    // Owned by the io thread.
    private NextStart next = NextStart.none();
    private ObjectNode lastState;
    private ObjectNode lastSignificant;
    private long lastStateNanos;
    private boolean stateTimerSet;
    private long eventSequence;
    private final LinkedHashSet<String> transactions = new LinkedHashSet<>();

    public MqttBridge(MqttSettings settings, DeviceProfile profile, List<Program> programs, CommandSink sink,
                      Clock wallClock) {
        this(settings, profile, programs, sink, wallClock, System::nanoTime);
    }

    /**
     * @param programs       the programs a session may play; the first is shown as the default choice
     * @param monotonicNanos the monotonic clock, for message expiry
     */
    public MqttBridge(MqttSettings settings, DeviceProfile profile, List<Program> programs, CommandSink sink,
                      Clock wallClock, LongSupplier monotonicNanos) {
        this.settings = settings;
        this.topics = Topics.of(settings);
        this.limits = DeviceLimits.of(profile, programs, settings.allowHighIntensity());
        this.planner = new CommandPlanner(limits);
        this.gate = new WireGate(settings.payloadLimitBytes(), settings.commandMaxAge());
        this.sink = sink;
        this.wallClock = wallClock;
        this.nanos = monotonicNanos;
        this.discovery = settings.discoveryEnabled()
                ? Optional.of(payloads.bytes(new Discovery(topics, profile, programs, limits).document()))
                : Optional.empty();
        this.io = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "massaged-mqtt-" + settings.deviceId());
            thread.setDaemon(true);
            return thread;
        });
        this.connection = new MqttConnection(settings, topics, io, monotonicNanos, new Listener());
    }

    /** Commands that only ever reduce what the massager does: safe to act on however late they come. */
    static boolean lowersOrStops(Command command) {
        return command instanceof Command.Stop || command instanceof Command.EmergencyStop
                || command instanceof Command.TooMuch || command instanceof Command.Pause;
    }

    public Topics topics() {
        return topics;
    }

    public DeviceLimits limits() {
        return limits;
    }

    /** Connects in the background, retrying with backoff until it succeeds or {@link #close()}. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        io.execute(() -> {
            connection.subscribe(topics.setFilter(), 1);
            connection.subscribe(topics.get(), 1);
            discovery.ifPresent(document -> {
                connection.subscribe(topics.haStatus(), 1);
                connection.publishRetained(topics.discoveryConfig(), document);
            });
            connection.publishRetained(topics.link(), linkDocument(false, "not connected yet"));
            connection.start();
        });
        long heartbeat = settings.stateHeartbeat().toMillis();
        io.scheduleAtFixedRate(() -> flushState(true), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
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

    /** Publishes the retained state on change (rate-limited) and at the heartbeat; returns at once. */
    public void publishState(SessionSnapshot snapshot) {
        latest.set(snapshot);
        if (stateFlushQueued.compareAndSet(false, true)) {
            execute(() -> {
                stateFlushQueued.set(false);
                flushState(false);
            });
        }
    }

    /** Publishes a non-retained event; returns at once. Events are queued while the broker is away. */
    public void publishEvent(SessionEvent event) {
        var at = wallClock.instant();
        execute(() -> publishEventDocument(payloads.event(event, at)));
    }

    /** The link to the massager, retained on its own topic: "daemon gone" and "massager unplugged" differ. */
    public void publishLink(boolean up, String detail) {
        byte[] document = linkDocument(up, detail);
        execute(() -> connection.publishRetained(topics.link(), document));
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
        ObjectNode node = payloads.mapper().createObjectNode();
        node.put("state", up ? "online" : "offline");
        node.put("detail", detail);
        node.put("since", wallClock.instant().toString());
        return payloads.bytes(node);
    }

    // ---- state -------------------------------------------------------------------------------------------

    private void flushState(boolean force) {
        SessionSnapshot snapshot = latest.get();
        if (snapshot == null) {
            return;
        }
        ObjectNode document = payloads.state(snapshot, next, limits);
        ObjectNode significant = significantPart(document);
        long now = nanos.getAsLong();
        if (!force) {
            if (document.equals(lastState)) {
                return;
            }
            long minInterval = settings.stateMinInterval().toNanos();
            if (significant.equals(lastSignificant) && now - lastStateNanos < minInterval) {
                if (!stateTimerSet) {
                    stateTimerSet = true;
                    io.schedule(() -> {
                        stateTimerSet = false;
                        flushState(false);
                    }, minInterval - (now - lastStateNanos), TimeUnit.NANOSECONDS);
                }
                return;
            }
        }
        lastState = document;
        lastSignificant = significant;
        lastStateNanos = now;
        connection.publishRetained(topics.state(), payloads.bytes(payloads.stamped(document, wallClock.instant())));
    }

    /** The fields whose change is published at once; the rest (levels in waveforms, counters) at most once per interval. */
    private static ObjectNode significantPart(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove(List.of("zones", "remaining_s", "elapsed_s", "temperatures", "rest_remaining_s", "minutes_today"));
        return copy;
    }

    private Phase phase() {
        SessionSnapshot snapshot = latest.get();
        return snapshot == null ? Phase.IDLE : snapshot.phase();
    }

    // ---- commands ----------------------------------------------------------------------------------------

    private void onMessage(Incoming message, boolean heldByBroker) {
        if (message.topic().equals(topics.haStatus())) {
            onHomeAssistantStatus(new String(message.payload(), StandardCharsets.UTF_8).strip());
            return;
        }
        if (message.topic().equals(topics.set()) || message.topic().equals(topics.get())
                || message.topic().startsWith(topics.setPrefix())) {
            onCommand(message, heldByBroker);
        }
    }

    private void onCommand(Incoming message, boolean heldByBroker) {
        Optional<String> transaction = message.payload().length <= settings.payloadLimitBytes()
                ? parser.transactionOf(message.payload(), message.userProperties())
                : Optional.empty();
        String asked = askedOf(message);
        Optional<WireRejection> early = gate.beforeParsing(message, nanos.getAsLong());
        if (early.isPresent()) {
            reject(message, transaction, asked, early.get());
            return;
        }
        WireRequest request;
        try {
            request = parse(message);
        } catch (WireRejection.Thrown thrown) {
            reject(message, transaction, asked, thrown.rejection);
            return;
        }
        transaction = request.transaction();
        asked = request.describe();
        Optional<WireRejection> old = gate.tooOld(request.issuedAt(), wallClock.instant());
        if (old.isPresent()) {
            reject(message, transaction, asked, old.get());
            return;
        }
        if (transaction.isPresent() && !remember(transaction.get())) {
            reject(message, transaction, asked, WireRejection.field("duplicate-transaction", "transaction",
                    "transaction '" + transaction.get() + "' was already received; it is not executed twice"));
            return;
        }
        CommandPlanner.Plan plan = planner.plan(request, phase(), next);
        if (plan instanceof CommandPlanner.Plan.Reject rejected) {
            reject(message, transaction, asked, rejected.rejection());
        } else if (plan instanceof CommandPlanner.Plan.ReportState) {
            flushState(true);
            respondWithState(message, transaction);
        } else if (plan instanceof CommandPlanner.Plan.Choose choose) {
            next = choose.next();
            respond(message, transaction, asked, CommandResult.accepted(choose.message()), Optional.empty());
            flushState(false);
        } else if (plan instanceof CommandPlanner.Plan.Submit submit) {
            submit(message, transaction, submit.command(), heldByBroker);
        }
    }

    private void submit(Incoming message, Optional<String> transaction, Command command, boolean heldByBroker) {
        Optional<WireRejection> expired = gate.expired(message, nanos.getAsLong());
        String asked = Payloads.commandName(command);
        if (heldByBroker && !lowersOrStops(command)) {
            // S5/S7: sent while the daemon was away; whoever sent it may have given up long ago
            reject(message, transaction, asked, WireRejection.of("held-while-offline", "the broker held this "
                    + "command while massaged was disconnected; only stop, emergency stop, too-much and pause "
                    + "act late: send it again"));
            return;
        }
        if (expired.isPresent()) {
            reject(message, transaction, asked, expired.get());
            return;
        }
        try {
            sink.submit(command, result -> execute(() -> respond(message, transaction, asked, result, Optional.empty())));
        } catch (RuntimeException e) {
            log.warn("mqtt: the control loop refused {}: {}", asked, e.toString());
            respond(message, transaction, asked, CommandResult.rejected("unavailable",
                    "the control loop cannot take commands now: " + e.getMessage()), Optional.empty());
        }
    }

    private WireRequest parse(Incoming message) throws WireRejection.Thrown {
        if (message.topic().equals(topics.get())) {
            return parser.parseGet(message.payload(), message.userProperties());
        }
        if (message.topic().equals(topics.set())) {
            return parser.parseSetJson(message.payload(), message.userProperties());
        }
        return parser.parseSetField(message.topic().substring(topics.setPrefix().length()), message.payload(),
                message.userProperties());
    }

    private String askedOf(Incoming message) {
        if (message.topic().equals(topics.get())) {
            return "get";
        }
        return message.topic().startsWith(topics.setPrefix())
                ? "set/" + message.topic().substring(topics.setPrefix().length()) : "set";
    }

    /** Remembers a transaction id; false when it was seen already (a redelivery or a replay). */
    private boolean remember(String transaction) {
        if (!transactions.add(transaction)) {
            return false;
        }
        if (transactions.size() > REMEMBERED_TRANSACTIONS) {
            Iterator<String> oldest = transactions.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    private void reject(Incoming message, Optional<String> transaction, String asked, WireRejection rejection) {
        log.info("mqtt: rejected {} on {}: {} ({})", asked, message.topic(), rejection.reason(), rejection.message());
        CommandResult result = CommandResult.rejected(rejection.reason(), rejection.message());
        respond(message, transaction, asked, result, rejection.field());
        ObjectNode event = payloads.mapper().createObjectNode();
        event.put("event", "command_rejected");
        event.put("command", asked);
        event.put("by", "mqtt");
        event.put("topic", message.topic());
        event.put("reason", rejection.reason());
        event.put("message", rejection.message());
        rejection.field().ifPresent(field -> event.put("field", field));
        event.put("at", wallClock.instant().toString());
        publishEventDocument(event);
    }

    private void respond(Incoming message, Optional<String> transaction, String asked, CommandResult result,
                         Optional<String> field) {
        send(message, payloads.response(transaction, asked, message.topic(), result, field));
    }

    private void respondWithState(Incoming message, Optional<String> transaction) {
        ObjectNode response = payloads.response(transaction, "get", message.topic(),
                CommandResult.accepted("the current state"), Optional.empty());
        if (lastState != null) {
            response.set("state", payloads.stamped(lastState, wallClock.instant()));
        } else {
            response.putNull("state");
        }
        send(message, response);
    }

    /** Numbered: QoS 1 redelivery after a dropped connection may reorder events, {@code seq} restores the order. */
    private void publishEventDocument(ObjectNode event) {
        event.put("seq", ++eventSequence);
        connection.publish(topics.event(), payloads.bytes(event), Optional.empty());
    }

    private void send(Incoming message, ObjectNode response) {
        byte[] bytes = payloads.bytes(response);
        connection.publish(topics.response(), bytes, message.correlationData());
        message.responseTopic()
                .filter(topic -> !topic.equals(topics.response()))
                .filter(MqttBridge::isPublishableTopic)
                .ifPresent(topic -> connection.publish(topic, bytes, message.correlationData()));
    }

    private static boolean isPublishableTopic(String topic) {
        return !topic.isEmpty() && !topic.contains("+") && !topic.contains("#") && topic.length() <= 1024;
    }

    private void onHomeAssistantStatus(String status) {
        if (!status.equals("online")) {
            return;
        }
        long maxDelay = Math.max(1, settings.birthRepublishMaxDelay().toMillis());
        long delay = ThreadLocalRandom.current().nextLong(maxDelay);
        log.info("mqtt: Home Assistant is online; re-publishing discovery and state in {} ms", delay);
        io.schedule(connection::republishRetained, delay, TimeUnit.MILLISECONDS);
    }

    private final class Listener implements MqttConnection.Listener {
        @Override
        public void connected(boolean first) {
            if (!first) {
                log.info("mqtt: reconnected; availability, discovery, link and state re-published");
            }
        }

        @Override
        public void message(Incoming message, boolean heldByBroker) {
            try {
                onMessage(message, heldByBroker);
            } catch (RuntimeException e) {
                log.error("mqtt: failed to handle a message on {}", message.topic(), e);
            }
        }
    }
}
