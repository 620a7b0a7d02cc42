package org.massaged.controller.mqtt;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.safety.Control;
import java.util.OptionalInt;

/**
 * One command as read from the wire, types checked, values not yet checked against the device.
 * {@code get} asks for the state; it carries no change.
 *
 * @param settings the settings asked for, by their control's name ({@link org.massaged.controller.safety.Controls}),
 *                 in the table's order, each a value of its control's kind
 */
public record WireRequest(
        Optional<String> transaction,
        Optional<Instant> issuedAt,
        boolean get,
        Optional<Control> action,
        Map<String, Object> settings) {

    public WireRequest {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public boolean hasSettings() {
        return !settings.isEmpty();
    }

    public Optional<String> program() {
        return Optional.ofNullable((String) settings.get("program"));
    }

    public OptionalInt durationMinutes() {
        return settings.get("duration") instanceof Integer minutes ? OptionalInt.of(minutes) : OptionalInt.empty();
    }

    public OptionalInt level() {
        return settings.get("level") instanceof Integer level ? OptionalInt.of(level) : OptionalInt.empty();
    }

    public Optional<Boolean> heat() {
        return Optional.ofNullable((Boolean) settings.get("heat"));
    }

    /** A short name of what was asked, for responses and logs. */
    public String describe() {
        if (get) {
            return "get";
        }
        if (action.isPresent()) {
            return action.get().name();
        }
        return settings.isEmpty() ? "set" : "set " + String.join("+", settings.keySet());
    }
}
