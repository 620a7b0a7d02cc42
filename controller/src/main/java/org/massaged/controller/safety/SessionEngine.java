package org.massaged.controller.safety;

import java.time.Instant;
import java.util.List;

/**
 * The pure session state machine: commands, readings and time in; setpoints, a snapshot and events out.
 * No I/O, no threads, no clock reads: {@code nowNanos} is the monotonic clock, {@code wallNow} the wall
 * clock (only for calendar questions such as "today"; never for durations).
 */
public final class SessionEngine {

    public SessionEngine(EngineConfig config, UsageHistory history, long nowNanos) {
        throw new UnsupportedOperationException("issue 4");
    }

    public CommandResult handle(Command command, long nowNanos, Instant wallNow) {
        throw new UnsupportedOperationException("issue 4");
    }

    public void observe(Readings readings, long nowNanos) {
        throw new UnsupportedOperationException("issue 4");
    }

    public void deviceFault(String code, String message, long nowNanos) {
        throw new UnsupportedOperationException("issue 4");
    }

    public void linkDown(String reason, long nowNanos) {
        throw new UnsupportedOperationException("issue 4");
    }

    public Setpoints tick(long nowNanos, Instant wallNow) {
        throw new UnsupportedOperationException("issue 4");
    }

    public SessionSnapshot snapshot() {
        throw new UnsupportedOperationException("issue 4");
    }

    public List<SessionEvent> drainEvents() {
        throw new UnsupportedOperationException("issue 4");
    }
}
