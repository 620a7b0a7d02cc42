package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.massaged.device.profile.DeviceProfile;

/**
 * The pure session state machine: commands, readings and time in; setpoints, a snapshot and events out.
 * No I/O, no threads, no clock reads: {@code nowNanos} is the monotonic clock, {@code wallNow} the wall
 * clock (only for calendar questions such as "today", and as the cross-check of the session timer; never
 * for durations).
 *
 * <p>It owns every choice of the control surface: the next start's choices ({@link StartChoices}), what a
 * setting means in the phase (the next start's, or the session's), what a button press means now. Whether a
 * session may start is the {@link StartPolicy}'s to say; every output passes the {@link OutputPipeline}; the
 * words of the answers are {@link Sentences}.
 */
public final class SessionEngine {

    /** Faults that say a motor turns while commanded off: the device's own standstill can disprove them. */
    private static final Set<String> TURNS_WHILE_OFF = Set.of(OutputVerifier.RUNS_WHILE_OFF, "STUCK_RELAY");
    /** The fault code of a journal that cannot be written. */
    public static final String JOURNAL_UNWRITABLE = "journal-unwritable";

    private final DeviceProfile profile;
    private final Limits limits;
    private final PadHeater heater;
    private final Usage usage;
    private final SensorPlausibility plausibility;
    private final OutputVerifier verifier;
    private final OutputPipeline pipeline;
    private final StartPolicy startPolicy;
    private final StartChoices choices;
    private final TimeCrossCheck clocks = new TimeCrossCheck();
    private final LatchedRepeats repeats = new LatchedRepeats();
    private final List<SessionEvent> events = new ArrayList<>();

    private Phase phase = Phase.IDLE;
    private Cause cause = Cause.Event.BOOT;
    private long phaseEnteredNanos;
    private ActiveSession session;
    private SessionSnapshot.Fault fault;
    private Origin latchOrigin;
    /** Why the safety journal cannot be written (file, error, remedy); null while it can. */
    private String journalProblem;
    /** The latch is the unwritable journal's alone, so it clears by itself once the journal can be written. */
    private boolean latchedByJournalAlone;
    private Readings lastReadings;
    private boolean linkUp = true;
    /** The device's own session cap, when it told one: no session is started longer (docs/protocol.md §4.1). */
    private Optional<Duration> boardSessionCap = Optional.empty();
    /** The code of a "turns while off" fault that ended a session and that the device may yet disprove. */
    private String disprovable;
    private long lastTickNanos;
    private long lastDtNanos;
    private long lastNanos;
    /** The latest wall-clock time seen; null until the first tick or command brings one. */
    private Instant lastWall;

    /**
     * An idle engine, outputs off (S5). {@code history} is what the journal remembers, for rest and the daily
     * budget (S11).
     *
     * @throws IllegalArgumentException when the configuration cannot work at all: no drivable zone, no ramp,
     *                                  or a default program that is missing or cannot be played on the profile
     */
    public SessionEngine(EngineConfig config, UsageHistory history, long nowNanos) {
        this.profile = config.profile();
        this.limits = Limits.of(config);
        this.heater = new PadHeater(profile.heater());
        this.usage = new Usage(profile.session(), history);
        this.startPolicy = new StartPolicy(config, limits, usage, heater);
        this.choices = new StartChoices(limits, config.programs());
        this.plausibility = new SensorPlausibility(profile.sensors());
        this.verifier = new OutputVerifier(profile, profile.zones(), nowNanos);
        this.pipeline = new OutputPipeline(profile, config.allowHighIntensity(), heater, verifier);
        this.phaseEnteredNanos = nowNanos;
        this.lastTickNanos = nowNanos;
        this.lastNanos = nowNanos;
    }

    /** The limits every channel shows and the engine enforces. */
    public Limits limits() {
        return limits;
    }

    // ------------------------------------------------------------------------------------------- commands

    /** Answers one command: accepted, adjusted (saying how) or rejected (nothing changed), with a reason code. */
    public CommandResult handle(Command command, long nowNanos, Instant wallNow) {
        see(nowNanos, wallNow);
        CommandResult result = dispatch(command, nowNanos, wallNow);
        if (result.isRejected()) {
            events.add(new SessionEvent.Rejected(command, result));
        }
        return result;
    }

