package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * words of the answers are {@link Sentences}. What a command may do is {@link SessionCommands}'s to check, how the
 * phase moves is {@link SessionTransitions}'s, and the snapshot is built by {@link SnapshotBuilder}: this class holds
 * the state and takes the inputs, in one place, on one thread.
 */
public final class SessionEngine {

    /** The fault code of a journal that cannot be written. */
    public static final String JOURNAL_UNWRITABLE = "journal-unwritable";

    private final DeviceProfile profile;
    final Limits limits;
    final PadHeater heater;
    final Usage usage;
    final DailyDose dose;
    private final SensorPlausibility plausibility;
    final OutputVerifier verifier;
    final OutputPipeline pipeline;
    final StartPolicy startPolicy;
    final StartChoices choices;
    final TimeCrossCheck clocks = new TimeCrossCheck();
    final LatchedRepeats repeats = new LatchedRepeats();
    final SessionTransitions transitions = new SessionTransitions(this);
    private final SessionCommands commands = new SessionCommands(this);
    final List<SessionEvent> events = new ArrayList<>();

    Phase phase = Phase.IDLE;
    Cause cause = Cause.Event.BOOT;
    long phaseEnteredNanos;
    ActiveSession session;
    SessionSnapshot.Fault fault;
    Origin latchOrigin;
    /** Why the safety journal cannot be written (file, error, remedy); null while it can. */
    String journalProblem;
    /** The latch is the unwritable journal's alone, so it clears by itself once the journal can be written. */
    boolean latchedByJournalAlone;
    Readings lastReadings;
    boolean linkUp = true;
    /** The device's own session cap, when it told one: no session is started longer (docs/protocol.md §4.1). */
    Optional<Duration> boardSessionCap = Optional.empty();
    /** The code of a "turns while off" fault that ended a session and that the device may yet disprove. */
    String disprovable;
    private long lastTickNanos;
    long lastDtNanos;
    long lastNanos;
    /** The session that ended last (this run, or the journal's latest). */
    Optional<LastSession> lastSession;
    /** The latest wall-clock time seen; null until the first tick or command brings one. */
    Instant lastWall;

    /**
     * An idle engine, outputs off (S5). {@code history} is what the journal remembers, for rest and the daily
     * budget (S11), and the day's vibration dose.
     *
     * @throws IllegalArgumentException when the configuration cannot work at all: no drivable zone, no ramp,
     *                                  a default program that is missing or cannot be played on the profile, or a
     *                                  daily dose limit on a profile without vibration figures
     */
    public SessionEngine(EngineConfig config, UsageHistory history, long nowNanos) {
        this.profile = config.profile();
        this.limits = Limits.of(config);
        this.heater = new PadHeater(profile.heater());
        this.usage = new Usage(profile.session(), history);
        this.dose = new DailyDose(profile, config.dailyDoseLimit(), limits.ceiling(), history);
        this.lastSession = LastSession.latest(history);
        this.startPolicy = new StartPolicy(config, limits, usage, dose, heater);
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
        CommandResult result = commands.dispatch(command, nowNanos, wallNow);
        if (result.isRejected()) {
            events.add(new SessionEvent.Rejected(command, result));
        }
        return result;
    }

