package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.massaged.controller.mqtt.HandRunBridge.bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 7: which of the daemon's two connections carries what. The publisher carries everything but
 * availability while it is up; it takes over only once nothing older can overtake it; what it loses goes out
 * through the command connection; and with it up, arriving messages are acknowledged at once. The bridge's thread
 * and the broker's acknowledgements are run by hand.
 */
class PublisherRoutingTest {

    private final MqttSettings settings = MqttSettings.builder("chair1", List.of("tcp://nowhere:1883")).build();
    private final Topics topics = Topics.of(settings);
    private final HandRunBridge bridge = new HandRunBridge();
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private final List<String> givenUp = new ArrayList<>();
    private final Outbound outbound = new Outbound(topics, bridge.io, bridge.thread::add, acknowledgements,
            () -> givenUp.add("publisher"));
    private final Broker commands = new Broker();
    private final Broker publisher = new Broker();

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aConnectedPublisherTakesOverOnlyOnceTheCommandConnectionsPublishesAreAcknowledged() {
        outbound.publishRetained(topics.state(), bytes("idle"));
        outbound.connected(commands);
        outbound.publisherConnected(publisher);
        assertThat(outbound.publisherActive()).as("availability and state still in flight on the command connection")
                .isFalse();
        outbound.publishRetained(topics.state(), bytes("running"));
        outbound.publish(topics.response(), bytes("accepted"), Optional.empty(), OutboundQueue.Priority.ORDINARY);
        assertThat(commands.sent).as("what comes meanwhile waits for the publisher")
                .containsExactly(topics.availability() + "=online", topics.state() + "=idle");

        commands.acknowledgeAll();
        bridge.runThread();

        assertThat(outbound.publisherActive()).isTrue();
        assertThat(publisher.sent).as("the newest value of each retained topic, then what waited")
                .containsExactly(topics.state() + "=running", topics.response() + "=accepted");
    }

    @Test
    void commandConnectionPublishesThatFailWhileThePublisherWaitsStillLetItTakeOver() {
        outbound.publishRetained(topics.state(), bytes("idle"));
        outbound.connected(commands);
        outbound.publisherConnected(publisher);

        commands.failAll();
        bridge.runThread();
        bridge.runTimers();

        assertThat(outbound.publisherActive()).isTrue();
        assertThat(publisher.sent).containsExactly(topics.state() + "=idle");
        assertThat(commands.sent).as("availability stays with the command connection, sent again")
                .containsExactly(topics.availability() + "=online", topics.state() + "=idle",
                        topics.availability() + "=online");
    }

    @Test
    void whileThePublisherIsUpOnlyAvailabilityGoesThroughTheCommandConnection() {
        connectBoth();
        outbound.publish(topics.response(), bytes("accepted"), Optional.empty(), OutboundQueue.Priority.ORDINARY);
        outbound.publish(topics.event(), bytes("emergency_stop"), Optional.empty(), OutboundQueue.Priority.ESSENTIAL);
        outbound.publishRetained(topics.state(), bytes("emergency_stop"));
        outbound.republishRetained();

        assertThat(commands.sent).containsExactly(topics.availability() + "=online");
        assertThat(publisher.sent).containsExactly(topics.response() + "=accepted",
                topics.event() + "=emergency_stop", topics.state() + "=emergency_stop",
                topics.state() + "=emergency_stop");
    }

    @Test
    void whatThePublisherHadInFlightWhenItWasLostGoesOutThroughTheCommandConnection() {
        connectBoth();
        outbound.publish(topics.response(), bytes("stop answered"), Optional.empty(), OutboundQueue.Priority.ESSENTIAL);
        outbound.publishRetained(topics.state(), bytes("stopping"));

        outbound.publisherLost();
        publisher.failAll();
        bridge.runThread();
        bridge.runTimers();

        assertThat(commands.sent).containsExactly(topics.response() + "=stop answered",
                topics.state() + "=stopping");
        assertThat(outbound.publisherActive()).isFalse();
    }