    private CommandResult dispatch(Command command, long now, Instant wallNow) {
        if (command instanceof Command.Start start) {
            return start(choices.fill(start), now, wallNow);
        } else if (command instanceof Command.Stop stop) {
            return stop(stop.origin(), now);
        } else if (command instanceof Command.EmergencyStop emergency) {
            return emergencyStop(emergency.origin(), now);
        } else if (command instanceof Command.Reset reset) {
            return reset(reset.origin(), now, wallNow);
        } else if (command instanceof Command.TooMuch tooMuch) {
            return tooMuch(tooMuch.origin(), now);
        } else if (command instanceof Command.Pause pause) {
            return pause(pause.origin(), now);
        } else if (command instanceof Command.Resume resume) {
            return resume(resume.origin(), now);
        } else if (command instanceof Command.SkipStep skip) {
            return skipStep(skip.origin(), now);
        } else if (command instanceof Command.Setting setting) {
            return session == null ? choices.choose(List.of(setting)) : change(setting, now);
        } else if (command instanceof Command.Batch batch) {
            return batch(batch, now);
        } else if (command instanceof Command.Press press) {
            return press(press, now, wallNow);
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    /** A button on the device: what it means is decided here, from the session as it is now. */
    private CommandResult press(Command.Press press, long now, Instant wallNow) {
        Origin origin = press.origin();
        return switch (press.button()) {
            case START_STOP -> session != null ? stop(origin, now) : start(choices.fill(Command.Start.with(origin,
                    List.of())), now, wallNow);
            case LEVEL_UP -> stepLevel(origin, +1);
            case LEVEL_DOWN -> stepLevel(origin, -1);
            case TOO_MUCH -> tooMuch(origin, now);
            case EMERGENCY_STOP -> emergencyStop(origin, now);
        };
    }

    /** One level up or down from the level the engine holds now: two quick presses never compute the same level. */
    private CommandResult stepLevel(Origin origin, int delta) {
        if (session == null) {
            return choices.step(origin, delta);
        }
        return setLevel(Math.max(1, session.targetLevel + delta)).about("level");
    }

    /** Several settings: the next start's (all or none), or while a session is in progress one change at a time. */
    private CommandResult batch(Command.Batch batch, long now) {
        if (session == null) {
            return choices.choose(batch.settings());
        }
        for (Command.Setting setting : batch.settings()) {
            if (setting instanceof Command.SetProgram || setting instanceof Command.SetDuration) {
                return sessionRunning(Controls.nameOf(setting));
            }
        }
        if (batch.settings().size() > 1) {
            return CommandResult.rejected("one-change-at-a-time", "While a session is in progress, send the level and"
                    + " the heat in separate commands.").about("heat");
        }
        return change(batch.settings().get(0), now);
    }

    /** A setting while a session is in progress: the level and the heat change it; program and duration cannot. */
    private CommandResult change(Command.Setting setting, long now) {
        if (setting instanceof Command.SetLevel level) {
            return setLevel(level.level()).about("level");
        } else if (setting instanceof Command.SetHeat heat) {
            return setHeat(heat.on(), heat.origin(), now).about("heat");
        }
        return sessionRunning(Controls.nameOf(setting));
    }

    private static CommandResult sessionRunning(String setting) {
        return CommandResult.rejected("session-running", "The " + setting + " cannot change while a session is in"
                + " progress; stop it first, or choose it for the next session once this one has ended.")
                .about(setting);
    }

    private CommandResult start(Command.Start start, long now, Instant wallNow) {
        if (journalProblem != null) {
            return journalRefusal("start a session");
        }
        if (phase.latched()) {
            return CommandResult.rejected("latched", Sentences.latchSentence(phase, fault)
                    + " Reset it deliberately before starting.");
        }
        if (session != null) {
            return CommandResult.rejected("already-running", "A session is already in progress (" + phase.wireName()
                    + ").");
        }
        StartPolicy.Decision decision = startPolicy.start(start, conditions(), now, wallNow);
        if (decision instanceof StartPolicy.Refused refused) {
            return refused.answer();
        }
        StartPolicy.Granted granted = (StartPolicy.Granted) decision;
        session = granted.session();
        clocks.arm(now, wallNow);
        events.add(new SessionEvent.Started(session.programId, Duration.ofNanos(session.durationNanos),
                session.targetLevel, session.heat, start.origin()));
        Cause why = new Cause.Asked(Cause.Act.START, start.origin());
        if (granted.warmFirst()) {
            setPhase(Phase.WARMING, why, now);
        } else {
            beginStarting(why, now);
        }
        return granted.answer();
    }

    private StartPolicy.Conditions conditions() {
        return new StartPolicy.Conditions(linkUp, lastReadings, boardSessionCap);
    }

    private CommandResult stop(Origin origin, long now) {
        Cause stopCause = new Cause.Asked(Cause.Act.STOP, origin);
        switch (phase) {
            case WARMING, PAUSED -> {
                endSession(stopCause, now);
                return CommandResult.accepted("Session stopped.");
            }
            case STARTING, RUNNING -> {
                beginStopping(stopCause, now);
                return CommandResult.accepted("Stopping: ramping down slowly, then off.");
            }
            case STOPPING -> {
                return CommandResult.accepted("Already stopping.");
            }
            case FAULT, EMERGENCY_STOP -> {
                return CommandResult.accepted("Outputs are already off (" + phase.wireName() + ").");
            }
            default -> {
                return CommandResult.accepted("Nothing to stop; outputs are off.");
            }
        }
    }

    private CommandResult emergencyStop(Origin origin, long now) {
        Cause kind = new Cause.Asked(Cause.Act.EMERGENCY_STOP, origin);
        latchedByJournalAlone = false;
        if (phase == Phase.EMERGENCY_STOP) {
            if (origin == Origin.LOCAL_INPUT) {
                latchOrigin = Origin.LOCAL_INPUT;
            }
            if (repeats.first(kind, now)) {
                events.add(new SessionEvent.EmergencyStopped(origin));
            }
            return CommandResult.accepted("Emergency stop already latched; outputs are off.");
        }
        latch(Phase.EMERGENCY_STOP, "emergency-stop", "Emergency stop from " + origin.wireName() + ".", kind, now);
        latchOrigin = origin;
        repeats.first(kind, now);
        events.add(new SessionEvent.EmergencyStopped(origin));
        return CommandResult.accepted("Emergency stop: outputs cut and latched. A deliberate reset clears it.");
    }

    private CommandResult reset(Origin origin, long now, Instant wallNow) {
        if (journalProblem != null) {
            return journalRefusal("reset");
        }
        if (!phase.latched()) {
            return CommandResult.rejected("not-latched", "Nothing to reset: no fault or emergency stop is latched.");
        }
        if (phase == Phase.EMERGENCY_STOP && latchOrigin == Origin.LOCAL_INPUT && origin.isRemote()) {
            return CommandResult.rejected("local-latch", "The emergency stop was pressed on the device; only a reset"
                    + " at the device (or the local command line) clears it.");
        }
        Phase cleared = clearLatch(origin, new Cause.Asked(Cause.Act.RESET, origin), now, wallNow);
        return CommandResult.accepted("Cleared the " + Sentences.spoken(cleared)
                + ". Nothing starts until you start a session.");
    }

    /** Leaves the latched phase for idle (or cooldown while resting); never starts anything (S4, S5). */
    private Phase clearLatch(Origin origin, Cause why, long now, Instant wallNow) {
        Phase cleared = phase;
        fault = null;
        latchOrigin = null;
        latchedByJournalAlone = false;
        repeats.cleared(events);
        events.add(new SessionEvent.LatchReset(origin, cleared));
        boolean resting = !usage.restRemaining(now, wallNow).isZero();
        setPhase(resting ? Phase.COOLDOWN : Phase.IDLE, why, now);
        return cleared;
    }

    private CommandResult setLevel(int asked) {
        if (phase == Phase.STOPPING) {
            return CommandResult.rejected("stopping", "The session is stopping; the level can no longer change.");
        }
        if (asked < 1) {
            return Sentences.levelNotALevel(asked, " To stop, send stop.");
        }
        int level = Math.min(asked, session.ceiling);
        session.targetLevel = level;
        session.effectiveLevel = Math.min(session.effectiveLevel, level);
        pipeline.cap(level);
        if (level != asked) {
            boolean lowered = session.ceiling < limits.ceiling();
            String reason = lowered ? "ceiling-lowered" : Sentences.ceilingReason(limits.allowHighIntensity());
            String why = lowered ? " (lowered by \"too much\" for this session)"
                    : Sentences.ceilingWhy(limits.allowHighIntensity());
            return CommandResult.adjusted(reason, "Level " + asked + " is above the ceiling " + session.ceiling + why
                    + "; set to " + level + ".");
        }
        return CommandResult.accepted("Level set to " + level + (level > session.effectiveLevel ? ", rising gently."
                : "."));
    }

    private CommandResult tooMuch(Origin origin, long now) {
        if (session == null) {
            return Sentences.noSession();
        }
        if (phase == Phase.STOPPING) {
            for (int z = 0; z < session.stopFrom.length; z++) {
                session.stopFrom[z] = Math.max(0, session.stopFrom[z] - 1);
            }
            return CommandResult.accepted("One level down at once while the session stops.");
        }
        int felt = (int) Math.ceil(Math.min(session.targetLevel, session.effectiveLevel) - 1e-9);
        int lower = felt - 1;
        if (lower < 1) {
            endSession(new Cause.Asked(Cause.Act.TOO_MUCH, origin), now);
            return CommandResult.accepted("Already at the lowest level: the session stopped at once.");
        }
        session.targetLevel = lower;
        session.ceiling = Math.min(session.ceiling, lower);
        session.effectiveLevel = Math.min(session.effectiveLevel, lower);
        pipeline.cap(lower);
        return CommandResult.accepted("One level down, to " + lower + "; the level stays at or below " + lower
                + " for the rest of this session.");
    }

    private CommandResult pause(Origin origin, long now) {
        switch (phase) {
            case WARMING, STARTING, RUNNING -> {
                enterPause(new Cause.Asked(Cause.Act.PAUSE, origin), now);
                return CommandResult.accepted("Paused; outputs off. The session stops if it stays paused for "
                        + Sentences.minutesSeconds(limits.pauseTimeout()) + ".");
            }
            case PAUSED -> {
                return CommandResult.accepted("Already paused.");
            }
            default -> {
                return session == null ? Sentences.noSession()
                        : CommandResult.rejected("stopping", "The session is stopping.");
            }
        }
    }

    private CommandResult resume(Origin origin, long now) {
        if (phase != Phase.PAUSED) {
            return CommandResult.rejected("not-paused", "The session is not paused.");
        }
        Optional<CommandResult> interlock = startPolicy.interlocks(origin, "resume", conditions());
        if (interlock.isPresent()) {
            return interlock.get();
        }
        session.resume(now);
        beginStarting(new Cause.Asked(Cause.Act.RESUME, origin), now);
        return CommandResult.accepted("Resumed with a gentle soft start.");
    }

    private CommandResult setHeat(boolean on, Origin origin, long now) {
        if (!on) {
            session.heat = false;
            if (phase == Phase.WARMING) {
                beginStarting(new Cause.Asked(Cause.Act.HEAT_OFF, origin), now);
                return CommandResult.accepted("Heat off; the warm-up ends and the motors start gently.");
            }
            return CommandResult.accepted("Heat off.");
        }
        if (!heater.present()) {
            return Sentences.noHeater();
        }
        if (phase == Phase.STOPPING) {
            return CommandResult.rejected("stopping", "The session is stopping; heat runs only while it plays.");
        }
        session.heat = true;
        return CommandResult.accepted("Heat on (pad up to " + heater.setpoint() + " °C).");
    }

    private CommandResult skipStep(Origin origin, long now) {
        switch (phase) {
            case WARMING -> {
                beginStarting(new Cause.Asked(Cause.Act.SKIP_WARM_UP, origin), now);
                return CommandResult.accepted("Warm-up skipped; the motors start gently.");
            }
            case STARTING, RUNNING -> {
                long programNanos = session.programNanos(now);
                if (session.runner.skip(programNanos)) {
                    return CommandResult.accepted("Skipped to step " + (session.runner.stepIndexAt(programNanos) + 1)
                            + " of " + session.runner.stepCount() + ".");
                }
                beginStopping(new Cause.Asked(Cause.Act.SKIP_LAST_STEP, origin), now);
                return CommandResult.accepted("That was the last step: the session ramps down and ends.");
            }
            default -> {
                return session == null ? Sentences.noSession() : CommandResult.rejected("not-playing",
                        "No step is playing (" + phase.wireName() + ").");
            }
        }
    }

    // ------------------------------------------------------------------------------------------- inputs

    /**
     * A status report from the device: plausibility (S9), output verification (S10), the heater trip, the seat
     * (an empty seat pauses a session). The device is taken to be connected again.
     */
    public void observe(Readings readings, long nowNanos) {
        see(nowNanos, null);
        lastReadings = readings;
        linkUp = true;
        if (disprovable != null && verifier.disproved(readings, nowNanos)) {
            events.add(new SessionEvent.FaultDisproved(disprovable, "The motors are at a standstill within twice their"
                    + " spin-down of being cut: they were coasting, not stuck. The fault stays latched until reset;"
                    + " the rest after this session is waived (its minutes still count today)."));
            usage.waiveRestAfterLastSession();
            disprovable = null;
        }
        Optional<SensorPlausibility.Violation> implausible = plausibility.check(readings, nowNanos,
                pipeline.heaterCommanded());
        if (implausible.isPresent()) {
            fault(implausible.get().code(), implausible.get().message(), nowNanos);
            return;
        }
        Optional<OutputVerifier.Violation> mismatch = verifier.check(readings, nowNanos);
        if (mismatch.isPresent()) {
            fault(mismatch.get().code(), mismatch.get().message(), nowNanos);
            return;
        }
        Optional<String> tripped = heater.tripped(readings);
        if (tripped.isPresent()) {
            fault("heater-over-temperature", tripped.get(), nowNanos);
            return;
        }
        if (profile.hasOccupancySensor() && session != null && !readings.occupied().orElse(false)) {
            switch (phase) {
                case WARMING, STARTING, RUNNING -> enterPause(Cause.Event.SEAT_EMPTY, nowNanos);
                case STOPPING -> endSession(Cause.Event.SEAT_EMPTY, nowNanos);
                default -> { }
            }
        }
    }

    /** The device reported or detected a fault: outputs off at once, latched (S4). */
    public void deviceFault(String code, String message, long nowNanos) {
        see(nowNanos, null);
        fault(code, message, nowNanos);
    }

    /** The link to the device is lost: the session ends, outputs off, starts refused until it reports again (S5). */
    public void linkDown(String reason, long nowNanos) {
        see(nowNanos, null);
        linkUp = false;
        lastReadings = null;
        plausibility.reset();
        if (session != null) {
            endSession(new Cause.LinkDown(reason), nowNanos);
        }
    }

    /**
     * The remote channel ({@link Origin#isRemote()}) can no longer carry commands to the daemon: a session
     * started over it ends gently (S3), because whoever started it can no longer stop it from there. Sessions
     * started at the device or the command line go on; their stop is where they were started.
     *
     * @param cause what the journal and the state say, e.g. {@code mqtt-lost: no probe came back for 31 s}
     * @return whether a session was ended
     */
    public boolean remoteLost(Cause cause, long nowNanos) {
        see(nowNanos, null);
        if (session == null || !session.origin.isRemote()) {
            return false;
        }
        switch (phase) {
            case STARTING, RUNNING -> beginStopping(cause, nowNanos);
            case WARMING, PAUSED -> endSession(cause, nowNanos);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The link is back (the device identified again). Nothing resumes (S5); a new start is needed. */
    public void linkUp(long nowNanos) {
        linkUp(Optional.empty(), nowNanos);
    }

    /** As {@link #linkUp(long)}, for a device with a session cap of its own: no session starts longer. */
    public void linkUp(Optional<Duration> deviceSessionCap, long nowNanos) {
        see(nowNanos, null);
        linkUp = true;
        boardSessionCap = deviceSessionCap;
    }

    /**
     * The safety journal could not be written ({@code problem} names the file, the error and the remedy): outputs
     * off at once and latched, once; starts and resets are refused until {@link #journalWritable}. A start that
     * could not be recorded and has not driven anything yet is withdrawn: it never happened, costs no rest, and
     * its answer is the one returned (S12: nothing is reported that the journal does not hold).
     */
    public Optional<CommandResult> journalUnwritable(String problem, long nowNanos) {
        see(nowNanos, null);
        journalProblem = problem;
        Optional<CommandResult> withdrawn = Optional.empty();
        if (session != null && !session.driven) {
            session = null;
            clocks.disarm();
            pipeline.zero(nowNanos);
            withdrawn = Optional.of(journalRefusal("start a session"));
        }
        boolean alreadyLatched = phase.latched();
        fault(JOURNAL_UNWRITABLE, "The safety journal cannot be written: " + problem, nowNanos);
        latchedByJournalAlone = !alreadyLatched;
        return withdrawn;
    }

    /** The journal can be written again: starts are allowed, and a latch that was the journal's alone clears. */
    public void journalWritable(long nowNanos, Instant wallNow) {
        see(nowNanos, wallNow);
        journalProblem = null;
        if (phase == Phase.FAULT && latchedByJournalAlone) {
            clearLatch(Origin.SYSTEM, Cause.Event.JOURNAL_WRITABLE, nowNanos, lastWall == null ? wallNow : lastWall);
        }
        latchedByJournalAlone = false;
    }

    /**
     * The daemon is going away (its controlled stop ran out of time, or the control thread ends): a session in
     * progress ends at once, outputs off, and its end is an event with the time it really ran (S11).
     */
    public void endNow(Cause why, long nowNanos) {
        see(nowNanos, null);
        repeats.summarise(events);
        if (session != null) {
            endSession(phase == Phase.STOPPING ? session.stopCause : why, nowNanos);
        }
    }

    // ------------------------------------------------------------------------------------------- tick

    /** One control tick: time passes, the phase moves on, and the setpoints to write to the device this tick. */
    public Setpoints tick(long nowNanos, Instant wallNow) {
        if (session != null) {
            Optional<TimeCrossCheck.Anomaly> anomaly = clocks.sample(nowNanos, wallNow);
            if (anomaly.isPresent()) {
                fault(anomaly.get().code(), anomaly.get().message(), Math.max(nowNanos, lastTickNanos));
            }
        }
        long now = Math.max(nowNanos, lastTickNanos);
        double dtSeconds = (now - lastTickNanos) / 1e9;
        lastDtNanos = now - lastTickNanos;
        lastTickNanos = now;
        see(now, wallNow);
        advance(now, dtSeconds);
        markProgress(now);
        repeats.summariseIfDue(now, events);
        return outputs(now, dtSeconds);
    }

    /** A progress mark every {@link SessionEvent.Progress#EVERY} while a session is in progress (paused too). */
    private void markProgress(long now) {
        if (session != null && now - session.lastMarkNanos >= SessionEvent.Progress.EVERY.toNanos()) {
            session.lastMarkNanos = now;
            events.add(new SessionEvent.Progress(session.programId, Duration.ofNanos(session.elapsed(now))));
        }
    }

    private void advance(long now, double dtSeconds) {
        switch (phase) {
            case WARMING -> {
                if (session.remaining(now) == 0) {
                    endSession(Cause.Event.DURATION_ELAPSED, now);
                } else if (heater.warm(lastReadings)) {
                    beginStarting(Cause.Event.WARM, now);
                } else if (now - phaseEnteredNanos >= heater.maxWarmUpNanos()) {
                    beginStarting(Cause.Event.WARM_UP_TIMEOUT, now);
                }
            }
            case STARTING -> {
                if (!endIfDue(now) && now - phaseEnteredNanos >= session.softStartNanos) {
                    setPhase(Phase.RUNNING, Cause.Event.SOFT_START_COMPLETE, now);
                }
            }
            case RUNNING -> {
                session.effectiveLevel = Math.min(session.targetLevel,
                        session.effectiveLevel + limits.slowestRampUp() * dtSeconds);
                endIfDue(now);
            }
            case PAUSED -> {
                if (session.pausedTotal(now) >= limits.pauseTimeout().toNanos()) {
                    endSession(session.pauseCause == Cause.Event.SEAT_EMPTY ? Cause.Event.SEAT_EMPTY_TIMEOUT
                            : Cause.Event.PAUSE_TIMEOUT, now);
                }
            }
            case STOPPING -> {
                if (now - phaseEnteredNanos >= session.stopNanos || session.remaining(now) == 0) {
                    endSession(session.stopCause, now);
                }
            }
            case COOLDOWN -> {
                if (lastWall != null && usage.restRemaining(now, lastWall).isZero()) {
                    setPhase(Phase.IDLE, Cause.Event.REST_COMPLETE, now);
                }
            }
            default -> { }
        }
    }

    /** Ends the session at its duration, or begins the ramp down so that it is over by then (S1, S3). */
    private boolean endIfDue(long now) {
        long remaining = session.remaining(now);
        if (remaining == 0) {
            endSession(Cause.Event.DURATION_ELAPSED, now);
            return true;
        }
        if (remaining <= pipeline.rampDownNanos() + 3 * lastDtNanos) {
            beginStopping(Cause.Event.DURATION_ELAPSED, now);
            return true;
        }
        return false;
    }

    private Setpoints outputs(long now, double dtSeconds) {
        boolean playing = phase == Phase.STARTING || phase == Phase.RUNNING;
        long programNanos = playing ? session.programNanos(now) : 0;
        if (playing) {
            int step = session.runner.stepIndexAt(programNanos);
            if (step != session.lastStep) {
                session.lastStep = step;
                events.add(new SessionEvent.StepChanged(step, session.runner.stepName(step),
                        session.runner.technique(step).name()));
            }
        }
        return pipeline.outputs(phase, session, now - phaseEnteredNanos, programNanos, dtSeconds, lastReadings, now);
    }

    // ------------------------------------------------------------------------------------------- transitions

    private void beginStarting(Cause why, long now) {
        double level = Math.min(session.effectiveLevel, session.ceiling);
        session.softStartNanos = Math.max(Limits.SOFT_START_MIN.toNanos(),
                (long) (level / limits.slowestRampUp() * 1e9));
        setPhase(Phase.STARTING, why, now);
    }

    private void enterPause(Cause why, long now) {
        session.pause(now, why);
        pipeline.zero(now);
        setPhase(Phase.PAUSED, why, now);
    }

    private void beginStopping(Cause why, long now) {
        session.stopFrom = pipeline.levels();
        session.stopNanos = pipeline.rampDownNanos();
        session.stopCause = why;
        setPhase(Phase.STOPPING, why, now);
    }

    /** The session is over: record it, outputs off, rest (or idle). */
    private void endSession(Cause why, long now) {
        closeSession(why, now);
        boolean resting = lastWall == null || !usage.restRemaining(now, lastWall).isZero();
        setPhase(resting ? Phase.COOLDOWN : Phase.IDLE, why, now);
    }

    private void closeSession(Cause why, long now) {
        if (session == null) {
            return;
        }
        ActiveSession ended = session;
        if (ended.paused()) {
            ended.resume(now);
        }
        // a late tick may find the session past its end; it was due to stop at its duration (and the lease
        // on the device bounds what a late tick could add), so it is counted as its duration
        Duration ran = Duration.ofNanos(Math.min(ended.elapsed(now), ended.durationNanos));
        events.add(new SessionEvent.Ended(ended.programId, ran, why, (int) Math.ceil(ended.maxLevelReached - 1e-9)));
        usage.record(ended.startedWall, lastWall, ran, now);
        session = null;
        clocks.disarm();
        pipeline.zero(now);
    }

    private void fault(String code, String message, long now) {
        Cause kind = new Cause.Fault(code);
        if (!code.equals(JOURNAL_UNWRITABLE)) {
            latchedByJournalAlone = false;
        }
        if (phase.latched()) {
            if (repeats.first(kind, now)) {
                events.add(new SessionEvent.Faulted(code, message));
            }
            if (phase == Phase.FAULT && fault == null) {
                fault = new SessionSnapshot.Fault(code, message);
            }
            return;
        }
        boolean endsSession = session != null;
        latch(Phase.FAULT, code, message, kind, now);
        repeats.first(kind, now);
        events.add(new SessionEvent.Faulted(code, message));
        disprovable = null;
        if (endsSession && TURNS_WHILE_OFF.contains(code)) {
            disprovable = code;
            verifier.suspectCoasting(now);
        }
    }

    /** Outputs off at once (stop category 0) and latch (S4). */
    private void latch(Phase latched, String code, String message, Cause why, long now) {
        closeSession(why, now);
        pipeline.zero(now);
        fault = new SessionSnapshot.Fault(code, message);
        setPhase(latched, why, now);
    }

    private void setPhase(Phase to, Cause why, long now) {
        if (to != phase) {
            events.add(new SessionEvent.PhaseChanged(phase, to, why));
        }
        phase = to;
        cause = why;
        phaseEnteredNanos = now;
    }

    private void see(long nowNanos, Instant wallNow) {
        lastNanos = Math.max(lastNanos, nowNanos);
        if (wallNow != null) {
            lastWall = wallNow;
        }
    }

    // ------------------------------------------------------------------------------------------- outputs

    /** Everything a dashboard shows, as of the latest call. */
    public SessionSnapshot snapshot() {
        long now = lastNanos;
        Optional<String> program = session == null ? Optional.empty() : Optional.of(session.programId);
        int stepIndex = 0;
        int stepCount = 0;
        Optional<String> technique = Optional.empty();
        if (session != null) {
            stepCount = session.runner.stepCount();
            stepIndex = session.runner.stepIndexAt(session.programNanos(now));
            if (phase == Phase.STARTING || phase == Phase.RUNNING || phase == Phase.STOPPING) {
                technique = Optional.of(session.runner.technique(stepIndex).name());
            }
        }
        Duration current = session == null ? Duration.ZERO : Duration.ofNanos(session.elapsed(now));
        return new SessionSnapshot(phase, cause, program, stepIndex, stepCount, technique, pipeline.zoneLevels(),
                session == null ? limits.startLevel() : session.targetLevel,
                session == null ? limits.ceiling() : session.ceiling,
                session == null ? 0 : Sentences.ceilSeconds(session.remaining(now)),
                session == null ? 0 : session.elapsed(now) / 1_000_000_000L,
                session != null && session.heat,
                pipeline.heaterCommanded(),
                lastReadings == null ? java.util.Map.of() : lastReadings.temperatures(),
                lastReadings == null ? Optional.empty() : lastReadings.occupied(),
                Optional.ofNullable(fault),
                lastWall == null ? 0 : usage.sessionsToday(lastWall) + (session == null ? 0 : 1),
                lastWall == null ? 0 : usage.usedToday(lastWall, current).toMinutes(),
                session == null && lastWall != null ? Sentences.ceilSeconds(usage.restRemaining(now, lastWall).toNanos())
                        : 0,
                choices.shown());
    }

    /** The events since the last call, in order; the caller journals the safety-relevant ones first (S12). */
    public List<SessionEvent> drainEvents() {
        List<SessionEvent> drained = List.copyOf(events);
        events.clear();
        return drained;
    }

    private CommandResult journalRefusal(String what) {
        return CommandResult.rejected(JOURNAL_UNWRITABLE, "Cannot " + what + " while the safety journal cannot be"
                + " written: " + journalProblem);
    }
}
