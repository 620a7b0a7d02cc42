package org.massaged.controller.safety;

/**
 * The answer to every command: accepted, adjusted (done, but not exactly as asked: the message says how)
 * or rejected (nothing changed). {@code reason} is a stable machine code, {@code message} a sentence.
 */
public record CommandResult(Outcome outcome, String reason, String message) {

    public enum Outcome { ACCEPTED, ADJUSTED, REJECTED }

    public static CommandResult accepted(String message) {
        return new CommandResult(Outcome.ACCEPTED, "ok", message);
    }

    public static CommandResult adjusted(String reason, String message) {
        return new CommandResult(Outcome.ADJUSTED, reason, message);
    }

    public static CommandResult rejected(String reason, String message) {
        return new CommandResult(Outcome.REJECTED, reason, message);
    }

    public boolean isRejected() {
        return outcome == Outcome.REJECTED;
    }
}
