package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.Program;

/**
 * The pure session state machine: commands, readings and time in; setpoints, a snapshot and events out.
 * No I/O, no threads, no clock reads: {@code nowNanos} is the monotonic clock, {@code wallNow} the wall
 * clock (only for calendar questions such as "today", and as the cross-check of the session timer; never
 * for durations).
 *
 * <p>Every output passes the same pipeline on every tick: the program's waveform per zone, scaled to the
 * session's level, clamped to the ceiling, shaped by the soft-start or ramp-down envelope, and finally
 * through a rate limiter at the actuator's ramp rates: rises at {@code rampUpLevelsPerSecond} (S2), falls
 * while playing at {@code rampDownLevelsPerSecond} (so that step changes are gentle and a motor's coasting
 * stays plausible). Safety drops bypass the limiter: emergency stops, faults, pauses and the end of a session
 * cut the outputs on the very next tick (S4), and "too much" or a lower level drop the output at once.
 */
public final class SessionEngine {

    /** Faults that say a motor turns while commanded off: the device's own standstill can disprove them. */
    private static final java.util.Set<String> TURNS_WHILE_OFF = java.util.Set.of(OutputVerifier.RUNS_WHILE_OFF,
            "STUCK_RELAY");

    private final DeviceProfile profile;
    private final Map<String, Program> programs;
    private final String defaultProgram;
    private final boolean allowHighIntensity;
    private final RemoteStartPolicy remoteStartPolicy;
    private final Limits limits;
    private final List<Zone> zones;
    private final boolean[] drivable;
    private final int[] zoneCeiling;
    private final double[] rampUp;
    private final double[] rampDown;
    private final int leaseMillis;
    private final PadHeater heater;

    private final Usage usage;
    private final SensorPlausibility plausibility;
    private final OutputVerifier verifier;
    private final TimeCrossCheck clocks = new TimeCrossCheck();
    private final List<SessionEvent> events = new ArrayList<>();

    private final double[] levels;
    private final int[] steps;

