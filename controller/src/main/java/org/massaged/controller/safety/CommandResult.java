package org.massaged.controller.safety;

import java.util.Locale;
import java.util.Optional;

/**
 * The answer to every command, the same on every channel: accepted, adjusted (done, but not exactly as asked: the
 * message says how) or rejected (nothing changed). {@code reason} is a stable machine code, {@code message} a
 * sentence, {@code field} the setting the answer is about when there is one (e.g. {@code level}).
 */
public record CommandResult(Outcome outcome, String reason, String message, Optional<String> field) {

    public enum Outcome {
        ACCEPTED, ADJUSTED, REJECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CommandResult(Outcome outcome, String reason, String message) {
        this(outcome, reason, message, Optional.empty());
    }

    public static CommandResult accepted(String message) {
        return new CommandResult(Outcome.ACCEPTED, "ok", message);
    }

    public static CommandResult adjusted(String reason, String message) {
        return new CommandResult(Outcome.ADJUSTED, reason, message);
    }

    public static CommandResult rejected(String reason, String message) {
        return new CommandResult(Outcome.REJECTED, reason, message);
    }

    /** The same answer, about {@code setting}. */
    public CommandResult about(String setting) {
        return new CommandResult(outcome, reason, message, Optional.of(setting));
    }

    public boolean isRejected() {
        return outcome == Outcome.REJECTED;
    }
}
