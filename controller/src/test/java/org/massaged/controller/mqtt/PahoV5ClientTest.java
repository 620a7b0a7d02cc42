package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.testing.Mosquitto;

/**
 * The MQTT 5 client against a real Mosquitto (default settings: it grants 10 topic aliases and a receive
 * maximum of 20). Paho 1.2.5 aliases outgoing topics by itself; these are the ways that can go wrong.
 */
class PahoV5ClientTest {

    @TempDir
    Path directory;

    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final Acknowledgements acknowledgements = new Acknowledgements();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /**
     * A publish refused because the broker's in-flight window is full must leave nothing behind. Paho assigns a
     * new topic its alias before it checks the window; when it then refuses the message, the alias is known to
     * the client only, and the next message on that topic goes out alias-only: the broker drops the connection
     * (reason 130, protocol error), and again on every reconnect that has more to send than the window holds.
     */
    @Test
    void aPublishRefusedForAFullWindowDoesNotBreakTheNextOneOnItsTopic() throws Exception {
        CuttableProxy proxy = proxyToMosquitto();
        PahoV5Client client = connected(proxy);
        TestClient dashboard = new TestClient(brokerUri, "dashboard");
        closeables.add(dashboard);
        dashboard.subscribe("test/#");

        proxy.freeze(); // no PUBACK comes back: the window fills
        AtomicInteger delivered = new AtomicInteger();
        int inFlight = 0;
        while (inFlight < 1000 && publish(client, "test/first", "message " + inFlight, delivered)) {
            inFlight++;
        }
        assertThat(inFlight).as("messages in flight before the window is full").isBetween(1, 999);
        assertThat(publish(client, "test/second", "refused", delivered)).as("refused while the window is full")
                .isFalse();
        proxy.thaw();
        int sent = inFlight;
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.get() == sent);

