package org.massaged.device.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.massaged.device.profile.yaml.Durations;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * Applies a user-override file to a profile. An override may only narrow: disable zones, lower levels,
 * ramps and heat, shorten sessions and budgets, lengthen rest. Anything that would widen a limit, and any
 * zone the profile does not have, is a problem naming the key and the reason.
 */
final class OverrideReader {

    private OverrideReader() {}

    static Optional<DeviceProfile> apply(DeviceProfile base, YamlValue document) {
        Optional<YamlMap> root = document.asMap();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = root.get().allow("version", "kind", "profile", "name", "disableZones", "zones", "heater",
                "session");
        int before = document.problems().count();
        ProfileReader.checkHeader(map, "override");
        map.optional("profile").ifPresent(value -> value.asText().ifPresent(id -> {
            if (!id.equals(base.id())) {
                value.problem("\"" + base.id() + "\": this override is for profile \"" + id
                        + "\" and cannot be applied to \"" + base.id() + "\"");
            }
        }));
        map.text("name", false);
        Set<String> disabled = new HashSet<>();
        if (map.has("disableZones")) {
            map.list("disableZones", true, 0, 16, item -> item.asText().filter(id -> knownZone(base, id, item)))
                    .ifPresent(disabled::addAll);
        }
        List<Zone> zones = new ArrayList<>();
        Optional<YamlMap> zoneOverrides = map.map("zones", false);
        zoneOverrides.ifPresent(overrides -> overrides.keys().forEach(id ->
                knownZone(base, id, overrides.key(id).orElse(overrides.self()))));
        for (Zone zone : base.zones()) {
            Optional<YamlMap> narrowing = zoneOverrides.flatMap(overrides -> overrides.optional(zone.id()))
                    .flatMap(YamlValue::asMap);
            Actuator actuator = narrowing.map(values -> narrowActuator(zone.actuator(), values))
                    .orElse(zone.actuator());
            zones.add(zone.withActuator(actuator).withDisabled(zone.disabled() || disabled.contains(zone.id())));
        }
        if (zones.stream().noneMatch(Zone::drivable)) {
            map.optional("disableZones").orElse(map.self()).problem(
                    "at least one drivable zone left; this override disables every zone of \"" + base.id() + "\"");
        }
        Optional<Heater> heater = base.heater();
        if (map.has("heater")) {
            heater = map.map("heater", true).flatMap(values -> narrowHeater(base, values));
        }
        SessionLimits session = map.map("session", false)
                .map(values -> narrowSession(base.session(), values)).orElse(base.session());
        if (document.problems().count() > before) {
            return Optional.empty();
        }
        return Optional.of(new DeviceProfile(base.version(), base.id(), base.name(), base.vendor(), base.model(),
                base.revision(), base.identity(), base.transport(), zones, heater, base.sensors(), session,
                base.vibration()));
    }

    private static boolean knownZone(DeviceProfile base, String id, YamlValue where) {
        if (base.zone(id).isPresent()) {
            return true;
        }
        where.problem("a zone of profile \"" + base.id() + "\" (" + String.join(", ",
                base.zones().stream().map(Zone::id).toList()) + "); it has no zone \"" + id + "\"");
        return false;
    }

    private static Actuator narrowActuator(Actuator base, YamlMap map) {
        map.allow("defaultLevel", "homeMax", "hardMax", "rampUpLevelsPerSecond");
        int hardMax = lowerInt(map, "hardMax", base.hardMax(), 1);
        int homeMax = map.has("homeMax") ? lowerInt(map, "homeMax", base.homeMax(), 1)
                : Math.min(base.homeMax(), hardMax);
        int defaultLevel = map.has("defaultLevel") ? lowerInt(map, "defaultLevel", base.defaultLevel(), 1)
                : Math.min(base.defaultLevel(), homeMax);
        double rampUp = lowerNumber(map, "rampUpLevelsPerSecond", base.rampUpLevelsPerSecond(), 0.01, " levels/s");
        Actuator narrowed = new Actuator(base.type(), base.steps(), base.levels(), defaultLevel, homeMax, hardMax,
                base.offBelow(), base.kickStart(), rampUp, base.rampDownLevelsPerSecond(), base.shutdownValue(),
                base.lease(), base.fullSpeedRpm(), base.spinDown());
        ZoneReader.checkLevels(narrowed, map);
        return narrowed;
    }

    /** A value that may only go down, to no less than {@code floor}; a raise is a problem naming both values. */
    private static int lowerInt(YamlMap map, String key, int current, int floor) {
        Optional<YamlValue> node = map.optional(key);
        Optional<Integer> asked = node.flatMap(value -> value.asInt(Integer.MIN_VALUE, Integer.MAX_VALUE));
        if (asked.isEmpty()) {
            return current;
        }
        if (asked.get() > current) {
            node.get().problem("at most " + current + ": an override may only lower " + key + ", not raise it from "
                    + current + " to " + asked.get());
            return current;
        }
        if (asked.get() < floor) {
            node.get().problem("at least " + floor);
            return current;
        }
        return asked.get();
    }

