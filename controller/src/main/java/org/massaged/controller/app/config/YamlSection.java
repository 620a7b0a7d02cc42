package org.massaged.controller.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.massaged.device.profile.yaml.Durations;
import org.massaged.device.profile.yaml.YamlNodes;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One YAML mapping of a configuration file, read key by key with its line numbers. A value of the wrong
 * type is reported (with its place) and the default is used so that reading goes on and every problem is
 * found in one pass; keys nobody asked for are reported by {@link #rejectUnknownKeys()}.
 */
final class YamlSection {

    private final ProblemSink problems;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new HashSet<>();

    private YamlSection(ProblemSink problems, String path, Node node) {
        this.problems = problems;
        this.path = path;
        this.node = node;
    }

    /** The section for {@code node}, which must be a mapping (or empty, meaning "all defaults"). */
    static Optional<YamlSection> of(ProblemSink problems, String path, Node node) {
        YamlSection section = new YamlSection(problems, path, node);
        if (isNull(node)) {
            return Optional.of(section);
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, path, "expected a mapping of settings (key: value lines), got " + describe(node));
            return Optional.empty();
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                problems.at(keyNode, path, "a key must be a plain name, got " + describe(keyNode));
                continue;
            }
            NodeTuple first = section.entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                problems.at(keyNode, section.field(key.getValue()), "duplicate key (first set on line "
                        + YamlNodes.line(first.getKeyNode()) + "); remove one of them");
            }
        }
        return Optional.of(section);
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value node of {@code key}, when the key is present. */
    Optional<Node> value(String key) {
        asked.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple == null ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    /** Reports a problem at the value of {@code key} (or at the section when the key is absent). */
    void problem(String key, String reason) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            problems.at(node, field(key), reason);
        } else {
            Node value = tuple.getValueNode();
            boolean collection = value instanceof MappingNode || value instanceof SequenceNode;
            problems.at(collection ? tuple.getKeyNode() : value, field(key), reason);
        }
    }

    /** Reports a problem about the section as a whole. */
    void problem(String reason) {
        problems.at(node, path, reason);
    }

    Optional<String> text(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Node valueNode = value.get();
        if (valueNode instanceof ScalarNode scalar && !isNull(scalar)) {
            if (scalar.getValue().isBlank()) {
                problem(key, "is empty; remove the line to use the default, or give a value");
                return Optional.empty();
            }
            return Optional.of(scalar.getValue());
        }
        problem(key, "expected text, got " + describe(valueNode));
        return Optional.empty();
    }

    String text(String key, String fallback) {
        return text(key).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Optional<Boolean> parsed = YamlNodes.plain(value.get()).flatMap(YamlNodes::bool);
        if (parsed.isPresent()) {
            return parsed.get();
        }
        problem(key, "expected true or false, got " + describe(value.get()));
        return fallback;
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String expected = "expected a whole number from " + min + " to " + max;
        Optional<Long> number = YamlNodes.plain(value.get()).flatMap(YamlNodes::integer);
        if (number.isPresent() && number.get() >= min && number.get() <= max) {
            return number.get().intValue();
        }
        problem(key, expected + ", got " + describe(value.get()));
        return fallback;
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String expected = "expected a duration from " + format(min) + " to " + format(max)
                + " with a unit (ms, s, min, h), such as " + format(fallback);
        if (value.get() instanceof ScalarNode scalar && !isNull(scalar)) {
            Optional<Duration> parsed = Durations.parse(scalar.getValue());
            if (parsed.isPresent()) {
                if (parsed.get().compareTo(min) >= 0 && parsed.get().compareTo(max) <= 0) {
                    return parsed.get();
                }
                problem(key, expected + ", got " + format(parsed.get()) + " (out of range)");
                return fallback;
            }
        }
        problem(key, expected + ", got " + describe(value.get()));
        return fallback;
    }

    /** One of a fixed set of words, such as {@code require-occupancy}. */
    <E> E choice(String key, Map<String, E> choices, E fallback) {
        Optional<String> word = text(key);
        if (word.isEmpty()) {
            return fallback;
        }
        E chosen = choices.get(word.get());
        if (chosen == null) {
            problem(key, "expected one of " + String.join(", ", choices.keySet()) + ", got '" + word.get() + "'"
                    + suggestion(word.get(), choices.keySet()));
            return fallback;
        }
        return chosen;
    }

    /** A list of texts; a single text is read as a list of one. Each comes with its own node for errors. */
    List<Map.Entry<String, Node>> texts(String key) {
        Optional<Node> value = value(key);
        List<Map.Entry<String, Node>> texts = new ArrayList<>();
        if (value.isEmpty()) {
            return texts;
        }
        List<Node> items = value.get() instanceof SequenceNode sequence ? sequence.getValue() : List.of(value.get());
        if (items.isEmpty()) {
            problem(key, "is an empty list; remove the line to use the default, or give at least one value");
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemField = field(key) + (value.get() instanceof SequenceNode ? "[" + i + "]" : "");
            if (item instanceof ScalarNode scalar && !isNull(scalar) && !scalar.getValue().isBlank()) {
                texts.add(Map.entry(scalar.getValue(), item));
            } else {
                problems.at(item, itemField, "expected text, got " + describe(item));
            }
        }
        return texts;
    }

    Optional<YamlSection> section(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return of(problems, field(key), value.get());
    }

    ProblemSink problems() {
        return problems;
    }

    /** Every key nobody asked for is a mistake (a typo, a setting in the wrong section). */
    void rejectUnknownKeys() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!asked.contains(entry.getKey())) {
                problems.at(entry.getValue().getKeyNode(), field(entry.getKey()), "unknown setting"
                        + suggestion(entry.getKey(), asked)
                        + "; known here: " + String.join(", ", asked.stream().sorted().toList()));
            }
        }
    }

    static String describe(Node node) {
        if (isNull(node)) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + YamlNodes.excerpt(((ScalarNode) node).getValue()) + "'";
    }

    static boolean isNull(Node node) {
        return YamlNodes.isNull(node);
    }

    static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "min";
        }
        return seconds + "s";
    }

    /** "; did you mean 'tickHz'?" when a known word is a small edit away. */
    static String suggestion(String word, Set<String> known) {
        return known.stream()
                .filter(candidate -> candidate.equalsIgnoreCase(word) || distance(candidate, word) <= 2)
                .min(Comparator.comparingInt(candidate -> distance(candidate.toLowerCase(Locale.ROOT),
                        word.toLowerCase(Locale.ROOT))))
                .map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
