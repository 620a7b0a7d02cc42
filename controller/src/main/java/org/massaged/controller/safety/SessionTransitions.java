package org.massaged.controller.safety;

import java.time.Duration;
import java.util.Optional;
import java.time.Instant;
import java.util.Set;

/**
 * The session's transitions: how the {@link SessionEngine}'s phase moves (time passing, a start, a pause, a stop,
 * the end of a session, a fault or an emergency stop latched, a latch cleared) and what each move records, and
 * what a tick of the session records and outputs (progress marks, step changes, the setpoints). It
 * changes the engine's state, on the engine's thread, for the engine and its {@link SessionCommands}.
 */
final class SessionTransitions {

    /** Faults that say a motor turns while commanded off: the device's own standstill can disprove them. */
    private static final Set<String> TURNS_WHILE_OFF = Set.of(OutputVerifier.RUNS_WHILE_OFF, "STUCK_RELAY");

    private final SessionEngine engine;

    SessionTransitions(SessionEngine engine) {
        this.engine = engine;
    }

    /** Leaves the latched phase for idle (or cooldown while resting); never starts anything (S4, S5). */
    Phase clearLatch(Origin origin, Cause why, long now, Instant wallNow) {
        Phase cleared = engine.phase;
        engine.fault = null;
        engine.latchOrigin = null;
        engine.latchedByJournalAlone = false;
        engine.repeats.cleared(engine.events);
        engine.events.add(new SessionEvent.LatchReset(origin, cleared));
        boolean resting = !engine.usage.restRemaining(now, wallNow).isZero();
        setPhase(resting ? Phase.COOLDOWN : Phase.IDLE, why, now);
        return cleared;
    }

    /** Time passes: the phase moves on when its time is up or its condition is met. */
    void advance(long now, double dtSeconds) {
        switch (engine.phase) {
            case WARMING -> {
                if (engine.session.remaining(now) == 0) {
                    endSession(Cause.Event.DURATION_ELAPSED, now);
                } else if (engine.heater.warm(engine.lastReadings)) {
                    beginStarting(Cause.Event.WARM, now);
                } else if (now - engine.phaseEnteredNanos >= engine.heater.maxWarmUpNanos()) {
                    beginStarting(Cause.Event.WARM_UP_TIMEOUT, now);
                }
            }
            case STARTING -> {
                if (!endIfDue(now) && now - engine.phaseEnteredNanos >= engine.session.softStartNanos) {
                    setPhase(Phase.RUNNING, Cause.Event.SOFT_START_COMPLETE, now);
                }
            }
            case RUNNING -> {
                engine.session.effectiveLevel = Math.min(engine.session.targetLevel,
                        engine.session.effectiveLevel + engine.limits.slowestRampUp() * dtSeconds);
                endIfDue(now);
            }
            case PAUSED -> {
                if (engine.session.pausedTotal(now) >= engine.limits.pauseTimeout().toNanos()) {
                    endSession(engine.session.pauseCause == Cause.Event.SEAT_EMPTY ? Cause.Event.SEAT_EMPTY_TIMEOUT
                            : Cause.Event.PAUSE_TIMEOUT, now);
                }
            }
            case STOPPING -> {
                if (now - engine.phaseEnteredNanos >= engine.session.stopNanos || engine.session.remaining(now) == 0) {
                    endSession(engine.session.stopCause, now);
                }
            }
            case COOLDOWN -> {
                if (engine.lastWall != null && engine.usage.restRemaining(now, engine.lastWall).isZero()) {
                    setPhase(Phase.IDLE, Cause.Event.REST_COMPLETE, now);
                }
            }
            default -> { }
        }
    }

    /**
     * Ends the session at its duration, or begins the ramp down so that it is over by then (S1, S3), or so that the
     * day's vibration dose stays within its limit.
     */
    private boolean endIfDue(long now) {
        long remaining = engine.session.remaining(now);
        if (remaining == 0) {
            endSession(Cause.Event.DURATION_ELAPSED, now);
            return true;
        }
        if (remaining <= engine.pipeline.rampDownNanos() + 3 * engine.lastDtNanos) {
            beginStopping(Cause.Event.DURATION_ELAPSED, now);
            return true;
        }
        if (engine.lastWall != null && engine.dose.spentWithRampDown(engine.pipeline.levels(),
                Duration.ofNanos(engine.pipeline.rampDownNanos() + 3 * engine.lastDtNanos), engine.lastWall)) {
            beginStopping(Cause.Event.DAILY_DOSE_SPENT, now);
            return true;
        }
        return false;
    }

    void beginStarting(Cause why, long now) {
        double level = Math.min(engine.session.effectiveLevel, engine.session.ceiling);
        engine.session.softStartNanos = Math.max(Limits.SOFT_START_MIN.toNanos(),
                (long) (level / engine.limits.slowestRampUp() * 1e9));
        setPhase(Phase.STARTING, why, now);
    }