        assertThat(publish(client, "test/second", "after", delivered)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.get() == sent + 1 || !lost.isEmpty());
        assertThat(lost).as("the connection held").isEmpty();
        dashboard.await("test/second", m -> m.text().equals("after"));
        assertThat(mosquitto.log()).doesNotContain("protocol error");
    }

    /**
     * A message still waiting for its PUBACK when the link drops is the caller's to send again (its failure
     * callback says so), and only the caller's. Paho would also resend its own copy on the resumed session as
     * it last sent it: alias-only, with an alias of the old connection, which MQTT 5 (3.3.2.3.4) scopes to that
     * connection (a broker that keeps to it drops the connection, reason 130), and a duplicate besides.
     */
    @Test
    void aMessageInFlightWhenTheLinkDropsIsLeftToTheCallerToSendAgain() throws Exception {
        CuttableProxy proxy = proxyToMosquitto();
        PahoV5Client client = onAResumedSession(proxy);
        TestClient dashboard = new TestClient(brokerUri, "dashboard");
        closeables.add(dashboard);
        dashboard.subscribe("test/#");
        AtomicInteger delivered = new AtomicInteger();
        assertThat(publish(client, "test/topic", "aliased", delivered)).isTrue();
        dashboard.await("test/topic", m -> m.text().equals("aliased"));

        proxy.freeze();
        long written = proxy.bytesFromClients();
        AtomicInteger failed = new AtomicInteger();
        client.publish("test/topic", "in flight".getBytes(StandardCharsets.UTF_8), false, Optional.empty(), false,
                delivered::incrementAndGet, failure -> failed.incrementAndGet());
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.bytesFromClients() > written);
        proxy.cut();
        proxy.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
        assertThat(failed).as("the caller is told the message may not have arrived").hasValue(1);
        reconnect(client);

        assertThat(publish(client, "test/topic", "after", delivered)).as("taken after the reconnect; lost: %s", lost).isTrue();
        dashboard.await("test/topic", m -> m.text().equals("after"));
        assertThat(lost).as("the resumed connection held").isEmpty();
        assertThat(dashboard.on("test/topic")).extracting(TestClient.Received::text)
                .as("nothing sent twice").containsExactly("aliased", "after");
    }

    /**
     * Issue 13 item 7: the daemon acknowledges what arrives itself, so that no acknowledgement is written ahead of
     * an urgent answer. Each message is acknowledged exactly once, none while something urgent is outstanding, and
     * those that waited when the link dropped are acknowledged on the resumed session, once, as the broker
     * delivers them again (counted in the broker's own log of the PUBACKs it received from the daemon).
     */
    @Test
    void eachMessageIsAcknowledgedOnceAndNoneWhileSomethingUrgentIsOutstanding() throws Exception {
        CuttableProxy proxy = proxyToMosquitto();
        PahoV5Client client = onAResumedSession(proxy);
        subscribe(client, "test/in/#");
        TestClient sender = new TestClient(brokerUri, "sender");
        closeables.add(sender);

        sendAndAwait(sender, "before", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> pubacksFromDaemon() == 3);

        acknowledgements.urgentOutstanding(true);
        sendAndAwait(sender, "held", 4);
        assertThat(acknowledgements.waiting()).isEqualTo(4);
        sendAndAwait(sender, "probe", 1); // one more round trip through the broker: nothing was acknowledged
        assertThat(pubacksFromDaemon()).as("none while something urgent is outstanding").isEqualTo(3);
        acknowledgements.urgentOutstanding(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> pubacksFromDaemon() == 8);

        acknowledgements.urgentOutstanding(true);
        sendAndAwait(sender, "redelivered", 2);
        proxy.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
        acknowledgements.urgentOutstanding(false); // nothing goes out on the lost connection
        arrived.clear();
        reconnect(client);
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived.size() == 2);
        assertThat(arrived).as("delivered again on the resumed session").containsExactly("redelivered 0",
                "redelivered 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> pubacksFromDaemon() == 10);
        sendAndAwait(sender, "after", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> pubacksFromDaemon() == 11);
        assertThat(acknowledgements.waiting()).isZero();
    }

    /** The first connection starts clean; from the first reconnect on, the session is resumed. */
    private PahoV5Client onAResumedSession(CuttableProxy proxy) throws Exception {
        PahoV5Client client = connected(proxy);
        proxy.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
        reconnect(client);
        return client;
    }

    private void subscribe(PahoV5Client client, String filter) throws Exception {
        AtomicBoolean subscribed = new AtomicBoolean();
        client.subscribe(List.of(new PahoClient.Subscription(filter, false)), 1, () -> subscribed.set(true),
                failure -> { });
        await().atMost(Duration.ofSeconds(10)).untilTrue(subscribed);
    }

    /** Sends {@code count} QoS 1 messages and waits until the client has taken them all in. */
    private void sendAndAwait(TestClient sender, String text, int count) throws Exception {
        arrived.clear();
        for (int i = 0; i < count; i++) {
            sender.publish("test/in/x", text + " " + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> arrived.size() == count);
    }

    private long pubacksFromDaemon() throws Exception {
        return mosquitto.log().lines().filter(line -> line.contains("Received PUBACK from " + clientId + " ")).count();
    }

    private void reconnect(PahoV5Client client) throws Exception {
        lost.clear();
        AtomicBoolean reconnected = new AtomicBoolean();
        client.connect(false, () -> reconnected.set(true), failure -> { });
        await().atMost(Duration.ofSeconds(10)).untilTrue(reconnected);
    }

    private Mosquitto mosquitto;
    private String clientId;
    private String brokerUri;

    private CuttableProxy proxyToMosquitto() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto)");
        mosquitto = new Mosquitto(directory, "tcp", List.of("log_type all"));
        mosquitto.start();
        closeables.add(mosquitto::stop);
        brokerUri = mosquitto.uri();
        CuttableProxy proxy = new CuttableProxy(mosquitto.port());
        closeables.add(proxy);
        return proxy;
    }

    private PahoV5Client connected(CuttableProxy proxy) throws Exception {
        MqttSettings settings = MqttSettings.builder("chair1", List.of(proxy.uri())).build();
        clientId = settings.clientId();
        PahoV5Client client = new PahoV5Client(settings, Topics.of(settings), System::nanoTime,
                new PahoClient.Events() {
                    @Override
                    public void lost(String why, boolean takenOver) {
                        lost.add(why);
                    }

                    @Override
                    public void message(Incoming message) {
                        arrived.add(new String(message.payload(), StandardCharsets.UTF_8));
                    }
                }, acknowledgements, PahoClient.Role.COMMANDS);
        closeables.add(() -> client.close(Outbound.offline()));
        AtomicBoolean connected = new AtomicBoolean();
        client.connect(true, () -> connected.set(true), failure -> { });
        await().atMost(Duration.ofSeconds(10)).untilTrue(connected);
        return client;
    }

    /** @return whether the client took the message (false: it refused it, as when its window is full) */
    private static boolean publish(PahoV5Client client, String topic, String text, AtomicInteger delivered) {
        try {
            client.publish(topic, text.getBytes(StandardCharsets.UTF_8), false, Optional.empty(), false,
                    delivered::incrementAndGet, failure -> { });
            return true;
        } catch (Exception refused) {
            return false;
        }
    }
}
