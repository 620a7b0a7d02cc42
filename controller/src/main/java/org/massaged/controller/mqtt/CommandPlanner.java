package org.massaged.controller.mqtt;

import java.util.ArrayList;
import java.util.List;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Control;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Origin;

/**
 * Turns a well-formed {@link WireRequest} into the {@link Command} it asks for, the state, or a rejection of its
 * shape (settings with an action other than start, a set that asks for nothing). What a setting means now (the
 * next start's choice, or a change to the session in progress) and whether a value is in range are the engine's
 * to decide: the answer is the same as on every other channel. Pure.
 */
public final class CommandPlanner {

    public sealed interface Plan {
        record Submit(Command command) implements Plan {}
        record ReportState() implements Plan {}
        record Reject(WireRejection rejection) implements Plan {}
    }

    public Plan plan(WireRequest request) {
        if (request.get()) {
            return new Plan.ReportState();
        }
        if (request.durationMinutes().isPresent() && request.durationMinutes().getAsInt() < 1) {
            return new Plan.Reject(WireRejection.field("out-of-range", "duration", "duration must be a positive number"
                    + " of minutes, got " + request.durationMinutes().getAsInt()));
        }
        List<Command.Setting> settings = settings(request);
        if (request.action().isPresent()) {
            Control action = request.action().get();
            boolean start = action.command() == Command.Start.class;
            if (!start && !settings.isEmpty()) {
                String field = request.settings().keySet().iterator().next();
                return new Plan.Reject(WireRejection.field("conflicting-fields", field, "field '" + field
                        + "' cannot be combined with action " + action.name() + "; only start takes settings"));
            }
            return new Plan.Submit(start ? Command.Start.with(Origin.MQTT, settings)
                    : action.command(Origin.MQTT, null));
        }
        if (settings.isEmpty()) {
            return new Plan.Reject(WireRejection.of("empty-command",
                    "the command asks for nothing: give an action or one of " + String.join(", ",
                            CommandParser.SETTINGS.stream().map(Control::name).toList())));
        }
        return new Plan.Submit(settings.size() == 1 ? settings.get(0) : new Command.Batch(Origin.MQTT, settings));
    }

    /** Each setting asked for, as its control's command. */
    private static List<Command.Setting> settings(WireRequest request) {
        List<Command.Setting> settings = new ArrayList<>();
        request.settings().forEach((name, value) -> settings.add((Command.Setting) Controls.named(name).orElseThrow()
                .command(Origin.MQTT, value)));
        return settings;
    }
}
