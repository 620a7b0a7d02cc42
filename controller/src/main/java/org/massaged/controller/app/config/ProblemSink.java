package org.massaged.controller.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.massaged.device.profile.yaml.Problems;
import org.massaged.device.profile.yaml.YamlValue;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Collects every problem of one file, so that a person sees them all at once: those the shared YAML layer
 * finds (a wrong type, a number out of range, a bad duration, an unknown or repeated key: worded as in every
 * other file massaged reads) and the configuration's own (a file that must exist, settings that go together).
 */
final class ProblemSink {

    private final Path file;
    private final Problems shared = new Problems();
    private final List<ConfigProblem> own = new ArrayList<>();

    ProblemSink(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Where the shared YAML layer records what it finds in this file. */
    Problems shared() {
        return shared;
    }

    /** A problem of the configuration's own at {@code value}, named by its path. */
    void at(YamlValue value, String reason) {
        own.add(new ConfigProblem(file, value.line(), value.column(), value.path(), reason));
    }

    void at(Mark mark, String field, String reason) {
        if (mark == null) {
            own.add(new ConfigProblem(file, 0, 0, field, reason));
        } else {
            own.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, field, reason));
        }
    }

    boolean isEmpty() {
        return own.isEmpty() && shared.isEmpty();
    }

    ConfigException exception() {
        List<ConfigProblem> byPlace = new ArrayList<>(own);
        shared.list().forEach(problem -> byPlace.add(
                new ConfigProblem(file, problem.line(), problem.column(), problem.path(), problem.reason())));
        byPlace.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigException(byPlace);
    }

    void throwIfAny() throws ConfigException {
        if (!isEmpty()) {
            throw exception();
        }
    }
}
