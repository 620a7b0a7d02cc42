package org.massaged.device.profile;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * One entry of a profile's {@code sensors}, and the rule that sensor ids are unique.
 */
final class SensorReader {

    private SensorReader() {}

    record SensorRead(SensorSpec sensor, YamlValue idNode, YamlValue node) {}

    static Optional<SensorRead> sensor(YamlValue item) {
        return item.asMap().flatMap(map -> {
            map.allow("id", "kind", "unit", "min", "max", "maxRatePerSecond", "stuckAfter");
            Optional<YamlValue> idNode = map.required("id");
            Optional<String> id = idNode.flatMap(value -> value.asText(ProfileReader.ID, ProfileReader.ID_RULE));
            Optional<SensorKind> kind = map.choice("kind", true, SensorKind.class);
            boolean occupancy = kind.orElse(null) == SensorKind.OCCUPANCY;
            Optional<String> unit = map.has("unit") ? map.text("unit", true) : kind.map(SensorReader::defaultUnit);
            Optional<Double> min = map.has("min") || !occupancy ? map.number("min", true, -1e6, false, 1e6)
                    : Optional.of(0.0);
            Optional<Double> max = map.has("max") || !occupancy ? map.number("max", true, -1e6, false, 1e6)
                    : Optional.of(1.0);
            Optional<Double> rate = map.has("maxRatePerSecond") || !occupancy
                    ? map.number("maxRatePerSecond", true, 0, true, 1e6) : Optional.of(0.0);
            Optional<Duration> stuck = map.has("stuckAfter")
                    ? map.duration("stuckAfter", true, Duration.ZERO, Duration.ofHours(1)) : Optional.of(Duration.ZERO);
            if (id.isEmpty() || kind.isEmpty() || unit.isEmpty() || min.isEmpty() || max.isEmpty() || rate.isEmpty()
                    || stuck.isEmpty()) {
                return Optional.empty();
            }
            if (min.get() >= max.get()) {
                map.required("max").ifPresent(value -> value.problem("a number above min (" + min.get() + ")"));
                return Optional.empty();
            }
            if (occupancy && (min.get() != 0.0 || max.get() != 1.0)) {
                map.self().problem("min 0 and max 1 for an occupancy switch (or leave them out)");
                return Optional.empty();
            }
            return Optional.of(new SensorRead(new SensorSpec(id.get(), kind.get(), unit.get(), min.get(), max.get(),
                    rate.get(), stuck.get()), idNode.get(), item));
        });
    }

    private static String defaultUnit(SensorKind kind) {
        return switch (kind) {
            case TEMPERATURE -> "°C";
            case MOTOR_CURRENT -> "mA";
            case TACHOMETER -> "rpm";
            case OCCUPANCY -> "";
        };
    }

    static void checkIds(List<SensorRead> sensors) {
        Map<String, SensorRead> seen = new HashMap<>();
        for (SensorRead sensor : sensors) {
            SensorRead first = seen.putIfAbsent(sensor.sensor().id(), sensor);
            if (first != null) {
                sensor.idNode().problem("a sensor id used once; \"" + sensor.sensor().id()
                        + "\" is already the sensor on line " + first.idNode().line());
            }
        }
    }
}
