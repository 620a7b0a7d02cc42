package org.massaged.controller.mqtt;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One command as read from the wire, types checked, values not yet checked against the device.
 * {@code get} asks for the state; it carries no change.
 */
public record WireRequest(
        Optional<String> transaction,
        Optional<Instant> issuedAt,
        boolean get,
        Optional<Action> action,
        Optional<String> program,
        OptionalInt durationMinutes,
        OptionalInt level,
        Optional<Boolean> heat) {

    public boolean hasSettings() {
        return program.isPresent() || durationMinutes.isPresent() || level.isPresent() || heat.isPresent();
    }

    /** A short name of what was asked, for responses and logs. */
    public String describe() {
        if (get) {
            return "get";
        }
        if (action.isPresent()) {
            return action.get().wireName();
        }
        var parts = new java.util.ArrayList<String>();
        program.ifPresent(value -> parts.add("program"));
        durationMinutes.ifPresent(value -> parts.add("duration"));
        level.ifPresent(value -> parts.add("level"));
        heat.ifPresent(value -> parts.add("heat"));
        return parts.isEmpty() ? "set" : "set " + String.join("+", parts);
    }
}
