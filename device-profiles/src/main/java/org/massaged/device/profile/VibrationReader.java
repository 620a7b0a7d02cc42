package org.massaged.device.profile;

import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * A profile's optional {@code vibration} section: the weighting and one weighted acceleration per level,
 * positive, finite, at most {@link Vibration#MAX_ACCELERATION} m/s² and non-decreasing; its count is checked
 * against the zones' levels by {@link #checkLevels}.
 */
final class VibrationReader {

    private VibrationReader() {}

    /** The section as read, with its list's node to point at when the count does not fit the zones. */
    record VibrationRead(Vibration vibration, YamlValue listNode) {}

    static Optional<VibrationRead> vibration(YamlMap map) {
        map.allow("weighting", "accelerationPerLevel");
        Optional<Vibration.Weighting> weighting = map.choice("weighting", true, Vibration.Weighting.class);
        Optional<YamlValue> listNode = map.required("accelerationPerLevel");
        Optional<List<Double>> figures = map.list("accelerationPerLevel", true, 1, 100,
                item -> item.asNumber(0, true, Vibration.MAX_ACCELERATION, "m/s²"));
        if (weighting.isEmpty() || figures.isEmpty()) {
            return Optional.empty();
        }
        List<YamlValue> items = listNode.get().asList(1, 100).orElseThrow();
        for (int level = 1; level < figures.get().size(); level++) {
            if (figures.get().get(level) < figures.get().get(level - 1)) {
                items.get(level).problem("at least the figure of level " + level + " (" + figures.get().get(level - 1)
                        + " m/s²): a higher level never shakes less");
                return Optional.empty();
            }
        }
        return Optional.of(new VibrationRead(new Vibration(weighting.get(), figures.get()), listNode.get()));
    }

    /** One figure per level: as many as every zone's actuator has levels. */
    static void checkLevels(VibrationRead read, List<ZoneReader.ZoneRead> zones) {
        List<Integer> counts = zones.stream().map(zone -> zone.zone().actuator().levels()).distinct().toList();
        int given = read.vibration().accelerationPerLevel().size();
        if (counts.size() > 1) {
            read.listNode().problem("one figure per level, but the zones have different level counts " + counts
                    + " (one table serves every zone's motor)");
        } else if (counts.size() == 1 && counts.get(0) != given) {
            read.listNode().problem("one figure per level: " + counts.get(0) + " (the zones' levels), found " + given);
        }
    }
}