    void enterPause(Cause why, long now) {
        engine.session.pause(now, why);
        engine.pipeline.zero(now);
        setPhase(Phase.PAUSED, why, now);
    }

    void beginStopping(Cause why, long now) {
        engine.session.stopFrom = engine.pipeline.levels();
        engine.session.stopNanos = engine.pipeline.rampDownNanos();
        engine.session.stopCause = why;
        setPhase(Phase.STOPPING, why, now);
    }

    /** The session is over: record it, outputs off, rest (or idle). */
    void endSession(Cause why, long now) {
        closeSession(why, now);
        boolean resting = engine.lastWall == null || !engine.usage.restRemaining(now, engine.lastWall).isZero();
        setPhase(resting ? Phase.COOLDOWN : Phase.IDLE, why, now);
    }

    private void closeSession(Cause why, long now) {
        if (engine.session == null) {
            return;
        }
        ActiveSession ended = engine.session;
        if (ended.paused()) {
            ended.resume(now);
        }
        // a late tick may find the session past its end; it was due to stop at its duration (and the lease
        // on the device bounds what a late tick could add), so it is counted as its duration
        Duration ran = Duration.ofNanos(Math.min(ended.elapsed(now), ended.durationNanos));
        double exposure = engine.dose.sessionEnded(engine.lastWall);
        int maxLevel = (int) Math.ceil(ended.maxLevelReached - 1e-9);
        engine.events.add(new SessionEvent.Ended(ended.programId, ran, why, maxLevel,
                engine.dose.counted() ? Optional.of(exposure) : Optional.empty()));
        if (engine.lastWall != null) {
            engine.lastSession = Optional.of(LastSession.of(ended.programId, engine.lastWall, ran, why, maxLevel));
        }
        engine.usage.record(ended.startedWall, engine.lastWall, ran, now);
        engine.session = null;
        engine.clocks.disarm();
        engine.pipeline.zero(now);
    }

    void fault(String code, String message, long now) {
        Cause kind = new Cause.Fault(code);
        if (!code.equals(SessionEngine.JOURNAL_UNWRITABLE)) {
            engine.latchedByJournalAlone = false;
        }
        if (engine.phase.latched()) {
            if (engine.repeats.first(kind, now)) {
                engine.events.add(new SessionEvent.Faulted(code, message));
            }
            if (engine.phase == Phase.FAULT && engine.fault == null) {
                engine.fault = new SessionSnapshot.Fault(code, message);
            }
            return;
        }
        boolean endsSession = engine.session != null;
        latch(Phase.FAULT, code, message, kind, now);
        engine.repeats.first(kind, now);
        engine.events.add(new SessionEvent.Faulted(code, message));
        engine.disprovable = null;
        if (endsSession && TURNS_WHILE_OFF.contains(code)) {
            engine.disprovable = code;
            engine.verifier.suspectCoasting(now);
        }
    }

    /** Outputs off at once (stop category 0) and latch (S4). */
    void latch(Phase latched, String code, String message, Cause why, long now) {
        closeSession(why, now);
        engine.pipeline.zero(now);
        engine.fault = new SessionSnapshot.Fault(code, message);
        setPhase(latched, why, now);
    }

    void setPhase(Phase to, Cause why, long now) {
        if (to != engine.phase) {
            engine.events.add(new SessionEvent.PhaseChanged(engine.phase, to, why));
        }
        engine.phase = to;
        engine.cause = why;
        engine.phaseEnteredNanos = now;
    }

    /** A progress mark every {@link SessionEvent.Progress#EVERY} while a session is in progress (paused too). */
    void markProgress(long now) {
        if (engine.session != null && now - engine.session.lastMarkNanos >= SessionEvent.Progress.EVERY.toNanos()) {
            engine.session.lastMarkNanos = now;
            engine.events.add(new SessionEvent.Progress(engine.session.programId,
                    Duration.ofNanos(engine.session.elapsed(now)), engine.dose.counted()
                    ? Optional.of(engine.dose.currentExposure()) : Optional.empty()));
        }
    }

    /** The tick's setpoints, and a step change as an event. */
    Setpoints outputs(long now, double dtSeconds) {
        boolean playing = engine.phase == Phase.STARTING || engine.phase == Phase.RUNNING;
        long programNanos = playing ? engine.session.programNanos(now) : 0;
        if (playing) {
            int step = engine.session.runner.stepIndexAt(programNanos);
            if (step != engine.session.lastStep) {
                engine.session.lastStep = step;
                engine.events.add(new SessionEvent.StepChanged(step, engine.session.runner.stepName(step),
                        engine.session.runner.technique(step).name()));
            }
        }
        return engine.pipeline.outputs(engine.phase, engine.session, now - engine.phaseEnteredNanos, programNanos,
                dtSeconds, engine.lastReadings, now);
    }
}