    private static Optional<Heater> narrowHeater(DeviceProfile base, YamlMap map) {
        map.allow("enabled", "setpointCelsius", "tripCelsius", "maxWarmUp");
        if (base.heater().isEmpty()) {
            map.self().problem("no heater section: profile \"" + base.id() + "\" has no heater to narrow");
            return Optional.empty();
        }
        Heater heater = base.heater().get();
        boolean enabled = map.has("enabled") ? map.bool("enabled", true).orElse(true) : true;
        double setpoint = lowerNumber(map, "setpointCelsius", heater.setpointCelsius(), HeaterReader.MIN_SETPOINT_CELSIUS,
                " °C");
        double trip = lowerNumber(map, "tripCelsius", heater.tripCelsius(), HeaterReader.MIN_SETPOINT_CELSIUS, " °C");
        Duration warmUp = lowerDuration(map, "maxWarmUp", heater.maxWarmUp(), Duration.ZERO);
        if (trip <= setpoint) {
            ProfileReader.pointAt(map, "tripCelsius").problem("a trip temperature above the setpoint (" + setpoint
                    + " °C)");
        }
        return enabled ? Optional.of(new Heater(setpoint, trip, heater.sensor(), warmUp)) : Optional.empty();
    }

    private static double lowerNumber(YamlMap map, String key, double current, double floor, String unit) {
        Optional<YamlValue> node = map.optional(key);
        Optional<Double> asked = node.flatMap(value -> value.asNumber(-1e6, false, 1e6));
        if (asked.isEmpty()) {
            return current;
        }
        if (asked.get() > current) {
            node.get().problem("at most " + current + unit + ": an override may only lower " + key);
            return current;
        }
        if (asked.get() < floor) {
            node.get().problem("at least " + floor + unit);
            return current;
        }
        return asked.get();
    }

    /** A duration that may only get shorter, to no less than {@code floor}. */
    private static Duration lowerDuration(YamlMap map, String key, Duration current, Duration floor) {
        return narrowDuration(map, key, current, floor, true);
    }

    /** A duration that may only get longer, to no more than {@code ceiling}. */
    private static Duration raiseDuration(YamlMap map, String key, Duration current, Duration ceiling) {
        return narrowDuration(map, key, current, ceiling, false);
    }

    /**
     * The duration at {@code key}, which may move from {@code current} only the safe way (shorter when
     * {@code shorten}, else longer) and no further than {@code limit}; {@code current} when absent or refused.
     */
    private static Duration narrowDuration(YamlMap map, String key, Duration current, Duration limit, boolean shorten) {
        Optional<YamlValue> node = map.optional(key);
        Optional<Duration> asked = node.flatMap(value -> value.asDuration(Duration.ZERO, Duration.ofDays(10)));
        if (asked.isEmpty()) {
            return current;
        }
        int sign = shorten ? 1 : -1;
        if (sign * asked.get().compareTo(current) > 0) {
            node.get().problem((shorten ? "at most " : "at least ") + Durations.show(current)
                    + ": an override may only " + (shorten ? "shorten " : "lengthen ") + key);
            return current;
        }
        if (sign * asked.get().compareTo(limit) < 0) {
            node.get().problem((shorten ? "at least " : "at most ") + Durations.show(limit));
            return current;
        }
        return asked.get();
    }

    private static SessionLimits narrowSession(SessionLimits base, YamlMap map) {
        map.allow("defaultDuration", "minDuration", "maxDuration", "minRest", "dailyBudget", "pauseTimeout");
        Duration max = lowerDuration(map, "maxDuration", base.maxDuration(), SessionLimits.FLOOR);
        Duration min = raiseDuration(map, "minDuration", base.minDuration(), SessionLimits.CEILING);
        Duration defaultDuration = map.has("defaultDuration")
                ? map.duration("defaultDuration", true, SessionLimits.FLOOR, SessionLimits.CEILING)
                        .orElse(base.defaultDuration())
                : clamp(base.defaultDuration(), min, max);
        Duration minRest = raiseDuration(map, "minRest", base.minRest(), SessionReader.MAX_REST);
        Duration budget = lowerDuration(map, "dailyBudget", base.dailyBudget(), SessionLimits.FLOOR);
        Duration pause = lowerDuration(map, "pauseTimeout", base.pauseTimeout(), SessionReader.MIN_PAUSE_TIMEOUT);
        SessionLimits limits = new SessionLimits(defaultDuration, min, max, minRest, budget, pause);
        SessionReader.checkSession(limits, map);
        return limits;
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
