package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.massaged.controller.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where answers and events leave the bridge: through the {@link Throttle}'s budgets, numbered ({@code seq} on
 * events), essential ones (the answer to a stop, safety events, the summary) ahead of ordinary ones when the
 * outbound queue must drop something, and once a second the summary of what was held back. Confined to the
 * bridge's thread.
 */
final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** Events that report a safety fact: never dropped to make room for ordinary messages. */
    private static final Set<String> SAFETY_EVENTS = Set.of("started", "stopped", "completed", "fault",
            "emergency_stop", "reset");

    private final Outbound outbound;
    private final LongSupplier takeUnread;
    private final Topics topics;
    private final Payloads payloads;
    private final Clock wallClock;
    private final Throttle throttle = new Throttle();
    private long eventSequence;

    /** @param takeUnread the commands of a flood dropped unread since it was last called ({@link Inbound}) */
    Outbox(Outbound outbound, LongSupplier takeUnread, Topics topics, Payloads payloads, Clock wallClock) {
        this.outbound = outbound;
        this.takeUnread = takeUnread;
        this.topics = topics;
        this.payloads = payloads;
        this.wallClock = wallClock;
    }

    /**
     * Answers on {@code <root>/response} and, when the requester named an allowed response topic, there too,
     * with the request's correlation data, within the answer's budget ({@link Throttle.Budget#STOP_ANSWER},
     * {@link Throttle.Budget#COMMAND_ANSWER} or {@link Throttle.Budget#OTHER_ANSWER}).
     */
    void answer(Incoming request, Optional<String> responseTopic, Throttle.Budget budget, String reason,
                Supplier<ObjectNode> response) {
        String destination = responseTopic.orElse(topics.response());
        if (!throttle.allow(budget, destination, reason)) {
            return;
        }
        OutboundQueue.Priority priority = budget == Throttle.Budget.STOP_ANSWER
                ? OutboundQueue.Priority.ESSENTIAL : OutboundQueue.Priority.ORDINARY;
        byte[] bytes = payloads.bytes(response.get());
        outbound.publish(topics.response(), bytes, request.correlationData(), priority);
        responseTopic.ifPresent(topic -> outbound.publish(topic, bytes, request.correlationData(), priority));
    }

    /** Publishes an event (not retained), numbered; {@code seq} grows by one per event sent. */
    void event(ObjectNode event) {
        event(event.path("event").asText(), () -> event);
    }

    /** The same, building the event only when it is within its budget. */
    void event(String kind, Supplier<ObjectNode> event) {
        Throttle.Budget budget = switch (kind) {
            case "command_rejected" -> Throttle.Budget.REJECTED_EVENT;
            case "emergency_stop" -> Throttle.Budget.EMERGENCY_STOP_EVENT;
            default -> Throttle.Budget.SESSION_EVENT;
        };
        if (throttle.allow(budget, "", "")) {
            send(event.get(), SAFETY_EVENTS.contains(kind)
                    ? OutboundQueue.Priority.ESSENTIAL : OutboundQueue.Priority.ORDINARY);
        }
    }

    /** Whether one more log line about a rejected command fits in this second's budget. */
    boolean mayLogRejection() {
        return throttle.allow(Throttle.Budget.REJECTION_LOG, "", "");
    }

    /** Called once a second: publishes what the last second held back or dropped, as one event and one log line. */
    void endSecond() {
        long unread = takeUnread.getAsLong();
        if (unread > 0) {
            throttle.heldBack(Throttle.Counted.ANSWER, "overload", unread);
        }
        Throttle.Summary summary = throttle.endWindow();
        long[] dropped = outbound.takeDropped();
        if (summary.isEmpty() && dropped[0] == 0 && dropped[1] == 0) {
            return;
        }
        ObjectNode event = JsonCodec.object();
        event.put("event", "throttled");
        event.put("window_s", 1);
        event.put("answers", summary.of(Throttle.Counted.ANSWER));
        event.put("events", summary.of(Throttle.Counted.EVENT));
        event.put("log_lines", summary.of(Throttle.Counted.LOG_LINE));
        event.put("unread", unread);
        ObjectNode reasons = event.putObject("reasons");
        summary.reasons().forEach(reasons::put);
        event.put("dropped", dropped[0] + dropped[1]);
        event.put("dropped_essential", dropped[1]);
        event.put("at", wallClock.instant().toString());
        log.warn("mqtt: in the last second {} answers, {} events and {} log lines were over their budgets and not "
                + "sent (reasons {}; {} commands of a flood dropped unread); {} outgoing messages were dropped ({} "
                + "essential)", summary.of(Throttle.Counted.ANSWER), summary.of(Throttle.Counted.EVENT),
                summary.of(Throttle.Counted.LOG_LINE), summary.reasons(), unread, dropped[0] + dropped[1], dropped[1]);
        send(event, OutboundQueue.Priority.ESSENTIAL);
    }

    private void send(ObjectNode event, OutboundQueue.Priority priority) {
        event.put("seq", ++eventSequence);
        outbound.publish(topics.event(), payloads.bytes(event), Optional.empty(), priority);
    }
}
