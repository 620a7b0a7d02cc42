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
 * Issue 13 item 7, the way out under a flood: the broker's in-flight window stays full for seconds, and what the
 * daemon does meanwhile must neither multiply nor stand in front of the answer to a stop. Timers and the bridge's
 * thread are run by hand (virtual time).
 */
class OutboundTest {

    private final MqttSettings settings = MqttSettings.builder("chair1", List.of("tcp://nowhere:1883")).build();
    private final Topics topics = Topics.of(settings);
    private final HandRunBridge bridge = new HandRunBridge();
    private final Acknowledgements acknowledgements = new Acknowledgements();
    private final Outbound outbound = new Outbound(topics, bridge.io, bridge.thread::add, acknowledgements,
            () -> { });
    private final FullWindow client = new FullWindow();

    @AfterEach
    void stop() {
        bridge.close();
    }

    /**
     * Found under the 10 000 commands/s flood: each refused retained publish (the state, on every level change)
     * scheduled its own retry, and each retry that was refused again another: the bridge's thread spent the flood
     * retrying (the emergency stop reached the motor 4 to 10 s late). A topic is now due once, whatever its changes.
     */
    @Test
    void retainedTopicsRefusedByAFullWindowAreRetriedOncePerTopicWithTheirLatestValue() {
        outbound.connected(client);
        for (int change = 1; change <= 100; change++) {
            outbound.publishRetained(topics.state(), ("state " + change).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(client.refused).filteredOn(message -> message.startsWith(topics.state()))
                .as("each state change tried once").hasSize(100);
        assertThat(bridge.timers).as("one retry for all of them").hasSize(1);

        client.refused.clear();
        client.open = true;
        bridge.runTimers();
        assertThat(client.taken).as("the latest value of each topic due, once")
                .containsExactly(topics.availability() + "=online", topics.state() + "=state 100");
        assertThat(bridge.timers).isEmpty();
    }

    @Test
    void whileTheAnswerToAStopWaitsForTheWindowNoArrivingMessageIsAcknowledged() {
        outbound.connected(client);
        client.refused.clear();
        outbound.publish(topics.response(), bytes("ordinary"), Optional.empty(), OutboundQueue.Priority.ORDINARY);
        outbound.publish(topics.response(), bytes("stop answered"), Optional.empty(),
                OutboundQueue.Priority.ESSENTIAL);
        List<String> acknowledged = new ArrayList<>();
        acknowledgements.taken(() -> acknowledged.add("flood 1"));
        assertThat(acknowledged).as("the answer waits in the queue").isEmpty();

        client.open = true;
        bridge.runTimers();
        assertThat(client.taken).as("the answer first").startsWith(topics.response() + "=stop answered");
        acknowledgements.taken(() -> acknowledged.add("flood 2"));
        assertThat(acknowledged).as("the answer is with Paho, not yet with the broker").isEmpty();

        client.deliverUrgent();
        bridge.runThread();
        assertThat(acknowledged).as("through: what waited goes out, in order").containsExactly("flood 1", "flood 2");
        acknowledgements.taken(() -> acknowledged.add("flood 3"));
        assertThat(acknowledged).hasSize(3);
    }

    @Test
    void anUrgentMessageThatFailsWithTheConnectionKeepsTheAcknowledgementsWaitingUntilItIsThrough() {
        outbound.connected(client);
        client.open = true;
        outbound.publish(topics.event(), bytes("emergency_stop"), Optional.empty(), OutboundQueue.Priority.ESSENTIAL);
        List<String> acknowledged = new ArrayList<>();
        acknowledgements.taken(() -> acknowledged.add("held"));

        outbound.lost();
        client.failUrgent();
        bridge.runThread();
        assertThat(acknowledged).as("the event is back in the queue, still outstanding").isEmpty();

        FullWindow next = new FullWindow();
        next.open = true;
        outbound.connected(next);
        assertThat(next.taken).contains(topics.event() + "=emergency_stop");
        next.deliverUrgent();
        bridge.runThread();
        assertThat(acknowledged).containsExactly("held");
    }

    /** A client whose broker window is full until {@code open}; it remembers the callbacks of urgent messages. */
    private static final class FullWindow extends StubPahoClient {
        boolean open;
        final List<String> refused = new ArrayList<>();
        final List<String> taken = new ArrayList<>();
        final ArrayDeque<Runnable> urgentDelivered = new ArrayDeque<>();
        final ArrayDeque<Consumer<Throwable>> urgentFailed = new ArrayDeque<>();

        void deliverUrgent() {
            urgentDelivered.poll().run();
            urgentFailed.poll();
        }

        void failUrgent() {
            urgentDelivered.poll();
            urgentFailed.poll().accept(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST));
        }

        @Override
        public void publish(String topic, byte[] payload, boolean retain, Optional<byte[]> correlationData,
                            boolean urgent, Runnable delivered, Consumer<Throwable> onFailure) throws MqttException {
            String message = topic + "=" + new String(payload, StandardCharsets.UTF_8);
            if (!open) {
                refused.add(message);
                throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
            }
            taken.add(message);
            if (urgent) {
                urgentDelivered.add(delivered);
                urgentFailed.add(onFailure);
            }
        }
    }
}
