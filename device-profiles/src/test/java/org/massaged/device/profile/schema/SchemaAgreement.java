package org.massaged.device.profile.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.massaged.device.profile.yaml.Durations;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Checks that a published JSON Schema and the reader of the same files agree. Walking the schema next to a
 * valid base document, it feeds the reader that document with one field changed: every bound the schema
 * states (minimum, maximum, exclusiveMinimum, enum, boolean, and for durations x-minimum and x-maximum) is
 * tried at the bound, where the reader must accept the field, and just beyond it, where the reader must
 * refuse it (a problem at that field). The same holds for a text's pattern, minLength and maxLength, a list's
 * minItems and maxItems (and the rules of its items), and const. Every closed mapping gets an unknown key, which
 * the reader must refuse while listing its known keys: those must be exactly the schema's properties there.
 * A {@code oneOf} of kinds of value has each kind tried; a {@code oneOf} of required keys has a mapping with none
 * of them refused (one with two of them is not tried: the base has a value for only one).
 */
public final class SchemaAgreement {

    /** One problem the reader reported: the field's dotted path ({@code zones[0].homeMax}) and the message. */
    public record Refusal(String path, String message) {}

    private static final Pattern KNOWN_KEYS = Pattern.compile("known (?:keys|here): ([^;]*)$");
    private static final String UNKNOWN_KEY = "zzNoSuchKey";

    private final Map<?, ?> schema;
    private final Function<String, List<Refusal>> reader;
    private final Object base;
    private final List<String> disagreements = new ArrayList<>();
    private final Map<String, String> relational;
    private int checks;

    /**
     * @param reader  reads a YAML text as the product does; returns every problem (none when it accepts)
     * @param base    a document the reader accepts, rich enough to reach every field checked
     * @param relational field paths whose range the reader narrows by other fields (homeMax at most hardMax), each
     *                   with why: there a value at the schema's bound may be refused; beyond it must still be
     */
    public SchemaAgreement(Path schemaFile, Function<String, List<Refusal>> reader, Object base,
                           Map<String, String> relational) {
        this.schema = (Map<?, ?>) load(read(schemaFile));
        this.reader = reader;
        this.base = base;
        this.relational = relational;
    }

