package org.massaged.controller.app.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file: where (file, 1-based line and column; 0 when the problem is
 * the file as a whole), which setting (a dotted path such as {@code mqtt.uris[1]}) and why.
 */
public record ConfigProblem(Path file, int line, int column, String field, String reason) {

    public static ConfigProblem ofFile(Path file, String reason) {
        return new ConfigProblem(file, 0, 0, "", reason);
    }

    /** {@code /etc/massaged/config.yaml:12:5: mqtt.uris[0]: expected ...}, the shape compilers use. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file.toString());
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(reason).toString();
    }
}