    /**
     * An ACL without the publisher's lines: Mosquitto acknowledges each of its publishes with reason 0x87 and drops
     * it, and Paho calls that delivered. Nothing may be lost that way, and the publisher must not be tried again.
     */
    @Test
    void whatTheBrokerRefusesThePublisherGoesThroughTheCommandConnectionAndThePublisherIsGivenUp() {
        connectBoth();
        outbound.publish(topics.response(), bytes("stop answered"), Optional.empty(), OutboundQueue.Priority.ESSENTIAL);
        outbound.publishRetained(topics.state(), bytes("stopping"));

        publisher.refuseAll();
        bridge.runThread();
        bridge.runTimers();

        assertThat(givenUp).containsExactly("publisher");
        assertThat(outbound.publisherActive()).isFalse();
        assertThat(commands.sent).containsExactly(topics.response() + "=stop answered", topics.state() + "=stopping");
        outbound.publisherConnected(publisher);
        bridge.runThread();
        assertThat(outbound.publisherActive()).as("given up for the life of the process").isFalse();
    }

    @Test
    void whatTheBrokerRefusesTheCommandConnectionIsNotSentAgain() {
        outbound.connected(commands);
        commands.acknowledgeAll();
        commands.sent.clear();
        outbound.publishRetained(topics.state(), bytes("idle"));

        commands.refuseAll();
        bridge.runThread();
        bridge.runTimers();

        assertThat(commands.sent).as("a refused topic would be refused again").containsExactly(topics.state() + "=idle");
        assertThat(bridge.timers).isEmpty();
    }

    @Test
    void withThePublisherUpArrivingMessagesAreAcknowledgedAtOnceEvenWhileAnAnswerToAStopIsInFlight() {
        connectBoth();
        outbound.publish(topics.response(), bytes("stop answered"), Optional.empty(), OutboundQueue.Priority.ESSENTIAL);
        List<String> acknowledged = new ArrayList<>();
        acknowledgements.taken(() -> acknowledged.add("flood 1"));
        assertThat(acknowledged).as("nothing of the publisher's waits behind them").containsExactly("flood 1");

        outbound.publisherLost();
        publisher.failAll();
        bridge.runThread();
        acknowledgements.taken(() -> acknowledged.add("flood 2"));
        assertThat(acknowledged).as("back on one connection: held while the answer is in flight there")
                .containsExactly("flood 1");
    }

    private void connectBoth() {
        outbound.connected(commands);
        commands.acknowledgeAll();
        outbound.publisherConnected(publisher);
        bridge.runThread();
        assertThat(outbound.publisherActive()).isTrue();
        commands.sent.clear();
        publisher.sent.clear();
    }

    /** Takes every publish and keeps its callbacks until the test acknowledges or fails it. */
    private static final class Broker extends StubPahoClient {
        final List<String> sent = new ArrayList<>();
        private final ArrayDeque<Runnable> acknowledge = new ArrayDeque<>();
        private final ArrayDeque<Consumer<Throwable>> fail = new ArrayDeque<>();

        void acknowledgeAll() {
            fail.clear();
            while (!acknowledge.isEmpty()) {
                acknowledge.poll().run();
            }
        }

        void refuseAll() {
            acknowledge.clear();
            while (!fail.isEmpty()) {
                fail.poll().accept(new PahoClient.PublishRefused(0x87));
            }
        }

        void failAll() {
            acknowledge.clear();
            while (!fail.isEmpty()) {
                fail.poll().accept(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST));
            }
        }

        @Override
        public void publish(String topic, byte[] payload, boolean retain, Optional<byte[]> correlationData,
                            boolean urgent, Runnable delivered, Consumer<Throwable> onFailure) {
            sent.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
            acknowledge.add(delivered);
            fail.add(onFailure);
        }
    }
}
