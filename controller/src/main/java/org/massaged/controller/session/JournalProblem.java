package org.massaged.controller.session;

/**
 * A line of the journal that could not be read. {@link Kind#TORN}: a write cut short (power lost or the process
 * killed mid-line), the start of a line that never ended; {@link Kind#UNREADABLE}: anything else (damage, an edit).
 * {@code text} says which file and line, what is wrong, and how it was counted.
 */
public record JournalProblem(int line, Kind kind, String text) {

    public enum Kind { TORN, UNREADABLE }
}
