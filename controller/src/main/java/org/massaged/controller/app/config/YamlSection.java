package org.massaged.controller.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One mapping of a configuration file, read through the YAML layer every file of massaged shares
 * ({@link YamlMap}, {@link YamlValue}): the same types, bounds, durations and words, the same places. What the
 * configuration adds: a setting that is absent takes its default, one that is written but empty is a mistake;
 * an empty section means all defaults; keys nobody read are refused ({@link #rejectUnknownKeys()}).
 */
final class YamlSection {

    private final ProblemSink problems;
    private final YamlValue self;
    private final Optional<YamlMap> map;

    private YamlSection(ProblemSink problems, YamlValue self, Optional<YamlMap> map) {
        this.problems = problems;
        this.self = self;
        this.map = map;
    }

    /** The top of the file: {@code root} a mapping, or nothing at all (an empty file: all defaults). */
    static Optional<YamlSection> root(ProblemSink problems, Optional<Node> root) {
        Node node = root.orElse(new ScalarNode(Tag.NULL, "", ScalarStyle.PLAIN));
        return of(problems, new YamlValue(problems.file().toString(), node, "", problems.shared()));
    }

    private static Optional<YamlSection> of(ProblemSink problems, YamlValue value) {
        if (value.isNull()) {
            return Optional.of(new YamlSection(problems, value, Optional.empty()));
        }
        return value.asMap().map(mapping -> new YamlSection(problems, value, Optional.of(mapping)));
    }

    String field(String key) {
        return self.path().isEmpty() ? key : self.path() + "." + key;
    }

    /** Whether {@code key} is written, even with an empty value. */
    boolean has(String key) {
        return map.map(mapping -> mapping.written(key)).orElse(false);
    }

    /** The value of {@code key} as written, when the key is present (it then counts as known). */
    Optional<YamlValue> value(String key) {
        return map.flatMap(mapping -> mapping.raw(key));
    }

    /** Reports a problem at the value of {@code key} (at its key for a collection; at the section when absent). */
    void problem(String key, String reason) {
        Optional<YamlValue> value = map.flatMap(mapping -> mapping.entries().containsKey(key)
                ? Optional.of(mapping.entries().get(key)) : Optional.empty());
        if (value.isEmpty()) {
            problems.at(new YamlValue(self.file(), self.node(), field(key), problems.shared()), reason);
            return;
        }
        boolean collection = value.get().node() instanceof MappingNode || value.get().node() instanceof SequenceNode;
        problems.at(collection ? map.get().key(key).orElse(value.get()) : value.get(), reason);
    }

    /** Reports a problem about the section as a whole. */
    void problem(String reason) {
        problems.at(self, reason);
    }

    Optional<String> text(String key) {
        return value(key).flatMap(YamlValue::asText);
    }

    String text(String key, String fallback) {
        return text(key).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        return value(key).map(value -> value.asBool().orElse(fallback)).orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        return value(key).map(value -> value.asInt(min, max).orElse(fallback)).orElse(fallback);
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        return value(key).map(value -> value.asDuration(min, max).orElse(fallback)).orElse(fallback);
    }

    /** One of a fixed set of words, such as {@code requireOccupancy}. */
    <E> E choice(String key, Map<String, E> choices, E fallback) {
        return value(key).map(value -> value.asOneOf(choices).orElse(fallback)).orElse(fallback);
    }

    /** A list of texts; a single text is read as a list of one. Each comes with its own place for problems. */
    List<Map.Entry<String, YamlValue>> texts(String key) {
        Optional<YamlValue> value = value(key);
        if (value.isEmpty()) {
            return List.of();
        }
        List<YamlValue> items = value.get().node() instanceof SequenceNode
                ? value.get().asList(0, Integer.MAX_VALUE).orElse(List.of()) : List.of(value.get());
        if (items.isEmpty()) {
            value.get().problem("at least one value (remove the line to use the default)");
        }
        List<Map.Entry<String, YamlValue>> texts = new ArrayList<>();
        items.forEach(item -> item.asText().ifPresent(text -> texts.add(Map.entry(text, item))));
        return texts;
    }

    Optional<YamlSection> section(String key) {
        return value(key).flatMap(value -> of(problems, value));
    }

    ProblemSink problems() {
        return problems;
    }

    /** Every key nobody asked for is a mistake (a typo, a setting in the wrong section). */
    void rejectUnknownKeys() {
        map.ifPresent(YamlMap::rejectUnread);
    }
}
