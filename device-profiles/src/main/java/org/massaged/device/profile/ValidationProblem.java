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
        if (value != null) {
            text.append("got ").append(value).append(", ");
        }
        return text.append("expected ").append(expected).toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
