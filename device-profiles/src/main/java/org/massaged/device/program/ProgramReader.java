package org.massaged.device.program;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.yaml.FormatVersion;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * Turns the YAML tree of a program file into a {@link Program}. A step takes a {@code share} of the
 * session, or a {@code duration} that is its length in the default 10-minute session (so it scales like a
 * share); together they must make the whole session. The last step is the long slow stroke.
 */
final class ProgramReader {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final String ID_RULE = "an id of lower-case letters, digits and dashes (at most 63), e.g. wind-down";
    static final Set<String> SIDES = Set.of("left", "right", "both");
    static final double SHARE_TOLERANCE = 0.001;
    /** At the shortest session every step lasts at least this long, and at least one cycle of its technique. */
    static final Duration MIN_STEP = Duration.ofSeconds(10);

    private ProgramReader() {}

    /** A zone name as written in a step, with its node, to check against profiles. */
    record ZoneRef(String name, YamlValue node) {}

    record ProgramRead(Program program, YamlValue idNode, List<ZoneRef> zoneRefs) {}

    static Optional<ProgramRead> read(YamlValue document) {
        Optional<YamlMap> root = document.asMap();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = root.get().allow("version", "kind", "id", "name", "description", "steps");
        int before = document.problems().count();
        FormatVersion.check(map);
        map.optional("kind").ifPresent(value -> {
            if (!value.asText().map("program"::equals).orElse(true)) {
                value.problem("\"program\" (this file is read as a program)");
            }
        });
        Optional<YamlValue> idNode = map.required("id");
        Optional<String> id = idNode.flatMap(value -> value.asText(ID, ID_RULE));
        Optional<String> name = map.text("name", true);
        Optional<String> description = map.has("description") ? map.text("description", true) : Optional.of("");
        List<ZoneRef> zoneRefs = new ArrayList<>();
        List<YamlValue> stepNodes = new ArrayList<>();
        Optional<List<Step>> steps = map.list("steps", true, 1, 50, item -> {
            stepNodes.add(item);
            return step(item, zoneRefs);
        });
        steps.ifPresent(list -> checkSteps(map, list, stepNodes));
        if (document.problems().count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ProgramRead(new Program(id.get(), name.get(), description.get(), steps.get()),
                idNode.get(), zoneRefs));
    }

    private static Optional<Step> step(YamlValue item, List<ZoneRef> zoneRefs) {
        return item.asMap().flatMap(map -> {
            map.allow("name", "technique", "zones", "intensity", "share", "duration", "heat");
            Optional<Technique> technique = map.choice("technique", true, Technique.class);
            Optional<String> name = map.has("name") ? map.text("name", true)
                    : technique.map(ProgramReader::displayName);
            Optional<List<String>> zones = map.list("zones", true, 1, 8, zone -> zone.asText(ID,
                    "left, right, both, or a zone id (lower-case letters, digits, dashes)").map(text -> {
                        zoneRefs.add(new ZoneRef(text, zone));
                        return text;
                    }));
            zones.ifPresent(list -> {
                Set<String> seen = new HashSet<>();
                for (String zone : list) {
                    if (!seen.add(zone)) {
                        map.required("zones").get().problem("each zone once; \"" + zone + "\" is named twice");
                    }
                }
            });
            Optional<Double> intensity = map.number("intensity", true, 0, true, 1);
            // Each is read when written, so a wrong value is reported even beside the other.
            Optional<Double> fraction = map.has("share") ? map.number("share", true, 0, true, 1) : Optional.empty();
            Optional<Double> length = map.has("duration")
                    ? map.duration("duration", true, Duration.ofSeconds(1), SessionLimits.DEFAULT)
                            .map(duration -> (double) duration.toMillis() / SessionLimits.DEFAULT.toMillis())
                    : Optional.empty();
            Optional<Double> share = fraction.or(() -> length);
            if (map.has("share") == map.has("duration")) {
                map.self().problem("exactly one of \"share\" (a fraction of the session) or \"duration\""
                        + " (its length in a 10-minute session)");
                share = Optional.empty();
            }
            Optional<Boolean> heat = map.has("heat") ? map.bool("heat", true) : Optional.of(false);
            if (technique.isEmpty() || name.isEmpty() || zones.isEmpty() || intensity.isEmpty() || share.isEmpty()
                    || heat.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Step(name.get(), technique.get(), zones.get(), intensity.get(), share.get(),
                    heat.get()));
        });
    }

    static String displayName(Technique technique) {
        String words = technique.wireName().replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static void checkSteps(YamlMap map, List<Step> steps, List<YamlValue> stepNodes) {
        double total = steps.stream().mapToDouble(Step::share).sum();
        if (Math.abs(total - 1.0) > SHARE_TOLERANCE) {
            map.required("steps").get().problem(String.format(java.util.Locale.ROOT,
                    "step shares that add up to 1 (durations count as their part of a 10-minute session);"
                            + " these add up to %.3f", total));
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            YamlMap stepMap = stepNodes.get(i).asMap().get();
            double shortestSeconds = step.share() / Math.max(total, 1e-9) * SessionLimits.FLOOR.toSeconds();
            double needed = Math.max(MIN_STEP.toSeconds(), step.technique().periodSeconds());
            if (shortestSeconds < needed) {
                stepMap.optional(stepMap.has("share") ? "share" : "duration").orElse(stepMap.self()).problem(
                        String.format(java.util.Locale.ROOT, "a longer step: in a 5-minute session it would last"
                                + " %.1f s, less than %.0f s (the minimum, and one %s cycle)",
                                shortestSeconds, needed, step.technique().wireName()));
            }
        }
        Step last = steps.get(steps.size() - 1);
        if (last.technique() != Technique.LONG_SLOW_STROKE) {
            stepNodes.get(steps.size() - 1).asMap().flatMap(step -> step.optional("technique")).ifPresent(node ->
                    node.problem("long-slow-stroke: every program ends with the long slow stroke"));
        }
    }
}
