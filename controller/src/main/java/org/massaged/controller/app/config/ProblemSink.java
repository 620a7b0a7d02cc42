package org.massaged.controller.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.massaged.device.profile.yaml.YamlNodes;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects every problem of one file, so that a person sees them all at once. */
final class ProblemSink {

    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ProblemSink(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void at(Node node, String field, String reason) {
        problems.add(new ConfigProblem(file, YamlNodes.line(node), YamlNodes.column(node), field, reason));
    }

    void at(Mark mark, String field, String reason) {
        if (mark == null) {
            problems.add(new ConfigProblem(file, 0, 0, field, reason));
        } else {
            problems.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, field, reason));
        }
    }

    void ofFile(String reason) {
        problems.add(ConfigProblem.ofFile(file, reason));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    ConfigException exception() {
        List<ConfigProblem> byPlace = new ArrayList<>(problems);
        byPlace.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigException(byPlace);
    }

    void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            throw exception();
        }
    }
}
