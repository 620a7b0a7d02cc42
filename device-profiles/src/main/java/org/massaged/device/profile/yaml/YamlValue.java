package org.massaged.device.profile.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.massaged.device.profile.ValidationProblem;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One node of a YAML file with its field path, read as a typed value. Every conversion that fails records
 * a problem (file, line, column, path, value, expectation) and returns empty, so reading goes on and every
 * problem is found in one pass.
 */
public final class YamlValue {

    private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private final String file;
    private final Node node;
    private final String path;
    private final Problems problems;
    private YamlMap map;

    public YamlValue(String file, Node node, String path, Problems problems) {
        this.file = file;
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    public String path() {
        return path;
    }

    public String file() {
        return file;
    }

    public Node node() {
        return node;
    }

    public int line() {
        return YamlNodes.line(node);
    }

    public int column() {
        return YamlNodes.column(node);
    }

    /** Records that this value is wrong: {@code expected} says what would have been right. */
    public void problem(String expected) {
        problems.add(new ValidationProblem(file, line(), column(), path, shown(), expected));
    }

    public Problems problems() {
        return problems;
    }

    public boolean isNull() {
        return YamlNodes.isNull(node);
    }

    /** The value as the user wrote it, for messages. */
    public String shown() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (isNull()) {
            return "null";
        }
        return "\"" + YamlNodes.excerpt(scalar.getValue()).replace("\n", "\\n") + "\"";
    }

    private Optional<String> plainScalar(String expected) {
        if (node instanceof ScalarNode scalar && !isNull()) {
            if (scalar.getScalarStyle() != ScalarStyle.PLAIN) {
                problem(expected + " (not a quoted string)");
                return Optional.empty();
            }
            return Optional.of(scalar.getValue().trim());
        }
        problem(expected);
        return Optional.empty();
    }

    public Optional<String> asText() {
        if (node instanceof ScalarNode scalar && !isNull() && !scalar.getValue().isBlank()) {
            return Optional.of(scalar.getValue());
        }
        problem("a non-empty text");
        return Optional.empty();
    }

    /** Text that matches {@code pattern}; {@code described} says what the pattern means to a person. */
    public Optional<String> asText(Pattern pattern, String described) {
        if (node instanceof ScalarNode scalar && !isNull() && pattern.matcher(scalar.getValue()).matches()) {
            return Optional.of(scalar.getValue());
        }
        problem(described);
        return Optional.empty();
    }

    public Optional<Integer> asInt(int min, int max) {
        String expected = "an integer from " + min + " to " + max;
        Optional<String> text = plainScalar(expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> parsed = YamlNodes.integer(text.get());
        if (parsed.isEmpty()) {
            problem(expected);
            return Optional.empty();
        }
        long value = parsed.get();
        if (value < min || value > max) {
            problem(expected);
            return Optional.empty();
        }
        return Optional.of((int) value);
    }

    /** A number in [min, max], or (min, max] when {@code minExclusive}. */
    public Optional<Double> asNumber(double min, boolean minExclusive, double max) {
        return asNumber(min, minExclusive, max, "");
    }

    /** The same, for a quantity: {@code unit} (such as "m/s²") is said in the problem, never written in the file. */
    public Optional<Double> asNumber(double min, boolean minExclusive, double max, String unit) {
        String expected = "a number " + (minExclusive ? "above " + trim(min) + " and up to " : "from " + trim(min) + " to ")
                + trim(max) + (unit.isEmpty() ? "" : ", in " + unit + " without the unit");
        Optional<String> text = plainScalar(expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!NUMBER.matcher(text.get()).matches()) {
            problem(expected);
            return Optional.empty();
        }
        double value = Double.parseDouble(text.get());
        if (value < min || (minExclusive && value == min) || value > max) {
            problem(expected);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<Boolean> asBool() {
        Optional<String> text = plainScalar("true or false");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Boolean> value = YamlNodes.bool(text.get());
        if (value.isEmpty()) {
            problem("true or false");
        }
        return value;
    }

    /** A duration in the grammar of {@link Durations}: {@code 500ms}, {@code 30s}, {@code 10m} (or {@code 10min}), {@code 1h}. */
    public Optional<Duration> asDuration(Duration min, Duration max) {
        String expected = "a duration from " + Durations.show(min) + " to " + Durations.show(max)
                + ", written with a unit (ms, s, m, h) and no sign, e.g. 10m, 1m30s or 500ms";
        if (!(node instanceof ScalarNode scalar) || isNull()) {
            problem(expected);
            return Optional.empty();
        }
        Optional<Duration> parsed = Durations.parse(scalar.getValue());
        if (parsed.isEmpty()) {
            problem(expected);
            return Optional.empty();
        }
        Duration value = parsed.get();
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problem(expected);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** An enum constant written in lower-case kebab form: {@code PALM_CIRCLING} is {@code palm-circling}. */
    public <E extends Enum<E>> Optional<E> asChoice(Class<E> type) {
        java.util.Map<String, E> names = new java.util.LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            names.put(kebab(constant), constant);
        }
        return asOneOf(names);
    }

    /** One of a fixed set of words, each standing for a value (e.g. {@code requireOccupancy}). */
    public <E> Optional<E> asOneOf(java.util.Map<String, E> names) {
        String expected = "one of: " + String.join(", ", names.keySet());
        if (node instanceof ScalarNode scalar && !isNull()) {
            String word = scalar.getValue().trim();
            E chosen = names.get(word);
            if (chosen != null) {
                return Optional.of(chosen);
            }
            problem(expected + Suggestions.didYouMean(word, names.keySet()));
            return Optional.empty();
        }
        problem(expected);
        return Optional.empty();
    }

    /** The mapping (read once: its key problems are reported once however often it is asked for). */
    public Optional<YamlMap> asMap() {
        if (node instanceof MappingNode mapping) {
            if (map == null) {
                map = new YamlMap(file, mapping, path, problems);
            }
            return Optional.of(map);
        }
        problem("a mapping (key: value lines)");
        return Optional.empty();
    }

    /** The items of a list, each with its path {@code path[i]}. */
    public Optional<List<YamlValue>> asList(int minSize, int maxSize) {
        if (!(node instanceof SequenceNode sequence)) {
            problem("a list" + (minSize > 0 ? " of at least " + minSize + " item" + (minSize == 1 ? "" : "s") : ""));
            return Optional.empty();
        }
        List<YamlValue> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(new YamlValue(file, item, path + "[" + items.size() + "]", problems));
        }
        if (items.size() < minSize || items.size() > maxSize) {
            problem("a list of " + minSize + " to " + maxSize + " items, found " + items.size());
            return Optional.empty();
        }
        return Optional.of(items);
    }

    public static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String trim(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
