package org.massaged.device.profile;

/**
 * One thing wrong with a profile, program or override file: where (file, 1-based line and column; 0 when
 * the place is the whole file), which field (a path such as {@code zones[0].actuator.homeMax}), the value
 * found (or {@code null} when the field is missing) and what was expected instead.
 */
public record ValidationProblem(String file, int line, int column, String path, String value, String expected) {

    /** {@code file:line:column: path: got "value", expected ...} — one line, meant for a person. */
    public String describe() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(reason()).toString();
    }

    /** {@code got "value", expected ...} (or only {@code expected ...} when nothing was found): the words every reader uses. */
    public String reason() {
        return (value == null ? "" : "got " + value + ", ") + "expected " + expected;
    }

    @Override
    public String toString() {
        return describe();
    }
}