    public static Object load(String yaml) {
        return new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the schema and the reader disagree on, one line each; empty when they agree. */
    public List<String> disagreements() {
        List<Refusal> baseProblems = reader.apply(dump(base));
        if (!baseProblems.isEmpty()) {
            return List.of("the base document is refused: " + baseProblems);
        }
        walk(schema, List.of());
        return disagreements;
    }

    /** How many documents were fed to the reader. */
    public int checks() {
        return checks;
    }

    private void walk(Map<?, ?> node, List<Object> at) {
        Map<?, ?> resolved = flatten(node);
        Object value = get(base, at);
        if (value instanceof Map<?, ?> map) {
            checkRequiredAlternatives(resolved, at, map);
            if (Boolean.FALSE.equals(resolved.get("additionalProperties")) && resolved.get("properties") != null) {
                checkKeys(resolved, at);
            }
            if (resolved.get("properties") instanceof Map<?, ?> properties) {
                properties.forEach((name, child) -> visit((Map<?, ?>) child, map.get(name), append(at, name)));
            }
            if (resolved.get("additionalProperties") instanceof Map<?, ?> each) {
                map.keySet().forEach(name -> visit(each, map.get(name), append(at, name)));
            }
        } else if (value instanceof List<?> list) {
            checkItemCount(resolved, at, list);
            if (!list.isEmpty() && resolved.get("items") instanceof Map<?, ?> items) {
                if (list.get(0) instanceof Map || list.get(0) instanceof List) {
                    walk(items, append(at, 0));
                } else {
                    checkBounds(flatten(items), append(at, 0));
                }
            }
        }
    }

    private void visit(Map<?, ?> child, Object present, List<Object> at) {
        Map<?, ?> flat = flatten(child);
        if (present instanceof Map || present instanceof List) {
            walk(child, at);
        } else if (!(flat.get("properties") instanceof Map) && !(flat.get("items") instanceof Map)) {
            checkBounds(flat, at);
        }
    }

    /** The node with its {@code $ref} and {@code allOf} parts merged in, its own keywords winning. */
    private Map<?, ?> flatten(Map<?, ?> node) {
        Map<Object, Object> all = new LinkedHashMap<>();
        Map<Object, Object> properties = new LinkedHashMap<>();
        List<Map<?, ?>> parts = new ArrayList<>();
        if (node.get("allOf") instanceof List<?> allOf) {
            allOf.forEach(part -> parts.add(flatten((Map<?, ?>) part)));
        }
        parts.add(resolve(node));
        parts.add(node);
        for (Map<?, ?> part : parts) {
            all.putAll(part);
            if (part.get("properties") instanceof Map<?, ?> own) {
                properties.putAll(own);
            }
        }
        all.remove("$ref");
        all.remove("allOf");
        if (!properties.isEmpty()) {
            all.put("properties", properties);
        }
        return all;
    }

    private void checkKeys(Map<?, ?> object, List<Object> at) {
        Set<String> declared = new TreeSet<>();
        ((Map<?, ?>) object.get("properties")).keySet().forEach(key -> declared.add(String.valueOf(key)));
        String field = path(append(at, UNKNOWN_KEY));
        List<Refusal> refusals = feed(append(at, UNKNOWN_KEY), "x");
        Set<String> known = null;
        for (Refusal refusal : refusals) {
            Matcher matcher = KNOWN_KEYS.matcher(refusal.message());
            if (refusal.path().equals(field) && matcher.find()) {
                known = new TreeSet<>(Arrays.asList(matcher.group(1).strip().split(",\\s*")));
            }
        }
        if (known == null) {
            disagreements.add(field + ": the reader did not refuse an unknown key listing the known ones: " + refusals);
        } else if (!known.equals(declared)) {
            Set<String> onlyReader = new TreeSet<>(known);
            onlyReader.removeAll(declared);
            Set<String> onlySchema = new TreeSet<>(declared);
            onlySchema.removeAll(known);
            disagreements.add(path(at) + ": keys only the reader knows " + onlyReader + ", only the schema " + onlySchema);
        }
    }

    private void checkBounds(Map<?, ?> field, List<Object> at) {
        Object type = field.get("type");
        if (field.get("enum") instanceof List<?> choices) {
            choices.forEach(choice -> expect(at, choice, true, "enum value"));
            expect(at, "zz-none-of-these", false, "not in enum " + choices);
        }
        if ("boolean".equals(type)) {
            expect(at, true, true, "boolean");
            expect(at, false, true, "boolean");
            expect(at, "maybe", false, "not a boolean");
        }
        boolean integer = "integer".equals(type);
        if (integer || "number".equals(type)) {
            double step = integer ? 1 : 0.001;
            if (field.get("minimum") instanceof Number min) {
                expect(at, number(min.doubleValue(), integer), true, "minimum");
                expect(at, number(min.doubleValue() - step, integer), false, "below minimum " + min);
            }
            if (field.get("exclusiveMinimum") instanceof Number min) {
                expect(at, number(min.doubleValue(), integer), false, "exclusiveMinimum " + min);
                expect(at, number(min.doubleValue() + step, integer), true, "just above exclusiveMinimum");
            }
            if (field.get("maximum") instanceof Number max) {
                expect(at, number(max.doubleValue(), integer), true, "maximum");
                expect(at, number(max.doubleValue() + step, integer), false, "above maximum " + max);
            }
            if (integer) {
                expect(at, 1.5, false, "not an integer");
            }
        }
        checkConst(field, at);
        checkText(field, at);
        checkAlternatives(field, at);
        if (field.get("x-minimum") instanceof String min) {
            Duration bound = Durations.require(min);
            expect(at, min, true, "x-minimum");
            expect(at, bound.isZero() ? "-1ms" : Durations.show(bound.minusMillis(1)), false, "below x-minimum " + min);
        }
        if (field.get("x-maximum") instanceof String max) {
            expect(at, max, true, "x-maximum");
            expect(at, Durations.show(Durations.require(max).plusMillis(1)), false, "above x-maximum " + max);
        }
    }

    /**
     * {@code oneOf} of kinds of value (a text or a list of such texts): the base's value as a list of one is
     * accepted where a list is an alternative, an empty list refused below its minItems, a list whose item breaks
     * the items' pattern refused, and a value of none of the kinds (a mapping) refused.
     */
    private void checkAlternatives(Map<?, ?> field, List<Object> at) {
        if (!(field.get("oneOf") instanceof List<?> alternatives)) {
            return;
        }
        Object present = get(base, at);
        for (Object alternative : alternatives) {
            Map<?, ?> flat = flatten((Map<?, ?>) alternative);
            if (flat.containsKey("required")) {
                continue;
            }
            if (!"array".equals(flat.get("type"))) {
                checkBounds(flat, at);
                continue;
            }
            if (present != null && !(present instanceof List)) {
                expectWithin(at, List.of(present), true, "oneOf: a list of one");
            }
            if (flat.get("minItems") instanceof Number min && min.intValue() > 0) {
                expectWithin(at, List.of(), false, "oneOf: fewer than minItems " + min);
            }
            if (flat.get("items") instanceof Map<?, ?> items && flatten(items).get("pattern") instanceof String regex) {
                Pattern pattern = Pattern.compile(regex);
                BREAKERS.stream().filter(candidate -> !pattern.matcher(candidate).find()).findFirst()
                        .ifPresent(breaker -> expectWithin(at, List.of(breaker), false, "oneOf: an item breaks " + regex));
            }
        }
        expectWithin(at, Map.of("zz", 1), false, "oneOf: none of the alternatives");
    }

    /** {@code oneOf} of required keys (exactly one of share or duration): a mapping with none of them is refused. */
    private void checkRequiredAlternatives(Map<?, ?> node, List<Object> at, Map<?, ?> map) {
        if (!(node.get("oneOf") instanceof List<?> alternatives) || at.isEmpty()) {
            return;
        }
        Set<Object> keys = new TreeSet<>();
        for (Object alternative : alternatives) {
            if (((Map<?, ?>) alternative).get("required") instanceof List<?> required) {
                required.forEach(key -> keys.add(String.valueOf(key)));
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        Map<Object, Object> without = new LinkedHashMap<>((Map<?, ?>) load(dump(map)));
        without.keySet().removeAll(keys);
        expectWithin(at, without, false, "oneOf: none of " + keys);
    }

    /** As {@link #expect}, counting a problem at the field or anywhere inside it. */
    private void expectWithin(List<Object> at, Object value, boolean accepted, String why) {
        judge(at, value, accepted, why, true);
    }

    /** {@code const}: the value itself is accepted, any other refused. */
    private void checkConst(Map<?, ?> field, List<Object> at) {
        if (!field.containsKey("const")) {
            return;
        }
        Object constant = field.get("const");
        expect(at, constant, true, "const");
        expect(at, constant instanceof Number number ? (Object) (number.intValue() + 1) : "zz-not-" + constant, false,
                "not const " + constant);
    }

    /**
     * {@code pattern}, {@code minLength} and {@code maxLength} of a text: a text that breaks the pattern is refused
     * (the first of a few that do); one a character too short or too long is refused, and one just at the length is
     * accepted when it still matches the pattern (made from the base document's value, so that it means something).
     */
    private void checkText(Map<?, ?> field, List<Object> at) {
        Pattern pattern = field.get("pattern") instanceof String regex ? Pattern.compile(regex) : null;
        Object present = get(base, at);
        String sample = present instanceof String text && !text.isEmpty() ? text : "abcdefgh";
        if (pattern != null) {
            BREAKERS.stream().filter(candidate -> !pattern.matcher(candidate).find()).findFirst()
                    .ifPresent(breaker -> expect(at, breaker, false, "breaks pattern " + pattern));
        }
        if (field.get("minLength") instanceof Number min && min.intValue() > 0) {
            expect(at, resized(sample, min.intValue() - 1), false, "shorter than minLength " + min);
            acceptIfMatching(at, resized(sample, min.intValue()), pattern, "minLength " + min);
        }
        if (field.get("maxLength") instanceof Number max) {
            expect(at, resized(sample, max.intValue() + 1), false, "longer than maxLength " + max);
            acceptIfMatching(at, resized(sample, max.intValue()), pattern, "maxLength " + max);
        }
    }

    /** Texts that break most patterns: an empty one, spaces, capitals, separators, wildcards. */
    private static final List<String> BREAKERS = List.of("", "has space", "UPPER", "a/b", "+#", "-", ".");

    private void acceptIfMatching(List<Object> at, String value, Pattern pattern, String why) {
        if (pattern == null || pattern.matcher(value).find()) {
            expect(at, value, true, why);
        }
    }

    /** {@code text} cut or lengthened (its last character repeated) to {@code length} characters. */
    private static String resized(String text, int length) {
        if (text.length() >= length) {
            return text.substring(0, length);
        }
        return text + String.valueOf(text.charAt(text.length() - 1)).repeat(length - text.length());
    }

    /** {@code minItems}, {@code maxItems}: one item fewer or one more is refused; the base's list cut to the minimum is accepted. */
    private void checkItemCount(Map<?, ?> node, List<Object> at, List<?> list) {
        if (node.get("minItems") instanceof Number min && min.intValue() > 0) {
            expect(at, copyOf(list, min.intValue() - 1), false, "fewer than minItems " + min);
            expect(at, copyOf(list, min.intValue()), true, "minItems " + min);
        }
        if (node.get("maxItems") instanceof Number max && !list.isEmpty()) {
            expect(at, copyOf(list, max.intValue() + 1), false, "more than maxItems " + max);
        }
    }

    /** The first {@code size} items of {@code list}, repeating its first item as often as needed (fresh copies). */
    private static List<Object> copyOf(List<?> list, int size) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(load(dump(list.get(i < list.size() ? i : 0))));
        }
        return items;
    }

    private static Object number(double value, boolean integer) {
        return integer ? (Object) Math.round(value) : (Object) value;
    }

    private void expect(List<Object> at, Object value, boolean accepted, String why) {
        judge(at, value, accepted, why, false);
    }

    private void judge(List<Object> at, Object value, boolean accepted, String why, boolean within) {
        String field = path(at);
        List<Refusal> refusals = feed(at, value).stream().filter(refusal -> refusal.path().equals(field)
                || within && (refusal.path().startsWith(field + ".") || refusal.path().startsWith(field + "["))).toList();
        if (accepted && !refusals.isEmpty() && !relational.containsKey(field)) {
            disagreements.add(field + " = " + value + " (" + why + "): the schema accepts it, the reader refuses: "
                    + refusals);
        } else if (!accepted && refusals.isEmpty()) {
            disagreements.add(field + " = " + value + " (" + why + "): the schema refuses it, the reader does not");
        }
    }

    private List<Refusal> feed(List<Object> at, Object value) {
        checks++;
        if (at.isEmpty()) {
            return reader.apply(dump(value));
        }
        Object document = load(dump(base));
        set(document, at, value);
        return reader.apply(dump(document));
    }

    @SuppressWarnings("unchecked")
    private static void set(Object document, List<Object> at, Object value) {
        Object parent = get(document, at.subList(0, at.size() - 1));
        Object last = at.get(at.size() - 1);
        if (parent instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).put(last, value);
        } else {
            ((List<Object>) parent).set((Integer) last, value);
        }
    }

    private static Object get(Object document, List<Object> at) {
        Object value = document;
        for (Object step : at) {
            value = value instanceof Map<?, ?> map ? map.get(step)
                    : value instanceof List<?> list && step instanceof Integer index && index < list.size()
                    ? list.get(index) : null;
        }
        return value;
    }

    private static List<Object> append(List<Object> at, Object step) {
        List<Object> path = new ArrayList<>(at);
        path.add(step);
        return path;
    }

    /** {@code mqtt.broker}, {@code zones[0].actuator}, {@code [1].at}: the readers' field paths. */
    public static String path(List<Object> at) {
        StringBuilder text = new StringBuilder();
        for (Object step : at) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(step);
            }
        }
        return text.toString();
    }

    private Map<?, ?> resolve(Map<?, ?> node) {
        if (node.get("$ref") instanceof String ref && ref.startsWith("#/$defs/")) {
            return resolve((Map<?, ?>) ((Map<?, ?>) schema.get("$defs")).get(ref.substring("#/$defs/".length())));
        }
        return node;
    }

    private static String dump(Object document) {
        return new Dump(DumpSettings.builder().build()).dumpToString(document);
    }
}
