package org.massaged.controller.mqtt;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;

/**
 * Turns a well-formed {@link WireRequest} into what to do: a {@link Command} for the control loop, a new
 * {@link NextStart} choice, the state, or a rejection that names the field. Values are checked against the
 * device's limits here, before anything reaches the control loop (the engine checks again). Pure.
 */
public final class CommandPlanner {

    private static final Set<Phase> SESSION_ACTIVE = Set.of(Phase.WARMING, Phase.STARTING, Phase.RUNNING,
            Phase.PAUSED, Phase.STOPPING);

    private final DeviceLimits limits;

    public CommandPlanner(DeviceLimits limits) {
        this.limits = limits;
    }

    public sealed interface Plan {
        record Submit(Command command) implements Plan {}
        record Choose(NextStart next, String message) implements Plan {}
        record ReportState() implements Plan {}
        record Reject(WireRejection rejection) implements Plan {}
    }

    public static boolean sessionActive(Phase phase) {
        return SESSION_ACTIVE.contains(phase);
    }

    public Plan plan(WireRequest request, Phase phase, NextStart next) {
        if (request.get()) {
            return new Plan.ReportState();
        }
        Optional<WireRejection> invalid = checkValues(request);
        if (invalid.isPresent()) {
            return new Plan.Reject(invalid.get());
        }
        if (request.action().isPresent()) {
            return planAction(request, request.action().get(), next);
        }
        if (!request.hasSettings()) {
            return new Plan.Reject(WireRejection.of("empty-command",
                    "the command asks for nothing: give an action or one of program, duration, level, heat"));
        }
        return sessionActive(phase) ? planChange(request) : planChoice(request, next);
    }

    private Plan planAction(WireRequest request, Action action, NextStart next) {
        if (action != Action.START && request.hasSettings()) {
            String field = request.program().isPresent() ? "program" : request.durationMinutes().isPresent()
                    ? "duration" : request.level().isPresent() ? "level" : "heat";
            return new Plan.Reject(WireRejection.field("conflicting-fields", field, "field '" + field
                    + "' cannot be combined with action " + action.wireName() + "; only start takes settings"));
        }
        Command command = switch (action) {
            case START -> {
                NextStart chosen = next.with(request);
                yield new Command.Start(Origin.MQTT, chosen.program(),
                        chosen.durationMinutes().isPresent()
                                ? Optional.of(Duration.ofMinutes(chosen.durationMinutes().getAsInt()))
                                : Optional.empty(),
                        chosen.level(), chosen.heat());
            }
            case STOP -> new Command.Stop(Origin.MQTT);
            case EMERGENCY_STOP -> new Command.EmergencyStop(Origin.MQTT);
            case RESET -> new Command.Reset(Origin.MQTT);
            case TOO_MUCH -> new Command.TooMuch(Origin.MQTT);
            case PAUSE -> new Command.Pause(Origin.MQTT);
            case RESUME -> new Command.Resume(Origin.MQTT);
            case SKIP_STEP -> new Command.SkipStep(Origin.MQTT);
        };
        return new Plan.Submit(command);
    }

    /** While a session runs only the level and the heat change, one at a time (nothing half-applied). */
    private Plan planChange(WireRequest request) {
        if (request.program().isPresent() || request.durationMinutes().isPresent()) {
            String field = request.program().isPresent() ? "program" : "duration";
            return new Plan.Reject(WireRejection.field("session-running", field, field
                    + " cannot change while a session runs; stop it first or choose it for the next session"));
        }
        if (request.level().isPresent() && request.heat().isPresent()) {
            return new Plan.Reject(WireRejection.field("one-change-at-a-time", "heat",
                    "while a session runs send level and heat in separate commands"));
        }
        if (request.level().isPresent()) {
            return new Plan.Submit(new Command.SetLevel(Origin.MQTT, request.level().getAsInt()));
        }
        return new Plan.Submit(new Command.SetHeat(Origin.MQTT, request.heat().orElseThrow()));
    }

    private Plan planChoice(WireRequest request, NextStart next) {
        NextStart chosen = next.with(request);
        var parts = new java.util.ArrayList<String>();
        chosen.program().ifPresent(value -> parts.add("program " + value));
        chosen.durationMinutes().ifPresent(value -> parts.add(value + " min"));
        chosen.level().ifPresent(value -> parts.add("level " + value));
        chosen.heat().ifPresent(value -> parts.add(value ? "heat on" : "heat off"));
        return new Plan.Choose(chosen, "no session runs: the next start will use " + String.join(", ", parts));
    }

    private Optional<WireRejection> checkValues(WireRequest request) {
        if (request.program().isPresent() && !limits.programIds().contains(request.program().get())) {
            return Optional.of(WireRejection.field("unknown-program", "program", "unknown program '"
                    + request.program().get() + "'; known: " + String.join(", ", limits.programIds())));
        }
        OptionalInt duration = request.durationMinutes();
        if (duration.isPresent() && (duration.getAsInt() < limits.minDurationMinutes()
                || duration.getAsInt() > limits.maxDurationMinutes())) {
            return Optional.of(WireRejection.field("out-of-range", "duration", "duration must be "
                    + limits.minDurationMinutes() + " to " + limits.maxDurationMinutes() + " minutes, got "
                    + duration.getAsInt()));
        }
        OptionalInt level = request.level();
        if (level.isPresent()) {
            int value = level.getAsInt();
            if (value > limits.homeMax() && value <= limits.hardMax() && !limits.allowHighIntensity()) {
                return Optional.of(WireRejection.field("above-home-max", "level", "level " + value
                        + " is above the home maximum " + limits.homeMax()
                        + "; higher levels need allowHighIntensity in the local config file, never MQTT alone"));
            }
            if (value < limits.minLevel() || value > limits.maxLevel()) {
                return Optional.of(WireRejection.field("out-of-range", "level", "level must be "
                        + limits.minLevel() + " to " + limits.maxLevel() + ", got " + value));
            }
        }
        if (request.heat().orElse(false) && !limits.heater()) {
            return Optional.of(WireRejection.field("no-heater", "heat", "this device has no heater"));
        }
        return Optional.empty();
    }
}
