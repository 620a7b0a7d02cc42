package org.massaged.controller.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;

/**
 * Data-driven plausibility of every measured value against its {@link SensorSpec} (S9): out of range,
 * a change faster than the spec's rate, or (for a temperature while the heater is on) a value that does not
 * move for {@code stuckAfter}. Occupancy switches are not checked here.
 *
 * <p>Which readings a spec covers: temperature specs the temperature of the same id; motor-current and
 * tachometer specs the zone of the same id when the device reports one, otherwise every zone's value.
 */
final class SensorPlausibility {

    record Violation(String code, String message) {}

    private record Channel(SensorSpec spec, String key) {}

    private static final class Track {
        double value;
        long atNanos;
        long unchangedSinceNanos;
    }

    private final List<SensorSpec> specs;
    private final Map<String, Track> tracks = new HashMap<>();

    SensorPlausibility(List<SensorSpec> specs) {
        this.specs = specs.stream().filter(spec -> spec.kind() != SensorKind.OCCUPANCY).toList();
    }

    /**
     * Checks one report. {@code heating} says whether the heater was on, so that a temperature should move.
     * Returns the first violation, if any.
     */
    Optional<Violation> check(Readings readings, long nowNanos, boolean heating) {
        for (SensorSpec spec : specs) {
            Map<String, Double> values = valuesFor(spec, readings);
            for (Map.Entry<String, Double> entry : channels(spec, values)) {
                Optional<Violation> violation = checkValue(new Channel(spec, entry.getKey()), entry.getValue(),
                        nowNanos, heating && spec.kind() == SensorKind.TEMPERATURE);
                if (violation.isPresent()) {
                    return violation;
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, Double> valuesFor(SensorSpec spec, Readings readings) {
        return switch (spec.kind()) {
            case TEMPERATURE -> readings.temperatures();
            case MOTOR_CURRENT -> readings.zoneCurrentMa();
            case TACHOMETER -> readings.zoneRpm();
            case OCCUPANCY -> Map.of();
        };
    }

    private static List<Map.Entry<String, Double>> channels(SensorSpec spec, Map<String, Double> values) {
        Double own = values.get(spec.id());
        if (own != null) {
            return List.of(Map.entry(spec.id(), own));
        }
        if (spec.kind() == SensorKind.TEMPERATURE) {
            return List.of();
        }
        return new ArrayList<>(values.entrySet());
    }

    private Optional<Violation> checkValue(Channel channel, double value, long nowNanos, boolean shouldMove) {
        SensorSpec spec = channel.spec();
        String name = spec.id() + (channel.key().equals(spec.id()) ? "" : " (" + channel.key() + ")");
        if (Double.isNaN(value) || value < spec.min() || value > spec.max()) {
            return Optional.of(new Violation("sensor-out-of-range", "Sensor " + name + " reads " + value + " "
                    + spec.unit() + ", outside its plausible range " + spec.min() + ".." + spec.max() + "."));
        }
        String key = spec.id() + "/" + channel.key();
        Track track = tracks.get(key);
        if (track == null) {
            track = new Track();
            track.value = value;
            track.atNanos = nowNanos;
            track.unchangedSinceNanos = nowNanos;
            tracks.put(key, track);
            return Optional.empty();
        }
        double seconds = (nowNanos - track.atNanos) / 1e9;
        if (seconds > 0 && spec.maxRatePerSecond() > 0
                && Math.abs(value - track.value) / seconds > spec.maxRatePerSecond()
                && Math.abs(value - track.value) > spec.maxRatePerSecond() * 0.05) {
            return Optional.of(new Violation("sensor-rate", "Sensor " + name + " changed from " + track.value
                    + " to " + value + " " + spec.unit() + " in " + Math.round(seconds * 1000)
                    + " ms, faster than its plausible " + spec.maxRatePerSecond() + " " + spec.unit() + "/s."));
        }
        if (value != track.value || !shouldMove) {
            track.unchangedSinceNanos = nowNanos;
        }
        track.value = value;
        track.atNanos = nowNanos;
        long stuckNanos = spec.stuckAfter() == null ? 0 : spec.stuckAfter().toNanos();
        if (shouldMove && stuckNanos > 0 && nowNanos - track.unchangedSinceNanos >= stuckNanos) {
            return Optional.of(new Violation("sensor-stuck", "Sensor " + name + " has read " + value + " "
                    + spec.unit() + " for " + spec.stuckAfter().toSeconds() + " s although the heater is on."));
        }
        return Optional.empty();
    }

    /** Forgets the history (after a link loss: the next report starts fresh). */
    void reset() {
        tracks.clear();
    }
}
