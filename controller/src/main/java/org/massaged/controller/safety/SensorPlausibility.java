package org.massaged.controller.safety;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;

/**
 * Data-driven plausibility of every measured value against its {@link SensorSpec} (S9): out of range,
 * a change faster than the spec's rate (over at least {@link #RATE_WINDOW_SECONDS}), or (for a temperature while the heater is on) a value that does not
 * move for {@code stuckAfter}. Occupancy switches are not checked here.
 *
 * <p>Which readings a spec covers: temperature specs the temperature of the same id; motor-current and
 * tachometer specs the zone of the same id when the device reports one, otherwise every zone's value.
 */
final class SensorPlausibility {

    record Violation(String code, String message) {}

    /**
     * Reports closer together than this are judged as if this far apart: the rate of a value read twice within
     * a few milliseconds says more about the quantisation and timing of the reports than about the sensor.
     */
    static final double RATE_WINDOW_SECONDS = 0.2;


    private static final class Track {
        double value;
        long atNanos;
        long unchangedSinceNanos;
    }

    private final List<SensorSpec> specs;
    /** Per spec id, per reading key: what was last seen. */
    private final Map<String, Map<String, Track>> tracks = new HashMap<>();

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
            boolean shouldMove = heating && spec.kind() == SensorKind.TEMPERATURE;
            Double own = values.get(spec.id());
            if (own != null) {
                Optional<Violation> violation = checkValue(spec, spec.id(), own, nowNanos, shouldMove);
                if (violation.isPresent()) {
                    return violation;
                }
            } else if (spec.kind() != SensorKind.TEMPERATURE) {
                for (Map.Entry<String, Double> entry : values.entrySet()) {
                    Optional<Violation> violation = checkValue(spec, entry.getKey(), entry.getValue(), nowNanos, shouldMove);
                    if (violation.isPresent()) {
                        return violation;
                    }
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

    private static String name(SensorSpec spec, String key) {
        return spec.id() + (key.equals(spec.id()) ? "" : " (" + key + ")");
    }

    private Optional<Violation> checkValue(SensorSpec spec, String key, double value, long nowNanos, boolean shouldMove) {
        if (Double.isNaN(value) || value < spec.min() || value > spec.max()) {
            String name = name(spec, key);
            return Optional.of(new Violation("sensor-out-of-range", "Sensor " + name + " reads " + value + " "
                    + spec.unit() + ", outside its plausible range " + spec.min() + ".." + spec.max() + "."));
        }
        Map<String, Track> ofSpec = tracks.computeIfAbsent(spec.id(), id -> new HashMap<>());
        Track track = ofSpec.get(key);
        if (track == null) {
            track = new Track();
            track.value = value;
            track.atNanos = nowNanos;
            track.unchangedSinceNanos = nowNanos;
            ofSpec.put(key, track);
            return Optional.empty();
        }
        double seconds = (nowNanos - track.atNanos) / 1e9;
        if (spec.maxRatePerSecond() > 0
                && Math.abs(value - track.value) > spec.maxRatePerSecond() * Math.max(seconds, RATE_WINDOW_SECONDS)) {
            String name = name(spec, key);
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
            String name = name(spec, key);
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