    private Phase phase = Phase.IDLE;
    private String cause = "boot";
    private long phaseEnteredNanos;
    private ActiveSession session;
    private SessionSnapshot.Fault fault;
    private Origin latchOrigin;
    private Readings lastReadings;
    private boolean linkUp = true;
    /** The device's own session cap, when it told one: no session is started longer (docs/protocol.md §4.1). */
    private Optional<Duration> boardSessionCap = Optional.empty();
    /** The code of a "turns while off" fault that ended a session and that the device may yet disprove. */
    private String disprovable;
    private boolean heaterCommanded;
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
        this.programs = config.programs();
        this.defaultProgram = config.defaultProgram();
        this.allowHighIntensity = config.allowHighIntensity();
        this.remoteStartPolicy = config.remoteStartPolicy();
        this.limits = Limits.of(profile, allowHighIntensity);
        this.zones = profile.zones();
        this.drivable = new boolean[zones.size()];
        this.zoneCeiling = new int[zones.size()];
        this.rampUp = new double[zones.size()];
        this.rampDown = new double[zones.size()];
        int lease = 1000;
        for (int z = 0; z < zones.size(); z++) {
            Zone zone = zones.get(z);
            drivable[z] = profile.drivableZones().contains(zone);
            zoneCeiling[z] = Limits.zoneCeiling(zone.actuator(), allowHighIntensity);
            rampUp[z] = zone.actuator().rampUpLevelsPerSecond();
            rampDown[z] = Math.max(1e-6, zone.actuator().rampDownLevelsPerSecond());
            if (drivable[z] && zone.actuator().lease() != null) {
                lease = (int) Math.min(lease, Math.max(1, zone.actuator().lease().toMillis()));
            }
        }
        this.leaseMillis = lease;
        this.heater = new PadHeater(profile.heater());
        validatePrograms();
        this.usage = new Usage(profile.session(), history);
        this.plausibility = new SensorPlausibility(profile.sensors());
        this.verifier = new OutputVerifier(profile, zones, nowNanos);
        this.levels = new double[zones.size()];
        this.steps = new int[zones.size()];
        this.phaseEnteredNanos = nowNanos;
        this.lastTickNanos = nowNanos;
        this.lastNanos = nowNanos;
    }

    private void validatePrograms() {
        if (!programs.containsKey(defaultProgram)) {
            throw new IllegalArgumentException("The default program '" + defaultProgram + "' is not among the programs "
                    + programs.keySet().stream().sorted().toList() + ".");
        }
        if (ProgramRunner.lay(programs.get(defaultProgram), profile, zones, limits.defaultDuration())
                instanceof ProgramLayout.Refused refused) {
            throw new IllegalArgumentException("The default program '" + defaultProgram + "' cannot be played on "
                    + profile.id() + ": " + refused.message());
        }
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
            return start(start, now, wallNow);
        } else if (command instanceof Command.Stop stop) {
            return stop(stop.origin(), now);
        } else if (command instanceof Command.EmergencyStop emergency) {
            return emergencyStop(emergency.origin(), now);
        } else if (command instanceof Command.Reset reset) {
            return reset(reset.origin(), now, wallNow);
        } else if (command instanceof Command.SetLevel setLevel) {
            return setLevel(setLevel.level());
        } else if (command instanceof Command.TooMuch tooMuch) {
            return tooMuch(tooMuch.origin(), now);
        } else if (command instanceof Command.Pause pause) {
            return pause(pause.origin(), now);
        } else if (command instanceof Command.Resume resume) {
            return resume(resume.origin(), now);
        } else if (command instanceof Command.SetHeat setHeat) {
            return setHeat(setHeat.on(), setHeat.origin(), now);
        } else if (command instanceof Command.SkipStep skip) {
            return skipStep(skip.origin(), now);
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    private CommandResult start(Command.Start start, long now, Instant wallNow) {
        if (phase.latched()) {
            return CommandResult.rejected("latched", latchSentence() + " Reset it deliberately before starting.");
        }
        if (session != null) {
            return CommandResult.rejected("already-running", "A session is already in progress (" + phase.wireName() + ").");
        }
        Optional<CommandResult> interlock = startInterlocks(start.origin(), "start");
        if (interlock.isPresent()) {
            return interlock.get();
        }
        Duration rest = usage.restRemaining(now, wallNow);
        if (!rest.isZero()) {
            return CommandResult.rejected("resting", "Rest between sessions: the next session may start in "
                    + minutesSeconds(Duration.ofSeconds(ceilSeconds(rest.toNanos()))) + ".");
        }
        String programId = start.program().orElse(defaultProgram);
        Program program = programs.get(programId);
        if (program == null) {
            return CommandResult.rejected("unknown-program", "There is no program '" + programId + "'; known: "
                    + programs.keySet().stream().sorted().toList() + ".");
        }
        List<String> adjustments = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Duration requested = start.duration().orElse(limits.defaultDuration());
        Duration duration = limits.clampDuration(requested);
        if (!duration.equals(requested)) {
            reasons.add(requested.compareTo(duration) > 0 ? "duration-clamped" : "duration-raised");
            adjustments.add("duration " + minutesSeconds(requested) + " is outside " + minutesSeconds(limits.minDuration())
                    + "–" + minutesSeconds(limits.maxDuration()) + ", so the session runs " + minutesSeconds(duration));
        }
        Duration budget = usage.budgetRemaining(wallNow);
        if (budget.compareTo(limits.minDuration()) < 0) {
            return CommandResult.rejected("daily-budget-spent", "Today's budget of "
                    + minutesSeconds(profile.session().dailyBudget()) + " is spent (" + minutesSeconds(budget)
                    + " left, a session needs at least " + minutesSeconds(limits.minDuration()) + ").");
        }
        if (budget.compareTo(duration) < 0) {
            duration = budget;
            reasons.add("daily-budget");
            adjustments.add("only " + minutesSeconds(budget) + " of today's budget is left, so the session runs that long");
        }

        int target = limits.startLevel();
        if (start.level().isPresent()) {
            int asked = start.level().getAsInt();
            if (asked < 1) {
                return CommandResult.rejected("level-out-of-range", "Level " + asked + " is not a level; levels start at 1.");
            }
            target = Math.min(asked, limits.ceiling());
            if (target != asked) {
                reasons.add(ceilingReason());
                adjustments.add("level " + asked + " is above the ceiling " + limits.ceiling() + ceilingWhy());
            }
        }
        ProgramLayout layout = ProgramRunner.lay(program, profile, zones, duration);
        if (layout instanceof ProgramLayout.Refused refused) {
            return CommandResult.rejected(refused.reason(), refused.message());
        }
        if (boardSessionCap.isPresent() && boardSessionCap.get().compareTo(duration) < 0) {
            // the program keeps the layout of the asked duration; the session ends (ramping down) at the cap
            duration = boardSessionCap.get();
            reasons.add("board-cap");
            adjustments.add("the massager's own controller stops every session after " + minutesSeconds(duration)
                    + ", so the session runs that long");
        }
        ProgramRunner runner = (ProgramRunner) layout;
        boolean heat = start.heat().orElse(heater.present() && runner.wantsHeat());
        if (heat && !heater.present()) {
            heat = false;
            reasons.add("no-heater");
            adjustments.add("this device has no heater, so the session runs without heat");
        } else if (heat && heater.padTemperature(lastReadings).isEmpty()) {
            heat = false;
            reasons.add("heater-sensor-silent");
            adjustments.add("the heating pad's sensor has not reported, so the session runs without heat");
        }
        ActiveSession next = new ActiveSession(programId, runner, duration, now, wallNow, start.origin());
        next.targetLevel = target;
        next.effectiveLevel = Math.min(limits.startLevel(), target);
        next.ceiling = limits.ceiling();
        next.heat = heat;
        session = next;
        clocks.arm(now, wallNow);
        events.add(new SessionEvent.Started(programId, duration, target, heat, start.origin()));
        String origin = originName(start.origin());
        if (heat && heater.maxWarmUpNanos() > 0 && !heater.warm(lastReadings)) {
            setPhase(Phase.WARMING, "start:" + origin, now);
        } else {
            beginStarting("start:" + origin, now);
        }
        int startLevel = Math.min(limits.startLevel(), target);
        String summary = "Session started: " + programId + " for " + minutesSeconds(duration) + ", level "
                + startLevel + (target > startLevel ? " rising to " + target : "")
                + (heat ? ", with heat" : "") + ".";
        if (!runner.notes().isEmpty()) {
            summary += " On this device: " + String.join("; ", runner.notes()) + ".";
        }
        if (adjustments.isEmpty()) {
            return CommandResult.accepted(summary);
        }
        return CommandResult.adjusted(String.join(",", reasons), summary + " Adjusted: " + String.join("; ", adjustments) + ".");
    }

    private Optional<CommandResult> startInterlocks(Origin origin, String what) {
        if (!linkUp) {
            return Optional.of(CommandResult.rejected("link-down", "The massager is not connected; cannot " + what + "."));
        }
        if (origin.isRemote()) {
            switch (remoteStartPolicy) {
                case DISABLED -> {
                    return Optional.of(CommandResult.rejected("remote-start-disabled",
                            "Sessions cannot be started remotely on this device (remote start policy: disabled)."));
                }
                case REQUIRE_OCCUPANCY -> {
                    if (!profile.hasOccupancySensor()) {
                        return Optional.of(CommandResult.rejected("remote-start-needs-occupancy",
                                "Remote start requires a person in the seat, but this device has no occupancy sensor."));
                    }
                }
                case ALLOWED -> { }
            }
        }
        if (profile.hasOccupancySensor()) {
            Optional<Boolean> occupied = lastReadings == null ? Optional.empty() : lastReadings.occupied();
            if (occupied.isEmpty()) {
                return Optional.of(CommandResult.rejected("occupancy-unknown",
                        "The seat's occupancy sensor has not reported yet; cannot " + what + "."));
            }
            if (!occupied.get()) {
                return Optional.of(CommandResult.rejected("seat-empty", "Nobody is in the seat; cannot " + what + "."));
            }
        }
        return Optional.empty();
    }

    private CommandResult stop(Origin origin, long now) {
        String stopCause = "stop:" + originName(origin);
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
        if (phase == Phase.EMERGENCY_STOP) {
            if (origin == Origin.LOCAL_INPUT) {
                latchOrigin = Origin.LOCAL_INPUT;
            }
            events.add(new SessionEvent.EmergencyStopped(origin));
            return CommandResult.accepted("Emergency stop already latched; outputs are off.");
        }
        latch(Phase.EMERGENCY_STOP, "emergency-stop", "Emergency stop from " + originName(origin) + ".",
                "emergency-stop:" + originName(origin), now);
        latchOrigin = origin;
        events.add(new SessionEvent.EmergencyStopped(origin));
        return CommandResult.accepted("Emergency stop: outputs cut and latched. A deliberate reset clears it.");
    }

    private CommandResult reset(Origin origin, long now, Instant wallNow) {
        if (!phase.latched()) {
            return CommandResult.rejected("not-latched", "Nothing to reset: no fault or emergency stop is latched.");
        }
        if (phase == Phase.EMERGENCY_STOP && latchOrigin == Origin.LOCAL_INPUT && origin.isRemote()) {
            return CommandResult.rejected("local-latch", "The emergency stop was pressed on the device; only a reset"
                    + " at the device (or the local command line) clears it.");
        }
        Phase cleared = phase;
        fault = null;
        latchOrigin = null;
        events.add(new SessionEvent.LatchReset(origin, cleared));
        boolean resting = !usage.restRemaining(now, wallNow).isZero();
        setPhase(resting ? Phase.COOLDOWN : Phase.IDLE, "reset:" + originName(origin), now);
        return CommandResult.accepted("Cleared the " + cleared.wireName().replace('_', ' ')
                + ". Nothing starts until you start a session.");
    }

    private CommandResult setLevel(int asked) {
        if (phase == Phase.STOPPING) {
            return CommandResult.rejected("stopping", "The session is stopping; the level can no longer change.");
        }
        if (session == null) {
            return CommandResult.rejected("no-session", "No session is in progress.");
        }
        if (asked < 1) {
            return CommandResult.rejected("level-out-of-range", "Level " + asked + " is not a level; levels start at 1."
                    + " To stop, send stop.");
        }
        int level = Math.min(asked, session.ceiling);
        session.targetLevel = level;
        session.effectiveLevel = Math.min(session.effectiveLevel, level);
        capLevels(level);
        if (level != asked) {
            String reason = session.ceiling < limits.ceiling() ? "ceiling-lowered" : ceilingReason();
            String why = session.ceiling < limits.ceiling() ? " (lowered by \"too much\" for this session)" : ceilingWhy();
            return CommandResult.adjusted(reason, "Level " + asked + " is above the ceiling " + session.ceiling + why
                    + "; set to " + level + ".");
        }
        return CommandResult.accepted("Level set to " + level + (level > session.effectiveLevel ? ", rising gently." : "."));
    }

    private CommandResult tooMuch(Origin origin, long now) {
        if (session == null) {
            return CommandResult.rejected("no-session", "No session is in progress.");
        }
        if (phase == Phase.STOPPING) {
            for (int z = 0; z < zones.size(); z++) {
                session.stopFrom[z] = Math.max(0, session.stopFrom[z] - 1);
            }
            return CommandResult.accepted("One level down at once while the session stops.");
        }
        int felt = (int) Math.ceil(Math.min(session.targetLevel, session.effectiveLevel) - 1e-9);
        int lower = felt - 1;
        if (lower < 1) {
            endSession("too-much:" + originName(origin), now);
            return CommandResult.accepted("Already at the lowest level: the session stopped at once.");
        }
        session.targetLevel = lower;
        session.ceiling = Math.min(session.ceiling, lower);
        session.effectiveLevel = Math.min(session.effectiveLevel, lower);
        capLevels(lower);
        return CommandResult.accepted("One level down, to " + lower + "; the level stays at or below " + lower
                + " for the rest of this session.");
    }

    private CommandResult pause(Origin origin, long now) {
        switch (phase) {
            case WARMING, STARTING, RUNNING -> {
                enterPause("pause:" + originName(origin), now);
                return CommandResult.accepted("Paused; outputs off. The session stops if it stays paused for "
                        + minutesSeconds(limits.pauseTimeout()) + ".");
            }
            case PAUSED -> {
                return CommandResult.accepted("Already paused.");
            }
            default -> {
                return CommandResult.rejected(session == null ? "no-session" : "stopping",
                        session == null ? "No session is in progress." : "The session is stopping.");
            }
        }
    }

    private CommandResult resume(Origin origin, long now) {
        if (phase != Phase.PAUSED) {
            return CommandResult.rejected("not-paused", "The session is not paused.");
        }
        Optional<CommandResult> interlock = startInterlocks(origin, "resume");
        if (interlock.isPresent()) {
            return interlock.get();
        }
        session.resume(now);
        beginStarting("resume:" + originName(origin), now);
        return CommandResult.accepted("Resumed with a gentle soft start.");
    }

    private CommandResult setHeat(boolean on, Origin origin, long now) {
        if (!on) {
            if (session != null) {
                session.heat = false;
            }
            if (phase == Phase.WARMING) {
                beginStarting("heat-off:" + originName(origin), now);
                return CommandResult.accepted("Heat off; the warm-up ends and the motors start gently.");
            }
            return CommandResult.accepted("Heat off.");
        }
        if (!heater.present()) {
            return CommandResult.rejected("no-heater", "This device has no heater.");
        }
        if (session == null || phase == Phase.STOPPING) {
            return CommandResult.rejected("no-session", "Heat runs only during a session.");
        }
        session.heat = true;
        return CommandResult.accepted("Heat on (pad up to " + heater.setpoint() + " °C).");
    }

    private CommandResult skipStep(Origin origin, long now) {
        switch (phase) {
            case WARMING -> {
                beginStarting("skip-warm-up:" + originName(origin), now);
                return CommandResult.accepted("Warm-up skipped; the motors start gently.");
            }
            case STARTING, RUNNING -> {
                long programNanos = session.programNanos(now);
                if (session.runner.skip(programNanos)) {
                    return CommandResult.accepted("Skipped to step " + (session.runner.stepIndexAt(programNanos) + 1)
                            + " of " + session.runner.stepCount() + ".");
                }
                beginStopping("skip-last-step:" + originName(origin), now);
                return CommandResult.accepted("That was the last step: the session ramps down and ends.");
            }
            default -> {
                return CommandResult.rejected(session == null ? "no-session" : "not-playing",
                        session == null ? "No session is in progress." : "No step is playing (" + phase.wireName() + ").");
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
        Optional<SensorPlausibility.Violation> implausible = plausibility.check(readings, nowNanos, heaterCommanded);
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
                case WARMING, STARTING, RUNNING -> enterPause("seat-empty", nowNanos);
                case STOPPING -> endSession("seat-empty", nowNanos);
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
            endSession("link-down: " + reason, nowNanos);
        }
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
        return outputs(now, dtSeconds);
    }

    private void advance(long now, double dtSeconds) {
        switch (phase) {
            case WARMING -> {
                if (session.remaining(now) == 0) {
                    endSession("duration-elapsed", now);
                } else if (heater.warm(lastReadings)) {
                    beginStarting("warm", now);
                } else if (now - phaseEnteredNanos >= heater.maxWarmUpNanos()) {
                    beginStarting("warm-up-timeout", now);
                }
            }
            case STARTING -> {
                if (!endIfDue(now) && now - phaseEnteredNanos >= session.softStartNanos) {
                    setPhase(Phase.RUNNING, "soft-start-complete", now);
                }
            }
            case RUNNING -> {
                session.effectiveLevel = Math.min(session.targetLevel,
                        session.effectiveLevel + limits.slowestRampUp() * dtSeconds);
                endIfDue(now);
            }
            case PAUSED -> {
                if (session.pausedTotal(now) >= limits.pauseTimeout().toNanos()) {
                    endSession(session.pauseCause + "-timeout", now);
                }
            }
            case STOPPING -> {
                if (now - phaseEnteredNanos >= session.stopNanos || session.remaining(now) == 0) {
                    endSession(session.stopCause, now);
                }
            }
            case COOLDOWN -> {
                if (lastWall != null && usage.restRemaining(now, lastWall).isZero()) {
                    setPhase(Phase.IDLE, "rest-complete", now);
                }
            }
            default -> { }
        }
    }

    /** Ends the session at its duration, or begins the ramp down so that it is over by then (S1, S3). */
    private boolean endIfDue(long now) {
        long remaining = session.remaining(now);
        if (remaining == 0) {
            endSession("duration-elapsed", now);
            return true;
        }
        if (remaining <= currentRampDownNanos() + 3 * lastDtNanos) {
            beginStopping("duration-elapsed", now);
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
        double envelope = phase == Phase.STARTING
                ? Math.min(1.0, (now - phaseEnteredNanos) / (double) Math.max(1, session.softStartNanos)) : 1.0;
        double stopFraction = phase == Phase.STOPPING
                ? Math.max(0.0, 1.0 - (now - phaseEnteredNanos) / (double) Math.max(1, session.stopNanos)) : 0.0;
        boolean driving = playing || phase == Phase.STOPPING;
        Map<String, Integer> zoneSteps = new HashMap<>(zones.size() * 2);
        for (int z = 0; z < zones.size(); z++) {
            double desired = 0.0;
            if (drivable[z] && playing) {
                double level = Math.min(session.effectiveLevel, Math.min(session.ceiling, zoneCeiling[z]));
                desired = envelope * session.runner.level(zones.get(z), z, level, programNanos);
            } else if (drivable[z] && phase == Phase.STOPPING) {
                desired = session.stopFrom[z] * stopFraction;
            }
            levels[z] = desired > levels[z] ? Math.min(desired, levels[z] + rampUp[z] * dtSeconds)
                    : driving ? Math.max(desired, levels[z] - rampDown[z] * dtSeconds) : desired;
            steps[z] = drivable[z] ? zones.get(z).actuator().stepsFor(levels[z]) : 0;
            zoneSteps.put(zones.get(z).id(), steps[z]);
            if (session != null) {
                session.maxLevelReached = Math.max(session.maxLevelReached, levels[z]);
            }
        }
        heaterCommanded = heaterWanted();
        verifier.commanded(steps, heaterCommanded, now);
        boolean anyOn = heaterCommanded;
        for (int value : steps) {
            anyOn |= value > 0;
        }
        return new Setpoints(zoneSteps, heaterCommanded, heaterCommanded ? heater.setpoint() : 0, anyOn ? leaseMillis : 0);
    }

    private boolean heaterWanted() {
        boolean wants = session != null && session.heat
                && (phase == Phase.WARMING || phase == Phase.STARTING || phase == Phase.RUNNING);
        return heater.output(wants, lastReadings);
    }

    // ------------------------------------------------------------------------------------------- transitions

    private void beginStarting(String why, long now) {
        double level = Math.min(session.effectiveLevel, session.ceiling);
        session.softStartNanos = Math.max(Limits.SOFT_START_MIN.toNanos(), (long) (level / limits.slowestRampUp() * 1e9));
        setPhase(Phase.STARTING, why, now);
    }

    private void enterPause(String why, long now) {
        session.pause(now, why);
        zeroOutputs(now);
        setPhase(Phase.PAUSED, why, now);
    }

    private void beginStopping(String why, long now) {
        session.stopFrom = levels.clone();
        session.stopNanos = currentRampDownNanos();
        session.stopCause = why;
        setPhase(Phase.STOPPING, why, now);
    }

    /** Time a ramp down from the current levels takes: the slowest zone's, at least 3 s (S3). */
    private long currentRampDownNanos() {
        double longest = 0;
        for (int z = 0; z < zones.size(); z++) {
            longest = Math.max(longest, levels[z] / rampDown[z]);
        }
        return Math.max(Limits.RAMP_DOWN_MIN.toNanos(), (long) (longest * 1e9));
    }

    /** The session is over: record it, outputs off, rest (or idle). */
    private void endSession(String why, long now) {
        closeSession(why, now);
        boolean resting = lastWall == null || !usage.restRemaining(now, lastWall).isZero();
        setPhase(resting ? Phase.COOLDOWN : Phase.IDLE, why, now);
    }

    private void closeSession(String why, long now) {
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
        zeroOutputs(now);
    }

    private void fault(String code, String message, long now) {
        if (phase.latched()) {
            events.add(new SessionEvent.Faulted(code, message));
            if (phase == Phase.FAULT && fault == null) {
                fault = new SessionSnapshot.Fault(code, message);
            }
            return;
        }
        boolean endsSession = session != null;
        latch(Phase.FAULT, code, message, "fault:" + code, now);
        events.add(new SessionEvent.Faulted(code, message));
        disprovable = null;
        if (endsSession && TURNS_WHILE_OFF.contains(code)) {
            disprovable = code;
            verifier.suspectCoasting(now);
        }
    }

    /** Outputs off at once (stop category 0) and latch (S4). */
    private void latch(Phase latched, String code, String message, String why, long now) {
        closeSession(why, now);
        zeroOutputs(now);
        fault = new SessionSnapshot.Fault(code, message);
        setPhase(latched, why, now);
    }

    /** Lowers the current output levels at once (the next tick's steps follow); lower is always safe. */
    private void capLevels(double max) {
        for (int z = 0; z < levels.length; z++) {
            levels[z] = Math.min(levels[z], max);
        }
    }

    private void zeroOutputs(long now) {
        java.util.Arrays.fill(levels, 0.0);
        java.util.Arrays.fill(steps, 0);
        heaterCommanded = false;
        verifier.allOff(now);
    }

    private void setPhase(Phase to, String why, long now) {
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
        Map<String, Double> zoneLevels = new HashMap<>();
        for (int z = 0; z < zones.size(); z++) {
            zoneLevels.put(zones.get(z).id(), levels[z]);
        }
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
        return new SessionSnapshot(
                phase,
                cause,
                program,
                stepIndex,
                stepCount,
                technique,
                zoneLevels,
                session == null ? limits.startLevel() : session.targetLevel,
                session == null ? limits.ceiling() : session.ceiling,
                session == null ? 0 : ceilSeconds(session.remaining(now)),
                session == null ? 0 : session.elapsed(now) / 1_000_000_000L,
                session != null && session.heat,
                heaterCommanded,
                lastReadings == null ? Map.of() : lastReadings.temperatures(),
                lastReadings == null ? Optional.empty() : lastReadings.occupied(),
                Optional.ofNullable(fault),
                lastWall == null ? 0 : usage.sessionsToday(lastWall) + (session == null ? 0 : 1),
                lastWall == null ? 0 : usage.usedToday(lastWall, current).toMinutes(),
                session == null && lastWall != null ? ceilSeconds(usage.restRemaining(now, lastWall).toNanos()) : 0);
    }

    /** The events since the last call, in order; the caller journals the safety-relevant ones first (S12). */
    public List<SessionEvent> drainEvents() {
        List<SessionEvent> drained = List.copyOf(events);
        events.clear();
        return drained;
    }

    // ------------------------------------------------------------------------------------------- words

    private String latchSentence() {
        return fault == null ? "A " + phase.wireName() + " is latched." : "Latched " + phase.wireName().replace('_', ' ')
                + ": " + fault.message();
    }

    private String ceilingReason() {
        return allowHighIntensity ? "above-hard-max" : "above-home-max";
    }

    private String ceilingWhy() {
        return allowHighIntensity ? " (the device's hard maximum)"
                : " (higher levels need allowHighIntensity in the local config file)";
    }

    static String originName(Origin origin) {
        return origin.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    static String minutesSeconds(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds / 60 + ":" + String.format(Locale.ROOT, "%02d", seconds % 60);
    }
}
