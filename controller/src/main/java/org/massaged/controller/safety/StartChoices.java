package org.massaged.controller.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;

/**
 * The next start's choices: program, duration, level and heat, set from any channel while no session is in
 * progress, and used by every start that does not say otherwise (the chair's button, the command line and Home
 * Assistant alike). Until chosen: the default program, the profile's duration, the low-pressure level, and heat as
 * the program says. Settings are checked by the same rules as a start's: a level above the ceiling is lowered, a
 * duration outside the profile's range is brought into it, and the answer says so.
 */
final class StartChoices {

    private final Limits limits;
    private final Map<String, Program> programs;
    private Choice current;

    private record Choice(String program, Duration duration, int level, Optional<Boolean> heat) {}

    StartChoices(Limits limits, Map<String, Program> programs) {
        this.limits = limits;
        this.programs = programs;
        this.current = new Choice(limits.defaultProgram(), limits.defaultDuration(), limits.startLevel(),
                Optional.empty());
    }

    /** Applies {@code settings} together, or none of them when one is refused; the answer says what the next start uses. */
    CommandResult choose(List<Command.Setting> settings) {
        Choice draft = current;
        List<String> reasons = new ArrayList<>();
        List<String> adjustments = new ArrayList<>();
        for (Command.Setting setting : settings) {
            if (setting instanceof Command.SetProgram chosen) {
                if (!programs.containsKey(chosen.program())) {
                    return Sentences.unknownProgram(chosen.program(), limits);
                }
                draft = new Choice(chosen.program(), draft.duration(), draft.level(), draft.heat());
            } else if (setting instanceof Command.SetDuration chosen) {
                Duration granted = limits.clampDuration(chosen.duration());
                if (!granted.equals(chosen.duration())) {
                    reasons.add(Sentences.durationReason(chosen.duration(), granted));
                    adjustments.add(Sentences.durationOutside(chosen.duration(), granted, limits, "the next session"));
                }
                draft = new Choice(draft.program(), granted, draft.level(), draft.heat());
            } else if (setting instanceof Command.SetLevel chosen) {
                if (chosen.level() < 1) {
                    return Sentences.levelNotALevel(chosen.level(), "");
                }
                int granted = Math.min(chosen.level(), limits.ceiling());
                if (granted != chosen.level()) {
                    reasons.add(Sentences.ceilingReason(limits.allowHighIntensity()));
                    adjustments.add(Sentences.levelAboveCeiling(chosen.level(), limits.ceiling(),
                            limits.allowHighIntensity()) + ", so the next session rises to " + granted);
                }
                draft = new Choice(draft.program(), draft.duration(), granted, draft.heat());
            } else if (setting instanceof Command.SetHeat chosen) {
                if (chosen.on() && !limits.heater()) {
                    return Sentences.noHeater();
                }
                draft = new Choice(draft.program(), draft.duration(), draft.level(), Optional.of(chosen.on()));
            }
        }
        current = draft;
        CommandResult answer = Sentences.doneAs("No session is in progress: the next start will use " + describe() + ".",
                reasons, adjustments);
        return settings.size() == 1 ? answer.about(Controls.nameOf(settings.get(0))) : answer;
    }

    /** The next start's level one step up or down (a button while no session is in progress). */
    CommandResult step(Origin origin, int delta) {
        return choose(List.of(new Command.SetLevel(origin, Math.max(1, current.level() + delta))));
    }

    /** {@code start}'s empty fields filled from the choices; heat stays empty when not chosen (as the program says). */
    Command.Start fill(Command.Start start) {
        return new Command.Start(start.origin(), start.program().or(() -> Optional.of(current.program())),
                start.duration().or(() -> Optional.of(current.duration())),
                start.level().isPresent() ? start.level() : java.util.OptionalInt.of(current.level()),
                start.heat().or(current::heat));
    }

    /** What the next start will use, heat resolved. */
    StartChoice shown() {
        return new StartChoice(current.program(), current.duration(), current.level(), heat());
    }

    private boolean heat() {
        return current.heat().orElseGet(() -> limits.heater() && programs.get(current.program()).steps().stream()
                .anyMatch(Step::heat));
    }

    private String describe() {
        Duration duration = current.duration();
        String length = duration.equals(Duration.ofMinutes(duration.toMinutes())) ? duration.toMinutes() + " min"
                : Sentences.minutesSeconds(duration);
        String heat = current.heat().map(on -> on ? "heat on" : "heat off").orElse("heat as the program says");
        return "program " + current.program() + ", " + length + ", level " + current.level() + ", " + heat;
    }
}
