package org.massaged.device.profile;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * One entry of a profile's {@code zones} and its {@code actuator}: every bound, and the relations between
 * levels, steps, offBelow, kick start and shutdown.
 */
final class ZoneReader {

    /** Program zone names that address a side, not a zone: a profile may not use them as zone ids. */
    static final Set<String> SIDE_NAMES = Set.of("left", "right", "both");
    static final Duration MIN_LEASE = Duration.ofMillis(300);
    static final Duration MAX_LEASE = Duration.ofMillis(1000);
    static final int MIN_FULL_SPEED_RPM = 100;
    static final int MAX_FULL_SPEED_RPM = 30_000;
    static final Duration MIN_SPIN_DOWN = Duration.ofMillis(20);
    /** The longest coast the wire protocol carries (CONFIGURE spin-down ≤ 10000 ms). */
    static final Duration MAX_SPIN_DOWN = Duration.ofSeconds(10);

    private ZoneReader() {}

    /** A zone with the nodes its id was read from, to point at later. */
    record ZoneRead(Zone zone, YamlValue idNode) {}

    static Optional<ZoneRead> zone(YamlValue item) {
        return item.asMap().flatMap(map -> {
            map.allow("id", "name", "side", "overSpine", "actuator");
            Optional<YamlValue> idNode = map.required("id");
            Optional<String> id = idNode.flatMap(value -> value.asText(ProfileReader.ID, ProfileReader.ID_RULE)
                    .filter(text -> {
                        if (SIDE_NAMES.contains(text)) {
                            value.problem("a zone id other than left, right or both (programs use those names for sides)");
                            return false;
                        }
                        return true;
                    }));
            Optional<String> name = map.text("name", true);
            Optional<Zone.Side> side = map.has("side") ? map.choice("side", true, Zone.Side.class)
                    : Optional.of(Zone.Side.BOTH);
            Optional<Boolean> overSpine = map.has("overSpine") ? map.bool("overSpine", true) : Optional.of(false);
            Optional<Actuator> actuator = map.map("actuator", true).flatMap(ZoneReader::actuator);
            if (id.isEmpty() || name.isEmpty() || side.isEmpty() || overSpine.isEmpty() || actuator.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ZoneRead(new Zone(id.get(), name.get(), overSpine.get(), actuator.get(), side.get(),
                    false), idNode.get()));
        });
    }

    static Optional<Actuator> actuator(YamlMap map) {
        map.allow("type", "steps", "levels", "defaultLevel", "homeMax", "hardMax", "offBelow", "kickStart",
                "rampUpLevelsPerSecond", "rampDownLevelsPerSecond", "shutdownValue", "lease", "fullSpeedRpm", "spinDown");
        Optional<Actuator.ActuatorType> type = map.choice("type", true, Actuator.ActuatorType.class);
        Optional<Integer> steps = map.integer("steps", true, 1, 65_535);
        Optional<Integer> levels = map.integer("levels", true, 1, 100);
        int levelCap = levels.orElse(100);
        Optional<Integer> defaultLevel = map.integer("defaultLevel", true, 1, levelCap);
        Optional<Integer> homeMax = map.integer("homeMax", true, 1, levelCap);
        Optional<Integer> hardMax = map.integer("hardMax", true, 1, levelCap);
        int stepCap = steps.orElse(65_535);
        Optional<Integer> offBelow = map.has("offBelow") ? map.integer("offBelow", true, 0, stepCap) : Optional.of(0);
        Optional<Optional<Actuator.KickStart>> kickStart = map.has("kickStart")
                ? map.map("kickStart", true).flatMap(kick -> {
                    kick.allow("steps", "duration");
                    Optional<Integer> kickSteps = kick.integer("steps", true, 1, stepCap);
                    Optional<Duration> duration = kick.duration("duration", true, Duration.ofMillis(10),
                            Duration.ofMillis(500));
                    return kickSteps.isPresent() && duration.isPresent()
                            ? Optional.of(Optional.of(new Actuator.KickStart(kickSteps.get(), duration.get())))
                            : Optional.empty();
                })
                : Optional.of(Optional.empty());
        Optional<Double> rampUp = map.number("rampUpLevelsPerSecond", true, 0, true, levelCap);
        Optional<Double> rampDown = map.number("rampDownLevelsPerSecond", true, 0, true, levelCap);
        Optional<Integer> shutdown = map.has("shutdownValue")
                ? map.integer("shutdownValue", true, 0, stepCap) : Optional.of(0);
        Optional<Duration> lease = map.duration("lease", true, MIN_LEASE, MAX_LEASE);
        Optional<Integer> fullSpeed = map.integer("fullSpeedRpm", true, MIN_FULL_SPEED_RPM, MAX_FULL_SPEED_RPM);
        Optional<Duration> spinDown = map.duration("spinDown", true, MIN_SPIN_DOWN, MAX_SPIN_DOWN);
        if (type.isEmpty() || steps.isEmpty() || levels.isEmpty() || defaultLevel.isEmpty() || homeMax.isEmpty()
                || hardMax.isEmpty() || offBelow.isEmpty() || kickStart.isEmpty() || rampUp.isEmpty()
                || rampDown.isEmpty() || shutdown.isEmpty() || lease.isEmpty() || fullSpeed.isEmpty()
                || spinDown.isEmpty()) {
            return Optional.empty();
        }
        Actuator actuator = new Actuator(type.get(), steps.get(), levels.get(), defaultLevel.get(), homeMax.get(),
                hardMax.get(), offBelow.get(), kickStart.get(), rampUp.get(), rampDown.get(), shutdown.get(),
                lease.get(), fullSpeed.get(), spinDown.get());
        return checkLevels(actuator, map) ? Optional.of(actuator) : Optional.empty();
    }

    /** defaultLevel ≤ homeMax ≤ hardMax ≤ levels; the start level turns the motor; shutdown holds it still. */
    static boolean checkLevels(Actuator actuator, YamlMap map) {
        boolean ok = true;
        if (actuator.homeMax() > actuator.hardMax()) {
            ProfileReader.pointAt(map, "homeMax").problem(("at most hardMax (" + actuator.hardMax() + ")"));
            ok = false;
        }
        if (actuator.defaultLevel() > actuator.homeMax()) {
            ProfileReader.pointAt(map, "defaultLevel").problem((
                    "at most homeMax (" + actuator.homeMax() + "): every session starts at the low-pressure level"));
            ok = false;
        }
        if (actuator.stepsFor(actuator.defaultLevel()) == 0) {
            ProfileReader.pointAt(map, "defaultLevel").problem(("a level whose steps ("
                    + Math.round((double) actuator.defaultLevel() / actuator.levels() * actuator.steps())
                    + ") reach offBelow (" + actuator.offBelow() + "), so the motor turns at the start level"));
            ok = false;
        }
        if (actuator.shutdownValue() != 0 && actuator.shutdownValue() >= actuator.offBelow()) {
            ProfileReader.pointAt(map, "shutdownValue").problem((
                    "0, or below offBelow (" + actuator.offBelow() + "), so the motor stands still on shutdown"));
            ok = false;
        }
        Optional<Actuator.KickStart> kick = actuator.kickStart();
        if (kick.isPresent() && kick.get().steps() < actuator.offBelow()) {
            ProfileReader.pointAt(map, "kickStart").problem((
                    "kick-start steps of at least offBelow (" + actuator.offBelow() + ")"));
            ok = false;
        }
        return ok;
    }
}
