package org.massaged.controller.mqtt;

import org.massaged.controller.safety.Cause;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounds that keep a flood from growing the daemon: answer budgets, the outbound and arrival queues, the probe. */
class FloodLimitsTest {

    @Test
    void answersAreBudgetedPerDestinationAndInTotalAndWhatIsHeldBackIsCounted() {
        Throttle throttle = new Throttle();
        int answered = 0;
        for (int i = 0; i < 50; i++) {
            answered += throttle.allow(Throttle.Budget.COMMAND_ANSWER, "massaged/chair1/response", "invalid-json") ? 1 : 0;
        }
        assertThat(answered).as("per destination").isEqualTo(20);
        for (int client = 0; client < 10; client++) {
            for (int i = 0; i < 20; i++) {
                answered += throttle.allow(Throttle.Budget.COMMAND_ANSWER, "massaged/chair1/response/c" + client, "ok")
                        ? 1 : 0;
            }
        }
        assertThat(answered).as("in total").isEqualTo(100);
        assertThat(throttle.allow(Throttle.Budget.STOP_ANSWER, "massaged/chair1/response", "ok"))
                .as("stops have their own budget").isTrue();
        assertThat(throttle.allow(Throttle.Budget.OTHER_ANSWER, "massaged/chair1/response", "invalid-json"))
                .as("garbage has its own budget").isTrue();

        Throttle.Summary summary = throttle.endWindow();
        assertThat(summary.of(Throttle.Counted.ANSWER)).isEqualTo(50 + 200 - 100);
        assertThat(summary.reasons()).containsEntry("invalid-json", 30L).containsEntry("ok", 120L);
        assertThat(throttle.allow(Throttle.Budget.COMMAND_ANSWER, "massaged/chair1/response", "ok"))
                .as("a new window starts afresh").isTrue();
        assertThat(throttle.endWindow().isEmpty()).isTrue();
    }

    @Test
    void manyDestinationsShareOneBudgetBeyondTheTrackedOnes() {
        Throttle throttle = new Throttle();
        for (int i = 0; i < Throttle.TRACKED_DESTINATIONS; i++) {
            throttle.allow(Throttle.Budget.STOP_ANSWER, "d" + i, "ok");
        }
        int extra = 0;
        for (int i = 0; i < 200; i++) {
            extra += throttle.allow(Throttle.Budget.STOP_ANSWER, "new" + i, "ok") ? 1 : 0;
        }
        assertThat(extra).isEqualTo(Throttle.Budget.STOP_ANSWER.perDestination);
    }

    @Test
    void theAnswerToAStopGoesOutFirstAndIsDroppedLast() {
        OutboundQueue queue = new OutboundQueue(3);
        queue.add(queue.message("a", new byte[0], Optional.empty(), OutboundQueue.Priority.ORDINARY));
        queue.add(queue.message("b", new byte[0], Optional.empty(), OutboundQueue.Priority.ORDINARY));
        queue.add(queue.message("stop", new byte[0], Optional.empty(), OutboundQueue.Priority.ESSENTIAL));
        queue.add(queue.message("c", new byte[0], Optional.empty(), OutboundQueue.Priority.ORDINARY));
        queue.add(queue.message("event", new byte[0], Optional.empty(), OutboundQueue.Priority.ESSENTIAL));
        queue.add(queue.message("event2", new byte[0], Optional.empty(), OutboundQueue.Priority.ESSENTIAL));
        queue.add(queue.message("d", new byte[0], Optional.empty(), OutboundQueue.Priority.ORDINARY));

        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.takeDropped()).containsExactly(4, 0);
        assertThat(List.of(queue.poll().topic(), queue.poll().topic(), queue.poll().topic()))
                .containsExactly("stop", "event", "event2");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void theArrivalQueueIsBoundedByCountAndByBytesAndAStopWaitsForRoom() throws Exception {
        ArrivalQueue<String> queue = new ArrivalQueue<>(3, 100);
        assertThat(queue.offer("a", 60)).isTrue();
        assertThat(queue.offer("b", 60)).as("over the bytes").isFalse();
        assertThat(queue.offer("b", 10)).isTrue();
        assertThat(queue.offer("c", 10)).isTrue();
        assertThat(queue.offer("d", 1)).as("over the count").isFalse();

        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            try {
                queue.put("stop", 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(queue.poll()).isEqualTo("a");
        stop.get(5, TimeUnit.SECONDS);
        assertThat(List.of(queue.poll(), queue.poll(), queue.poll())).containsExactly("b", "c", "stop");
        assertThat(queue.offer("huge", 1_000)).as("one message always fits an empty queue").isTrue();
    }

    @Test
    void theChannelIsLostWhenNoProbeCameBackForTheTimeout() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        boolean[] connected = {true};
        ChannelProbe probe = new ChannelProbe(new Topics("massaged/chair1", "homeassistant", "chair1"),
                Duration.ofSeconds(30), now::get, () -> connected[0]);
        byte[] sent = probe.next();
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        probe.arrived(incoming(sent));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(probe.lostCause()).isEmpty();

        probe.arrived(incoming("forged 1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(probe.lostCause().map(Cause::text)).as("someone else's probe proves nothing")
                .hasValue("mqtt-lost: no probe came back through the broker for 31 s");
        connected[0] = false;
        assertThat(probe.lostCause().map(Cause::text)).hasValue("mqtt-lost: not connected to the broker for 31 s");
    }

    private static Incoming incoming(byte[] payload) {
        return new Incoming("massaged/chair1/probe", payload, false, Optional.empty(), 0, Optional.empty(),
                Optional.empty(), Map.of(), List.of());
    }
}
