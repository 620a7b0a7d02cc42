package org.massaged.device.profile.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.massaged.device.profile.ValidationProblem;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A YAML mapping read field by field. Construction reports keys that are not text and keys written
 * twice; {@link #allow} reports keys nobody reads. Missing required keys are reported at the mapping.
 */
public final class YamlMap {

    private final YamlValue self;
    private final Map<String, YamlValue> entries = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();

    YamlMap(String file, MappingNode node, String path, Problems problems) {
        this.self = new YamlValue(file, node, path, problems);
        for (NodeTuple tuple : node.getValue()) {
            YamlValue key = new YamlValue(file, tuple.getKeyNode(), path, problems);
            if (!(tuple.getKeyNode() instanceof ScalarNode scalar) || key.isNull()) {
                key.problem("a text key");
                continue;
            }
            String name = scalar.getValue();
            YamlValue value = new YamlValue(file, tuple.getValueNode(), child(path, name), problems);
            if (entries.containsKey(name)) {
                YamlValue first = entries.get(name);
                problems.add(new ValidationProblem(file, key.line(), key.column(), child(path, name), null,
                        "each key once; \"" + name + "\" is already set on line " + first.line()));
                continue;
            }
            entries.put(name, value);
        }
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public YamlValue self() {
        return self;
    }

    public String path() {
        return self.path();
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Map<String, YamlValue> entries() {
        return Map.copyOf(entries);
    }

    /** Reports every key that is not one of {@code allowed}. Call once, before reading. */
    public YamlMap allow(String... allowed) {
        reportUnknown(new TreeSet<>(List.of(allowed)));
        return this;
    }

    /**
     * Reports every key nobody asked for ({@link #get}, {@link #raw}): for readers that know their keys by
     * reading them. Call once, after reading everything.
     */
    public void rejectUnread() {
        reportUnknown(new TreeSet<>(read));
    }

    private void reportUnknown(Set<String> known) {
        entries.forEach((key, value) -> {
            if (!known.contains(key)) {
                self.problems().add(new ValidationProblem(value.file(), keyLine(value), keyColumn(value), value.path(),
                        null, "no key \"" + key + "\" here" + Suggestions.didYouMean(key, known)
                        + "; known keys: " + String.join(", ", known)));
            }
        });
    }

    private int keyLine(YamlValue value) {
        return keyOf(value).map(YamlValue::line).orElse(value.line());
    }

    private int keyColumn(YamlValue value) {
        return keyOf(value).map(YamlValue::column).orElse(value.column());
    }

    private Optional<YamlValue> keyOf(YamlValue value) {
        for (NodeTuple tuple : ((MappingNode) self.node()).getValue()) {
            if (tuple.getValueNode() == value.node()) {
                return Optional.of(new YamlValue(value.file(), tuple.getKeyNode(), value.path(), self.problems()));
            }
        }
        return Optional.empty();
    }

    /** The key itself (its place and text), for problems about the key rather than its value. */
    public Optional<YamlValue> key(String name) {
        YamlValue value = entries.get(name);
        return value == null ? Optional.empty() : keyOf(value);
    }

    public boolean has(String key) {
        YamlValue value = entries.get(key);
        return value != null && !value.isNull();
    }

    /** The value at {@code key}; a missing required key is a problem, a missing optional one is empty. */
    public Optional<YamlValue> get(String key, boolean required) {
        read.add(key);
        YamlValue value = entries.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                if (value == null) {
                    self.problems().add(new ValidationProblem(self.file(), self.line(), self.column(),
                            child(self.path(), key), null, "the required key \"" + key + "\""));
                } else {
                    value.problem("a value for the required key \"" + key + "\"");
                }
            }
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /**
     * The value at {@code key} as written, an empty value included (for readers to which {@code key:} with
     * nothing after it is a mistake rather than "not set"); empty only when the key is absent.
     */
    public Optional<YamlValue> raw(String key) {
        read.add(key);
        return Optional.ofNullable(entries.get(key));
    }

    /** Whether {@code key} is written at all, even with an empty value. */
    public boolean written(String key) {
        return entries.containsKey(key);
    }

    public Optional<YamlValue> required(String key) {
        return get(key, true);
    }

    public Optional<YamlValue> optional(String key) {
        return get(key, false);
    }

    public Optional<String> text(String key, boolean required) {
        return get(key, required).flatMap(YamlValue::asText);
    }

    public Optional<Integer> integer(String key, boolean required, int min, int max) {
        return get(key, required).flatMap(value -> value.asInt(min, max));
    }

    public Optional<Double> number(String key, boolean required, double min, boolean minExclusive, double max) {
        return get(key, required).flatMap(value -> value.asNumber(min, minExclusive, max));
    }

    public Optional<Boolean> bool(String key, boolean required) {
        return get(key, required).flatMap(YamlValue::asBool);
    }

    public Optional<Duration> duration(String key, boolean required, Duration min, Duration max) {
        return get(key, required).flatMap(value -> value.asDuration(min, max));
    }

    public <E extends Enum<E>> Optional<E> choice(String key, boolean required, Class<E> type) {
        return get(key, required).flatMap(value -> value.asChoice(type));
    }

    public Optional<YamlMap> map(String key, boolean required) {
        return get(key, required).flatMap(YamlValue::asMap);
    }

    /** Each item of the list at {@code key}, read by {@code reader}; items that fail are left out. */
    public <T> Optional<List<T>> list(String key, boolean required, int minSize, int maxSize,
                                      Function<YamlValue, Optional<T>> reader) {
        Optional<List<YamlValue>> items = get(key, required).flatMap(value -> value.asList(minSize, maxSize));
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<T> read = new ArrayList<>();
        boolean complete = true;
        for (YamlValue item : items.get()) {
            Optional<T> value = reader.apply(item);
            value.ifPresent(read::add);
            complete &= value.isPresent();
        }
        return complete ? Optional.of(read) : Optional.empty();
    }
}
