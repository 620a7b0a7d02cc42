package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.Program;

/**
 * Whether a session may start (or resume) now, and the session a start asks for: the interlocks (link, remote
 * start policy, occupancy), rest and the daily budget (S11), the daily vibration dose, the duration range (S1), the
 * level ceiling (S2), the program's layout on this profile, the device's own cap, and heat. The state machine asks;
 * this decides.
 */
final class StartPolicy {

    private final DeviceProfile profile;
    private final Map<String, Program> programs;
    private final RemoteStartPolicy remoteStartPolicy;
    private final Limits limits;
    private final Usage usage;
    private final DailyDose dose;
    private final PadHeater heater;

    /** A start's outcome: refused with an answer, or a session to begin. */
    sealed interface Decision {}

    record Refused(CommandResult answer) implements Decision {}

    /** @param warmFirst whether the pad warms before the motors start */
    record Granted(ActiveSession session, CommandResult answer, boolean warmFirst) implements Decision {}

    /** What the device said lately, for the interlocks. */
    record Conditions(boolean linkUp, Readings readings, Optional<Duration> boardSessionCap) {}

    /**
     * @throws IllegalArgumentException when the default program is missing or cannot be played on the profile
     */
    StartPolicy(EngineConfig config, Limits limits, Usage usage, DailyDose dose, PadHeater heater) {
        this.profile = config.profile();
        this.programs = config.programs();
        this.remoteStartPolicy = config.remoteStartPolicy();
        this.limits = limits;
        this.usage = usage;
        this.dose = dose;
        this.heater = heater;
        String defaultProgram = limits.defaultProgram();
        if (!programs.containsKey(defaultProgram)) {
            throw new IllegalArgumentException("The default program '" + defaultProgram + "' is not among the programs "
                    + limits.programIds() + ".");
        }
        if (ProgramRunner.lay(programs.get(defaultProgram), profile, profile.zones(), limits.defaultDuration())
                instanceof ProgramLayout.Refused refused) {
            throw new IllegalArgumentException("The default program '" + defaultProgram + "' cannot be played on "
                    + profile.id() + ": " + refused.message());
        }
    }

    /** A start whose empty fields were filled from the next start's choices. */
    Decision start(Command.Start start, Conditions conditions, long now, Instant wallNow) {
        Optional<CommandResult> interlock = interlocks(start.origin(), "start", conditions);
        if (interlock.isPresent()) {
            return new Refused(interlock.get());
        }
        Duration rest = usage.restRemaining(now, wallNow);
        if (!rest.isZero()) {
            return new Refused(CommandResult.rejected("resting", "Rest between sessions: the next session may start in "
                    + Sentences.minutesSeconds(Duration.ofSeconds(Sentences.ceilSeconds(rest.toNanos()))) + "."));
        }
        String programId = start.program().orElse(limits.defaultProgram());
        Program program = programs.get(programId);
        if (program == null) {
            return new Refused(Sentences.unknownProgram(programId, limits));
        }
        List<String> adjustments = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Duration requested = start.duration().orElse(limits.defaultDuration());
        Duration duration = limits.clampDuration(requested);
        if (!duration.equals(requested)) {
            reasons.add(Sentences.durationReason(requested, duration));
            adjustments.add(Sentences.durationOutside(requested, duration, limits, "the session"));
        }
        Duration budget = usage.budgetRemaining(wallNow);
        if (budget.compareTo(limits.minDuration()) < 0) {
            return new Refused(CommandResult.rejected("daily-budget-spent", "Today's budget of "
                    + Sentences.minutesSeconds(profile.session().dailyBudget()) + " is spent ("
                    + Sentences.minutesSeconds(budget) + " left, a session needs at least "
                    + Sentences.minutesSeconds(limits.minDuration()) + ")."));
        }
        if (budget.compareTo(duration) < 0) {
            duration = budget;
            reasons.add("daily-budget");
            adjustments.add("only " + Sentences.minutesSeconds(budget)
                    + " of today's budget is left, so the session runs that long");
        }
        int target = limits.startLevel();
        if (start.level().isPresent()) {
            int asked = start.level().getAsInt();
            if (asked < 1) {
                return new Refused(Sentences.levelNotALevel(asked, ""));
            }
            target = Math.min(asked, limits.ceiling());
            if (target != asked) {
                reasons.add(Sentences.ceilingReason(limits.allowHighIntensity()));
                adjustments.add(Sentences.levelAboveCeiling(asked, limits.ceiling(), limits.allowHighIntensity()));
            }
        }
        Optional<Duration> doseLeft = dose.timeLeftAt(target, wallNow);
        if (doseLeft.isPresent() && doseLeft.get().compareTo(limits.minDuration()) < 0) {
            return new Refused(DoseSentences.spent(dose, target, limits.minDuration(), wallNow));
        }
        if (doseLeft.isPresent() && doseLeft.get().compareTo(duration) < 0) {
            duration = Duration.ofSeconds(doseLeft.get().toSeconds());
            reasons.add("daily-dose");
            adjustments.add(DoseSentences.shortened(duration, target));
        }
        ProgramLayout layout = ProgramRunner.lay(program, profile, profile.zones(), duration);
        if (layout instanceof ProgramLayout.Refused refused) {
            return new Refused(CommandResult.rejected(refused.reason(), refused.message()));
        }
        Optional<Duration> cap = conditions.boardSessionCap();
        if (cap.isPresent() && cap.get().compareTo(duration) < 0) {
            // the program keeps the layout of the asked duration; the session ends (ramping down) at the cap
            duration = cap.get();
            reasons.add("board-cap");
            adjustments.add("the massager's own controller stops every session after "
                    + Sentences.minutesSeconds(duration) + ", so the session runs that long");
        }
        ProgramRunner runner = (ProgramRunner) layout;
        boolean heat = start.heat().orElse(heater.present() && runner.wantsHeat());
        if (heat && !heater.present()) {
            heat = false;
            reasons.add("no-heater");
            adjustments.add("this device has no heater, so the session runs without heat");
        } else if (heat && heater.padTemperature(conditions.readings()).isEmpty()) {
            heat = false;
            reasons.add("heater-sensor-silent");
            adjustments.add("the heating pad's sensor has not reported, so the session runs without heat");
        }
        ActiveSession session = new ActiveSession(programId, runner, duration, now, wallNow, start.origin());
        session.targetLevel = target;
        session.effectiveLevel = Math.min(limits.startLevel(), target);
        session.ceiling = limits.ceiling();
        session.heat = heat;
        int startLevel = Math.min(limits.startLevel(), target);
        String summary = "Session started: " + programId + " for " + Sentences.minutesSeconds(duration) + ", level "
                + startLevel + (target > startLevel ? " rising to " + target : "") + (heat ? ", with heat" : "") + ".";
        if (!runner.notes().isEmpty()) {
            summary += " On this device: " + String.join("; ", runner.notes()) + ".";
        }
        boolean warmFirst = heat && heater.maxWarmUpNanos() > 0 && !heater.warm(conditions.readings());
        return new Granted(session, Sentences.doneAs(summary, reasons, adjustments), warmFirst);
    }

    /** What stops anything from setting the massager moving now: the link, the remote policy, the seat. */
    Optional<CommandResult> interlocks(Origin origin, String what, Conditions conditions) {
        if (!conditions.linkUp()) {
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
            Optional<Boolean> occupied = conditions.readings() == null ? Optional.empty()
                    : conditions.readings().occupied();
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
}