    StartPolicy.Conditions conditions() {
        return new StartPolicy.Conditions(linkUp, lastReadings, boardSessionCap);
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
            transitions.fault(implausible.get().code(), implausible.get().message(), nowNanos);
            return;
        }
        Optional<OutputVerifier.Violation> mismatch = verifier.check(readings, nowNanos);
        if (mismatch.isPresent()) {
            transitions.fault(mismatch.get().code(), mismatch.get().message(), nowNanos);
            return;
        }
        Optional<String> tripped = heater.tripped(readings);
        if (tripped.isPresent()) {
            transitions.fault("heater-over-temperature", tripped.get(), nowNanos);
            return;
        }
        if (profile.hasOccupancySensor() && session != null && !readings.occupied().orElse(false)) {
            switch (phase) {
                case WARMING, STARTING, RUNNING -> transitions.enterPause(Cause.Event.SEAT_EMPTY, nowNanos);
                case STOPPING -> transitions.endSession(Cause.Event.SEAT_EMPTY, nowNanos);
                default -> { }
            }
        }
    }

    /** The device reported or detected a fault: outputs off at once, latched (S4). */
    public void deviceFault(String code, String message, long nowNanos) {
        see(nowNanos, null);
        transitions.fault(code, message, nowNanos);
    }

    /** The link to the device is lost: the session ends, outputs off, starts refused until it reports again (S5). */
    public void linkDown(String reason, long nowNanos) {
        see(nowNanos, null);
        linkUp = false;
        lastReadings = null;
        plausibility.reset();
        if (session != null) {
            transitions.endSession(new Cause.LinkDown(reason), nowNanos);
        }
    }

    /**
     * A remote channel ({@link Origin#isRemote()}) can no longer carry commands to the daemon: a session
     * started over it ends gently (S3), because whoever started it can no longer stop it from there. Sessions
     * started at the device, the command line or over another channel go on; their stop is where they were started.
     *
     * @param cause what the journal and the state say, e.g. {@code mqtt-lost: no probe came back for 31 s}
     * @return whether a session was ended
     */
    public boolean remoteLost(Cause cause, long nowNanos) {
        see(nowNanos, null);
        if (session == null || !session.origin.isRemote()
                || cause instanceof Cause.RemoteLost lost && lost.channel() != session.origin) {
            return false;
        }
        switch (phase) {
            case STARTING, RUNNING -> transitions.beginStopping(cause, nowNanos);
            case WARMING, PAUSED -> transitions.endSession(cause, nowNanos);
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
        transitions.fault(JOURNAL_UNWRITABLE, "The safety journal cannot be written: " + problem, nowNanos);
        latchedByJournalAlone = !alreadyLatched;
        return withdrawn;
    }

    /** The journal can be written again: starts are allowed, and a latch that was the journal's alone clears. */
    public void journalWritable(long nowNanos, Instant wallNow) {
        see(nowNanos, wallNow);
        journalProblem = null;
        if (phase == Phase.FAULT && latchedByJournalAlone) {
            transitions.clearLatch(Origin.SYSTEM, Cause.Event.JOURNAL_WRITABLE, nowNanos,
                    lastWall == null ? wallNow : lastWall);
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
            transitions.endSession(phase == Phase.STOPPING ? session.stopCause : why, nowNanos);
        }
    }

    // ------------------------------------------------------------------------------------------- tick

    /** One control tick: time passes, the phase moves on, and the setpoints to write to the device this tick. */
    public Setpoints tick(long nowNanos, Instant wallNow) {
        if (session != null) {
            Optional<TimeCrossCheck.Anomaly> anomaly = clocks.sample(nowNanos, wallNow);
            if (anomaly.isPresent()) {
                transitions.fault(anomaly.get().code(), anomaly.get().message(), Math.max(nowNanos, lastTickNanos));
            }
        }
        long now = Math.max(nowNanos, lastTickNanos);
        double dtSeconds = (now - lastTickNanos) / 1e9;
        lastDtNanos = now - lastTickNanos;
        lastTickNanos = now;
        see(now, wallNow);
        if (session != null) {
            dose.drove(pipeline.levels(), dtSeconds);
        }
        transitions.advance(now, dtSeconds);
        transitions.markProgress(now);
        repeats.summariseIfDue(now, events);
        return transitions.outputs(now, dtSeconds);
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
        return SnapshotBuilder.of(this);
    }

    /** The events since the last call, in order; the caller journals the safety-relevant ones first (S12). */
    public List<SessionEvent> drainEvents() {
        List<SessionEvent> drained = List.copyOf(events);
        events.clear();
        return drained;
    }

    CommandResult journalRefusal(String what) {
        return CommandResult.rejected(JOURNAL_UNWRITABLE, "Cannot " + what + " while the safety journal cannot be"
                + " written: " + journalProblem);
    }
}
