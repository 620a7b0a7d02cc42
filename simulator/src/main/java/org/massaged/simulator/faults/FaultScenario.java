package org.massaged.simulator.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.massaged.device.profile.ValidationProblem;
import org.massaged.device.profile.yaml.Problems;
import org.massaged.device.profile.yaml.YamlFiles;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Faults scheduled ahead of time: a YAML list of {@code {at: <duration since start>, fault: <command>}},
 * where the command is what {@link FaultInjector#command} accepts (schema: schema/faults.schema.json):
 * <pre>
 * - at: 5s
 *   fault: drop 0.2
 * - at: 20s
 *   fault: clear
 * - at: 30s
 *   fault: reset
 * </pre>
 * Read through the same YAML layer as profiles and programs, so problems read the same:
 * {@code file:line:column: [1].at: got "-5s", expected ...}.
 */
public record FaultScenario(String source, List<ScheduledFault> faults) {

    /** The latest time a fault may be scheduled at: the longest duration the grammar has. */
    public static final Duration MAX_AT = Duration.ofDays(10);
    /** More entries are not a scenario anyone wrote by hand. */
    public static final int MAX_FAULTS = 10_000;

    /** One fault and when; {@code line} is where the file said so (1-based). */
    public record ScheduledFault(Duration at, String command, int line) {}

    public FaultScenario {
        faults = faults.stream().sorted(Comparator.comparing(ScheduledFault::at)).toList();
    }

    /** @throws IllegalArgumentException naming the file, line, column and field, and what was expected */
    public static FaultScenario load(Path file) {
        Problems problems = new Problems();
        return read(file.toString(), YamlFiles.read(file, problems, true), problems);
    }

    /** @throws IllegalArgumentException naming the source, line, column and field, and what was expected */
    public static FaultScenario parse(String source, String yaml) {
        Problems problems = new Problems();
        return read(source, YamlFiles.parse(source, yaml, problems, true), problems);
    }

    private static FaultScenario read(String source, Optional<YamlValue> root, Problems problems) {
        List<ScheduledFault> faults = new ArrayList<>();
        root.filter(value -> !value.isNull()).ifPresent(list -> {
            if (!(list.node() instanceof SequenceNode)) {
                list.problem("a list of entries, each with 'at' and 'fault'");
                return;
            }
            FaultInjector validator = new FaultInjector(new NoTarget());
            list.asList(0, MAX_FAULTS).orElse(List.of()).forEach(item ->
                    item.asMap().flatMap(entry -> entry(entry, validator)).ifPresent(faults::add));
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.list().stream()
                    .sorted(Comparator.comparingInt(ValidationProblem::line).thenComparingInt(ValidationProblem::column))
                    .map(ValidationProblem::describe)
                    .collect(Collectors.joining(System.lineSeparator())));
        }
        return new FaultScenario(source, faults);
    }

    private static Optional<ScheduledFault> entry(YamlMap entry, FaultInjector validator) {
        entry.allow("at", "fault");
        Optional<Duration> at = entry.duration("at", true, Duration.ZERO, MAX_AT);
        Optional<String> command = entry.required("fault").flatMap(value -> command(value, validator));
        if (at.isEmpty() || command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduledFault(at.get(), command.get(), entry.self().line()));
    }

    private static Optional<String> command(YamlValue value, FaultInjector validator) {
        Optional<String> text = value.asText();
        try {
            text.ifPresent(validator::command);
            return text;
        } catch (IllegalArgumentException wrong) {
            value.problem("a fault command such as drop 0.2 or reset (" + wrong.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** Validation only: accepts every fault and does nothing. */
    private static final class NoTarget implements FaultTarget {
        public void reset() { }

        public void unplug() { }

        public void replug() { }

        public void protocolMajor(int major) { }

        public void motorStall(String zone, boolean jammed) { }

        public void stuckRelay(String zone, int steps) { }

        public void heaterRunaway(boolean stuckOn) { }

        public void overTemperature(double sensorOffsetKelvin) { }

        public void sensorStuck(boolean stuck) { }

        public void occupied(boolean occupied) { }
    }
}
