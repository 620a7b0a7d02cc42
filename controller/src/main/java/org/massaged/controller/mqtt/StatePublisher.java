package org.massaged.controller.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.massaged.controller.state.StateDocument;
import org.massaged.controller.state.StateJson;

/**
 * The retained {@code state}: published on a significant change at once, other changes at most once per
 * {@code stateMinInterval}, at the heartbeat, and on request ({@code get}, at most once a second). Runs on the bridge's thread, where each document takes its turn
 * after the answers and events handed over before it.
 */
final class StatePublisher {

    private static final Duration REQUESTED_MIN_INTERVAL = Duration.ofSeconds(1);

    private final MqttSettings settings;
    private final Topics topics;
    private final Outbound outbound;
    private final ScheduledExecutorService io;
    private final Clock wallClock;
    private final LongSupplier nanos;
    private final StateJson stateJson = new StateJson();
    private final AtomicReference<StateDocument> latest = new AtomicReference<>();

    // Owned by the io thread.
    private StateDocument lastState;
    private long lastStateNanos;
    private boolean stateTimerSet;

    StatePublisher(MqttSettings settings, Topics topics,
                   Outbound outbound, ScheduledExecutorService io, Clock wallClock, LongSupplier nanos) {
        this.settings = settings;
        this.topics = topics;
        this.outbound = outbound;
        this.io = io;
        this.wallClock = wallClock;
        this.nanos = nanos;
    }

    /** The newest document, from any thread; published by the next {@link #flush}. */
    void offer(StateDocument document) {
        latest.set(document);
    }

    /** The last published state with a fresh time stamp, for an answer to {@code get}; empty before the first. */
    Optional<ObjectNode> forAnswer() {
        return Optional.ofNullable(lastState).map(state -> stateJson.tree(state.at(wallClock.instant())));
    }

    /** {@code get} re-publishes the state, but a flood of them at most once a second. */
    void requested() {
        if (lastState == null || nanos.getAsLong() - lastStateNanos >= REQUESTED_MIN_INTERVAL.toNanos()) {
            flush(true);
        }
    }

    void flush(boolean force) {
        StateDocument document = latest.get();
        if (document == null) {
            return;
        }
        long now = nanos.getAsLong();
        if (!force) {
            if (document.equals(lastState)) {
                return;
            }
            long minInterval = settings.stateMinInterval().toNanos();
            if (!document.significantlyDiffers(lastState) && now - lastStateNanos < minInterval) {
                if (!stateTimerSet) {
                    stateTimerSet = true;
                    io.schedule(() -> {
                        stateTimerSet = false;
                        flush(false);
                    }, minInterval - (now - lastStateNanos), TimeUnit.NANOSECONDS);
                }
                return;
            }
        }
        lastState = document;
        lastStateNanos = now;
        outbound.publishRetained(topics.state(), stateJson.bytes(document.at(wallClock.instant())));
    }
}
