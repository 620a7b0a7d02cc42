package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;

/**
 * Issue 14: "held while offline" decided and obeyed with no broker at all. The way in ({@link Inbound}), the
 * decision ({@link ConnectionEpoch}) and the intake ({@link CommandIntake}) run as the bridge runs them, on a
 * bridge thread this test steps by hand, with a virtual monotonic clock and wall clock; the broker's part — it
 * stamps each delivery with the subscription identifier of the connection it was taken in under, and delivers
 * what it held right after the CONNACK — is played by the test. {@code hostile.HeldWhileOfflineTest} (simulator)
 * checks the same against a real Mosquitto.
 */
class HeldWhileOfflineWithoutBrokerTest {

    private static final String ROOT = "massaged/chair1";
    private static final Instant T0 = Instant.parse("2026-11-29T20:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final VirtualClock wall = new VirtualClock(T0);
    private final ArrayDeque<Runnable> bridgeThread = new ArrayDeque<>();
    private final List<Command> submitted = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService unusedTimers = Executors.newSingleThreadScheduledExecutor();
    private final MqttSettings settings = MqttSettings.builder("chair1", List.of("tcp://nowhere:1883")).build();
    private final Topics topics = Topics.of(settings);
    private final Outbound outbound = new Outbound(topics, unusedTimers, bridgeThread::add,
            new Acknowledgements(), () -> { });
    private final Payloads payloads = new Payloads();
    private final CommandIntake intake = new CommandIntake(settings, Fixtures.engineLimits(), topics, payloads,
            new StatePublisher(settings, topics, outbound, unusedTimers, wall, nanos::get),
            new Outbox(outbound, () -> 0, topics, payloads, wall), this::submit, bridgeThread::add, wall, nanos::get);
    private final Inbound inbound = new Inbound(bridgeThread::add, (message, held) -> intake.accept(message, held));
    private final BrokerSide broker = new BrokerSide();

    @AfterEach
    void stopTimers() {
        unusedTimers.shutdownNow();
    }

    /** Stands in for the control loop: every command it gets is accepted, answered at once. */
    private void submit(Command command, Consumer<CommandResult> reply) {
        submitted.add(command);
        reply.accept(CommandResult.accepted("done"));
    }

    @ParameterizedTest(name = "{0} messages queued before the start")
    @ValueSource(ints = {0, 30, 300, 900})
    void aStartHeldForTheSessionIsRefusedHoweverManyMessagesCameBeforeIt(int before) throws Exception {
        connectAndSubscribe();
        inbound.lost();
        for (int i = 0; i < before; i++) {
            broker.held.add(message(ROOT + "/get", "{\"transaction\":\"queued-" + i + "\"}"));
        }
        broker.held.add(message(ROOT + "/set", start("held-start", wall.instant())));

        reconnectDeliveringWhatWasHeld();

        assertThat(answer("held-start").get("reason").asText()).isEqualTo("held-while-offline");
        assertThat(submitted).noneMatch(command -> command instanceof Command.Start);
        deliverLive(message(ROOT + "/set", start("live-start", wall.instant())));
        assertThat(answer("live-start").get("outcome").asText()).isEqualTo("accepted");
        assertThat(submitted).filteredOn(command -> command instanceof Command.Start).hasSize(1);
    }

    @Test
    void aStopOrALowerTheBrokerHeldIsStillObeyed() throws Exception {
        connectAndSubscribe();
        inbound.lost();
        broker.held.add(message(ROOT + "/set/action", "stop", "held-stop"));
        broker.held.add(message(ROOT + "/set/action", "emergency_stop", "held-emergency-stop"));
        broker.held.add(message(ROOT + "/set/action", "too_much", "held-too-much"));
        broker.held.add(message(ROOT + "/set/action", "pause", "held-pause"));
        broker.held.add(message(ROOT + "/set/level", "2", "held-level"));

        reconnectDeliveringWhatWasHeld();

        assertThat(submitted).hasExactlyElementsOfTypes(Command.Stop.class, Command.EmergencyStop.class,
                Command.TooMuch.class, Command.Pause.class);
        assertThat(answer("held-level").get("reason").asText()).isEqualTo("held-while-offline");
        assertThat(answer("held-stop").get("outcome").asText()).isEqualTo("accepted");
    }

    @Test
    void aHeldStopWhoseExpiryPassedIsExpiredAndAFreshStartMustBeFresh() throws Exception {
        connectAndSubscribe();
        inbound.lost();
        broker.held.add(message(ROOT + "/set/action", "stop", "expiring-stop").withExpiry(5, nanos.get()));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        wall.advance(Duration.ofSeconds(6));

        reconnectDeliveringWhatWasHeld();
        deliverLive(message(ROOT + "/set", start("stale-start", wall.instant().minusSeconds(10))));
        deliverLive(message(ROOT + "/set", "{\"action\":\"start\",\"transaction\":\"undated-start\"}"));

        assertThat(answer("expiring-stop").get("reason").asText()).isEqualTo("expired");
        assertThat(answer("stale-start").get("reason").asText()).isEqualTo("stale");
        assertThat(answer("undated-start").get("reason").asText()).isEqualTo("missing-issued-at");
        assertThat(submitted).isEmpty();
    }

    /** A broker without subscription identifiers stamps nothing: then the SUBACK tells held from live. */
    @Test
    void withoutSubscriptionIdentifiersWhatCameBeforeTheSubscriptionsWereConfirmedIsHeld() throws Exception {
        BrokerSide plain = new BrokerSide();
        connect(plain);
        plain.confirmSubscriptions();
        runBridgeThread();
        inbound.lost();
        connect(plain);
        inbound.arrived(message(ROOT + "/set", start("before-suback", wall.instant())).build());
        plain.confirmSubscriptions();
        runBridgeThread();
        inbound.arrived(message(ROOT + "/set", start("after-suback", wall.instant())).build());
        runBridgeThread();

        assertThat(answer("before-suback").get("reason").asText()).isEqualTo("held-while-offline");
        assertThat(answer("after-suback").get("outcome").asText()).isEqualTo("accepted");
    }

    @Test
    void theDecisionIsTheMessagesOwnWhateverItsPlace() {
        ConnectionEpoch second = ConnectionEpoch.NEVER_CONNECTED.next().confirmed().lost().next();
        Incoming underFirst = message(ROOT + "/set", "{}").stamped(1).build();
        Incoming underSecond = message(ROOT + "/set", "{}").stamped(2).build();
        assertThat(second.heldByBroker(underFirst)).isTrue();
        assertThat(second.heldByBroker(underSecond)).as("live even before the SUBACK is seen").isFalse();
        assertThat(second.confirmed().heldByBroker(underFirst)).as("after the SUBACK too").isTrue();
        assertThat(ConnectionEpoch.NEVER_CONNECTED.next().heldByBroker(message(ROOT + "/set", "{}").build()))
                .as("unstamped and before this connection's SUBACK").isTrue();
    }

    /** As the connection does: a new number when the connect is attempted, the subscriptions once connected. */
    private void connect(BrokerSide side) {
        inbound.connecting();
        inbound.connected(side);
    }

    private void connectAndSubscribe() {
        connect(broker);
        broker.confirmSubscriptions();
        runBridgeThread();
        assertThat(inbound.epoch()).isEqualTo(new ConnectionEpoch(1, true));
    }

    /** As Mosquitto does: the CONNACK, what it held for the session (stamped as taken in), then the SUBACK. */
    private void reconnectDeliveringWhatWasHeld() {
        connect(broker);
        for (MessageBuilder held : broker.held) {
            inbound.arrived(held.stamped(1).build());
            runBridgeThread();
        }
        broker.held.clear();
        broker.confirmSubscriptions();
        runBridgeThread();
    }

    private void deliverLive(MessageBuilder message) {
        inbound.arrived(message.stamped(inbound.epoch().number()).build());
        runBridgeThread();
    }

    private void runBridgeThread() {
        for (Runnable task = bridgeThread.poll(); task != null; task = bridgeThread.poll()) {
            task.run();
        }
    }

    /** The answer on {@code response} that echoes {@code transaction}; every answer read is taken off the queue. */
    private JsonNode answer(String transaction) throws Exception {
        for (OutboundQueue.Outgoing out = outbound.waiting().poll(); out != null; out = outbound.waiting().poll()) {
            if (out.topic().equals(ROOT + "/response")) {
                answers.add(JSON.readTree(out.payload()));
            }
        }
        return answers.stream().filter(answer -> answer.path("transaction").asText().equals(transaction))
                .findFirst().orElseThrow(() -> new AssertionError("no answer to " + transaction + " in " + answers));
    }

    private final List<JsonNode> answers = new ArrayList<>();

    private static String start(String transaction, Instant issuedAt) {
        return "{\"action\":\"start\",\"transaction\":\"" + transaction + "\",\"issued_at\":\"" + issuedAt + "\"}";
    }

    private MessageBuilder message(String topic, String payload) {
        return new MessageBuilder(topic, payload, Map.of(), Optional.empty(), nanos.get(), List.of());
    }

    private MessageBuilder message(String topic, String payload, String transaction) {
        return new MessageBuilder(topic, payload, Map.of("transaction", transaction), Optional.empty(), nanos.get(),
                List.of());
    }

    private record MessageBuilder(String topic, String payload, Map<String, String> user, Optional<Long> expiry,
                                  long arrival, List<Integer> ids) {
        MessageBuilder stamped(int subscriptionId) {
            return new MessageBuilder(topic, payload, user, expiry, arrival, List.of(subscriptionId));
        }

        MessageBuilder withExpiry(long seconds, long arrivalNanos) {
            return new MessageBuilder(topic, payload, user, Optional.of(seconds), arrivalNanos, ids);
        }

        Incoming build() {
            return new Incoming(topic, payload.getBytes(StandardCharsets.UTF_8), false, expiry, arrival,
                    Optional.empty(), Optional.empty(), user, ids);
        }
    }

    /** The broker's side of the connection, as far as the way in sees it: SUBACKs on demand, its held queue. */
    private static final class BrokerSide extends StubPahoClient {
        private final List<Runnable> pendingSubacks = new ArrayList<>();
        final List<MessageBuilder> held = new ArrayList<>();

        void confirmSubscriptions() {
            pendingSubacks.forEach(Runnable::run);
            pendingSubacks.clear();
        }

        @Override
        public void subscribe(List<Subscription> subscriptions, int subscriptionId, Runnable onSuccess,
                              Consumer<Throwable> onFailure) {
            pendingSubacks.add(onSuccess);
        }

        @Override
        public void publish(String topic, byte[] payload, boolean retain, Optional<byte[]> correlationData,
                            boolean urgent, Runnable delivered, Consumer<Throwable> onFailure) {
            throw new AssertionError("the way in never publishes");
        }
    }

    /** A wall clock the test moves. */
    private static final class VirtualClock extends Clock {
        private Instant now;

        VirtualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
