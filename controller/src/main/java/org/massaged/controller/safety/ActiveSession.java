package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;

/** The state of the one session in progress; owned by the engine, mutated only by it. */
final class ActiveSession {

    final String programId;
    final ProgramRunner runner;
    final long durationNanos;
    final long startedNanos;
    final Instant startedWall;
    final Origin origin;

    int targetLevel;
    /** The level the session drives at now: starts at the low-pressure level and rises to the target. */
    double effectiveLevel;
    int ceiling;
    boolean heat;

    long pausedNanos;
    long pauseStartedNanos = -1;
    Cause pauseCause = Cause.Event.PAUSE_TIMEOUT;
    int lastStep = -1;
    double maxLevelReached;
    /** Whether a tick has computed outputs for it: until then, nothing has been driven. */
    boolean driven;
    long lastMarkNanos;

    long softStartNanos;
    double[] stopFrom;
    long stopNanos;
    Cause stopCause = Cause.Event.DURATION_ELAPSED;

    ActiveSession(String programId, ProgramRunner runner, Duration duration, long startedNanos, Instant startedWall,
                  Origin origin) {
        this.programId = programId;
        this.runner = runner;
        this.durationNanos = duration.toNanos();
        this.startedNanos = startedNanos;
        this.lastMarkNanos = startedNanos;
        this.startedWall = startedWall;
        this.origin = origin;
    }

    boolean paused() {
        return pauseStartedNanos >= 0;
    }

    long pausedTotal(long nowNanos) {
        return pausedNanos + (paused() ? Math.max(0, nowNanos - pauseStartedNanos) : 0);
    }

    /** Session time: since the start, not counting pauses (the countdown stands still while paused). */
    long elapsed(long nowNanos) {
        return Math.max(0, nowNanos - startedNanos - pausedTotal(nowNanos));
    }

    long remaining(long nowNanos) {
        return Math.max(0, durationNanos - elapsed(nowNanos));
    }

    /** Program time is session time: a warm-up plays over the (warm) first steps with the motors still. */
    long programNanos(long nowNanos) {
        return elapsed(nowNanos);
    }

    void pause(long nowNanos, Cause cause) {
        if (!paused()) {
            pauseStartedNanos = nowNanos;
            pauseCause = cause;
        }
    }

    void resume(long nowNanos) {
        if (paused()) {
            pausedNanos += Math.max(0, nowNanos - pauseStartedNanos);
            pauseStartedNanos = -1;
        }
    }
}
