package org.massaged.simulator.faults;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Faults scheduled ahead of time: a YAML list of {@code {at: <duration since start>, fault: <command>}},
 * where the command is what {@link FaultInjector#command} accepts:
 * <pre>
 * - at: 5s
 *   fault: drop 0.2
 * - at: 20s
 *   fault: clear
 * - at: 30s
 *   fault: reset
 * </pre>
 */
public record FaultScenario(String source, List<ScheduledFault> faults) {

    /** One fault and when; {@code line} is where the file said so (1-based). */
    public record ScheduledFault(Duration at, String command, int line) {}

    public FaultScenario {
        faults = faults.stream().sorted(Comparator.comparing(ScheduledFault::at)).toList();
    }

    public static FaultScenario load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        }
    }

    public static FaultScenario parse(String source, String yaml) {
        return parse(source, new StringReader(yaml));
    }

    /**
     * @throws IllegalArgumentException naming the source, line and field, and what was expected
     */
    public static FaultScenario parse(String source, Reader reader) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(source).build()).composeReader(reader);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root.isEmpty()) {
            return new FaultScenario(source, List.of());
        }
        if (!(root.get() instanceof SequenceNode list)) {
            throw error(source, root.get(), "expected a list of {at, fault} entries");
        }
        FaultInjector validator = new FaultInjector(new NoTarget());
        List<ScheduledFault> faults = new ArrayList<>();
        for (Node item : list.getValue()) {
            if (!(item instanceof MappingNode mapping)) {
                throw error(source, item, "expected an entry with 'at' and 'fault'");
            }
            Duration at = null;
            String command = null;
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(source, tuple.getKeyNode(), "a key");
                Node value = tuple.getValueNode();
                switch (key) {
                    case "at" -> {
                        try {
                            at = FaultInjector.parseDuration(scalar(source, value, "'at'"));
                        } catch (IllegalArgumentException e) {
                            throw error(source, value, "field 'at': " + e.getMessage());
                        }
                    }
                    case "fault" -> {
                        command = scalar(source, value, "'fault'");
                        try {
                            validator.command(command);
                        } catch (IllegalArgumentException e) {
                            throw error(source, value, "field 'fault': " + e.getMessage());
                        }
                    }
                    default -> throw error(source, tuple.getKeyNode(), "unknown field '" + key
                            + "'; expected 'at' and 'fault'");
                }
            }
            if (at == null || command == null) {
                throw error(source, item, "entry needs both 'at' (e.g. 5s) and 'fault' (e.g. drop 0.2)");
            }
            faults.add(new ScheduledFault(at, command, line(item)));
        }
        return new FaultScenario(source, faults);
    }

    private static String scalar(String source, Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(source, node, "expected a plain value for " + what);
        }
        return scalar.getValue();
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private static IllegalArgumentException error(String source, Node node, String message) {
        return new IllegalArgumentException(source + ":" + line(node) + ": " + message);
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
