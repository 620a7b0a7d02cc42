package org.massaged.controller.hardware.gpio;

import java.util.Optional;

/**
 * The one place where contact bounce is filtered: a new state is accepted once the raw input has stayed in it
 * for the debounce time; every raw change restarts the wait. Pure: time is passed in (monotonic nanos).
 * Thread-safe, since edges arrive on Pi4J's threads and the housekeeping pass polls from its own.
 */
public final class Debouncer {

    private final long debounceNanos;
    private boolean accepted;
    private boolean raw;
    private long rawSinceNanos;

    /** Starts settled in {@code initial}: what the input read when the device was opened. */
    public Debouncer(long debounceNanos, boolean initial, long nowNanos) {
        if (debounceNanos < 0) {
            throw new IllegalArgumentException("debounce must not be negative: " + debounceNanos);
        }
        this.debounceNanos = debounceNanos;
        this.accepted = initial;
        this.raw = initial;
        this.rawSinceNanos = nowNanos;
    }

    /** A raw sample or edge. A sample equal to the current raw state does not restart the wait. */
    public synchronized void raw(boolean pressed, long nowNanos) {
        if (pressed != raw) {
            raw = pressed;
            rawSinceNanos = nowNanos;
        }
    }

    /**
     * Accepts {@code pressed} at once, without waiting: for the emergency stop, whose opening must act on the
     * first edge. Its way back (closing) still has to settle.
     */
    public synchronized void acceptAtOnce(boolean pressed, long nowNanos) {
        if (pressed != raw) {
            raw = pressed;
            rawSinceNanos = nowNanos;
        }
        accepted = pressed;
    }

    /** The accepted state changes here, and only here: returns the new state when it just changed. */
    public synchronized Optional<Boolean> settle(long nowNanos) {
        if (raw != accepted && nowNanos - rawSinceNanos >= debounceNanos) {
            accepted = raw;
            return Optional.of(accepted);
        }
        return Optional.empty();
    }

    public synchronized boolean accepted() {
        return accepted;
    }

    public synchronized boolean raw() {
        return raw;
    }
}
