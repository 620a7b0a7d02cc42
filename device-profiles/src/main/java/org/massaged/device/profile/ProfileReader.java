package org.massaged.device.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.massaged.device.profile.yaml.Durations;
import org.massaged.device.profile.yaml.FormatVersion;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * Turns the YAML tree of a profile file into a {@link DeviceProfile}, checking every field and every
 * relation between fields. Reading never stops at the first problem; the profile is only built when there
 * are none. Bounds live here and in docs/profiles.md, and must agree.
 */
final class ProfileReader {

    static final int FORMAT_VERSION = 1;
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final String ID_RULE = "an id of lower-case letters, digits and dashes (at most 63), e.g. lumbar-left";
    /** Program zone names that address a side, not a zone: a profile may not use them as zone ids. */
    static final Set<String> SIDE_NAMES = Set.of("left", "right", "both");
    static final Set<Integer> BAUD_RATES = Set.of(9600, 19200, 38400, 57600, 115200, 230400, 250000, 460800,
            500000, 921600, 1000000);
    static final Duration MIN_LEASE = Duration.ofMillis(300);
    static final int MIN_FULL_SPEED_RPM = 100;
    static final int MAX_FULL_SPEED_RPM = 30_000;
    static final Duration MIN_SPIN_DOWN = Duration.ofMillis(20);
    /** The longest coast the wire protocol carries (CONFIGURE spin-down ≤ 10000 ms). */
    static final Duration MAX_SPIN_DOWN = Duration.ofSeconds(10);
    static final Duration MAX_LEASE = Duration.ofMillis(1000);
    static final double MIN_SETPOINT_CELSIUS = 30.0;
    static final Duration MAX_WARM_UP = Duration.ofMinutes(10);
    static final Duration MAX_REST = Duration.ofHours(24);
    static final Duration MIN_PAUSE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_PAUSE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_MIN_REST = Duration.ofMinutes(30);
    static final Duration DEFAULT_DAILY_BUDGET = Duration.ofMinutes(45);
    static final Duration DEFAULT_PAUSE_TIMEOUT = Duration.ofMinutes(2);
    static final Duration DEFAULT_MAX_WARM_UP = Duration.ofMinutes(3);

    private ProfileReader() {}

    /** Reads the document; empty when anything is wrong (the problems are in the document's collector). */
    static Optional<DeviceProfile> read(YamlValue document) {
        Optional<YamlMap> root = document.asMap();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = root.get().allow("version", "kind", "id", "name", "vendor", "model", "revision", "identity",
                "transport", "zones", "heater", "sensors", "session");
        int before = document.problems().count();
        checkHeader(map, "profile");
        Optional<String> id = map.get("id", true).flatMap(value -> value.asText(ID, ID_RULE));
        Optional<String> name = map.text("name", true);
        Optional<String> vendor = map.text("vendor", true);
        Optional<String> model = map.text("model", true);
        Optional<String> revision = map.text("revision", true);
        Optional<Identity> identity = map.map("identity", true).flatMap(ProfileReader::identity);
        Optional<Transport> transport = map.map("transport", true)
                .flatMap(value -> transport(value, identity));
        Optional<List<ZoneRead>> zones = map.list("zones", true, 1, 16, ProfileReader::zone);
        Optional<List<SensorRead>> sensors = map.has("sensors")
                ? map.list("sensors", true, 0, 32, ProfileReader::sensor) : Optional.of(List.of());
        Optional<Optional<Heater>> heater = map.has("heater")
                ? map.map("heater", true).flatMap(value -> heater(value, sensors)).map(Optional::of)
                : Optional.of(Optional.empty());
        Optional<SessionLimits> session = map.has("session")
                ? map.map("session", true).flatMap(ProfileReader::session) : Optional.of(defaultSession());

        zones.ifPresent(list -> checkZones(map, list));
        sensors.ifPresent(ProfileReader::checkSensorIds);
        if (transport.isPresent() && zones.isPresent() && sensors.isPresent() && heater.isPresent()) {
            checkTransportAgainstDevice(map, transport.get(), zones.get(), sensors.get(), heater.get().isPresent());
        }
        if (document.problems().count() > before) {
            return Optional.empty();
        }
        return Optional.of(new DeviceProfile(FORMAT_VERSION, id.get(), name.get(), vendor.get(), model.get(),
                revision.get(), identity.get(), transport.get(),
                zones.get().stream().map(ZoneRead::zone).toList(), heater.get(),
                sensors.get().stream().map(SensorRead::sensor).toList(), session.get()));
    }

    /** {@code version} must be the one this build reads; {@code kind}, when present, must match. */
    static void checkHeader(YamlMap map, String kind) {
        FormatVersion.check(map);
        map.optional("kind").ifPresent(value -> {
            if (!value.asText().map(kind::equals).orElse(true)) {
                value.problem("\"" + kind + "\" (this file is read as a " + kind + ")");
            }
        });
    }

    static SessionLimits defaultSession() {
        return new SessionLimits(SessionLimits.DEFAULT, SessionLimits.FLOOR, SessionLimits.CEILING,
                DEFAULT_MIN_REST, DEFAULT_DAILY_BUDGET, DEFAULT_PAUSE_TIMEOUT);
    }

    private static Optional<Identity> identity(YamlMap map) {
        map.allow("usbVendorId", "usbProductId", "firmwareBoard", "protocolMajor");
        Optional<Integer> vendorId = map.integer("usbVendorId", false, 0, 0xFFFF);
        Optional<Integer> productId = map.integer("usbProductId", false, 0, 0xFFFF);
        Optional<String> board = map.text("firmwareBoard", true);
        Optional<Integer> protocol = map.integer("protocolMajor", true, 1, 255);
        if (map.has("usbVendorId") != map.has("usbProductId")) {
            map.self().problem("usbVendorId and usbProductId together, or neither");
            return Optional.empty();
        }
        if (board.isEmpty() || protocol.isEmpty()
                || (map.has("usbVendorId") && (vendorId.isEmpty() || productId.isEmpty()))) {
            return Optional.empty();
        }
        return Optional.of(new Identity(
                vendorId.map(OptionalInt::of).orElse(OptionalInt.empty()),
                productId.map(OptionalInt::of).orElse(OptionalInt.empty()),
                board.get(), protocol.get()));
    }

    private static Optional<Transport> transport(YamlMap map, Optional<Identity> identity) {
        map.allow("serial", "gpio");
        if (map.has("serial") == map.has("gpio")) {
            map.self().problem("exactly one of \"serial\" or \"gpio\"");
            return Optional.empty();
        }
        if (map.has("serial")) {
            return map.map("serial", true).flatMap(serial -> serial(serial, identity));
        }
        return map.map("gpio", true).flatMap(ProfileReader::gpio);
    }

    private static Optional<Transport> serial(YamlMap map, Optional<Identity> identity) {
        map.allow("port", "baud", "dataBits", "parity", "stopBits", "toggleDtrOnOpen");
        Optional<String> port = map.text("port", false);
        Optional<Integer> baud = map.required("baud").flatMap(value -> value.asInt(1, 4_000_000).filter(rate -> {
            if (!BAUD_RATES.contains(rate)) {
                value.problem("a standard baud rate: " + BAUD_RATES.stream().sorted().map(String::valueOf)
                        .reduce((a, b) -> a + ", " + b).orElse(""));
                return false;
            }
            return true;
        }));
        Optional<Integer> dataBits = map.has("dataBits") ? map.integer("dataBits", true, 5, 8) : Optional.of(8);
        Optional<SerialTransport.Parity> parity = map.has("parity")
                ? map.choice("parity", true, SerialTransport.Parity.class) : Optional.of(SerialTransport.Parity.NONE);
        Optional<Integer> stopBits = map.has("stopBits") ? map.integer("stopBits", true, 1, 2) : Optional.of(1);
        Optional<Boolean> dtr = map.has("toggleDtrOnOpen") ? map.bool("toggleDtrOnOpen", true) : Optional.of(false);
        if (!map.has("port") && identity.isPresent() && identity.get().usbVendorId().isEmpty()) {
            map.self().problem("a \"port\" (e.g. /dev/ttyUSB0), since identity has no usbVendorId/usbProductId"
                    + " to find the port by");
            return Optional.empty();
        }
        if (baud.isEmpty() || dataBits.isEmpty() || parity.isEmpty() || stopBits.isEmpty() || dtr.isEmpty()
                || (map.has("port") && port.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new SerialTransport(port, baud.get(), dataBits.get(), parity.get(), stopBits.get(),
                dtr.get()));
    }

    private static Optional<Transport> gpio(YamlMap map) {
        map.allow("pwm", "enable", "heater", "inputs");
        Optional<GpioTransport.Pwm> pwm = map.map("pwm", true).flatMap(value -> {
            value.allow("chip", "channel", "frequencyHz");
            Optional<Integer> chip = value.integer("chip", true, 0, 7);
            Optional<Integer> channel = value.integer("channel", true, 0, 3);
            Optional<Integer> frequency = value.integer("frequencyHz", true, 100, 100_000);
            return chip.isPresent() && channel.isPresent() && frequency.isPresent()
                    ? Optional.of(new GpioTransport.Pwm(chip.get(), channel.get(), frequency.get()))
                    : Optional.empty();
        });
        Optional<Lined<GpioTransport.OutputLine>> enable = map.map("enable", true).flatMap(ProfileReader::outputLine);
        Optional<Optional<Lined<GpioTransport.OutputLine>>> heater = map.has("heater")
                ? map.map("heater", true).flatMap(ProfileReader::outputLine).map(Optional::of)
                : Optional.of(Optional.empty());
        Optional<Lined<GpioTransport.Inputs>> inputs = map.map("inputs", true).flatMap(ProfileReader::inputs);
        if (pwm.isEmpty() || enable.isEmpty() || heater.isEmpty() || inputs.isEmpty()) {
            return Optional.empty();
        }
        List<YamlValue> lineNodes = new ArrayList<>();
        lineNodes.addAll(enable.get().lines());
        heater.get().ifPresent(line -> lineNodes.addAll(line.lines()));
        lineNodes.addAll(inputs.get().lines());
        Map<Integer, YamlValue> used = new HashMap<>();
        boolean clash = false;
        for (YamlValue node : lineNodes) {
            int line = node.asInt(0, 27).orElse(-1);
            YamlValue first = used.putIfAbsent(line, node);
            if (first != null) {
                node.problem("a GPIO line no other input or output uses; line " + line + " is already "
                        + first.path() + " (line " + first.line() + ")");
                clash = true;
            }
        }
        if (clash) {
            return Optional.empty();
        }
        return Optional.of(new GpioTransport(pwm.get(), enable.get().value(),
                heater.get().map(Lined::value), inputs.get().value()));
    }

    /** A value read from the file, with the nodes of the GPIO line numbers it uses (to find clashes). */
    private record Lined<T>(T value, List<YamlValue> lines) {}

    private static Optional<Lined<GpioTransport.OutputLine>> outputLine(YamlMap map) {
        map.allow("line", "activeHigh", "pull");
        Optional<Integer> line = map.integer("line", true, 0, 27);
        Optional<Boolean> activeHigh = map.has("activeHigh") ? map.bool("activeHigh", true) : Optional.of(true);
        Optional<GpioTransport.Pull> pull = map.has("pull")
                ? map.choice("pull", true, GpioTransport.Pull.class)
                : activeHigh.map(high -> high ? GpioTransport.Pull.DOWN : GpioTransport.Pull.UP);
        if (line.isEmpty() || activeHigh.isEmpty() || pull.isEmpty()) {
            return Optional.empty();
        }
        GpioTransport.Pull holdsOff = activeHigh.get() ? GpioTransport.Pull.DOWN : GpioTransport.Pull.UP;
        if (pull.get() != holdsOff) {
            map.get("pull", true).ifPresent(value -> value.problem("\"" + YamlValue.kebab(holdsOff)
                    + "\": an output must rest off, and with activeHigh " + activeHigh.get() + " that is pull "
                    + YamlValue.kebab(holdsOff)));
            return Optional.empty();
        }
        return Optional.of(new Lined<>(new GpioTransport.OutputLine(line.get(), activeHigh.get(), pull.get()),
                List.of(map.required("line").get())));
    }

    private static Optional<Lined<GpioTransport.InputLine>> inputLine(YamlMap map, boolean emergencyStop) {
        map.allow("line", "pull", "activeHigh", "normallyClosed", "debounceMs");
        Optional<Integer> line = map.integer("line", true, 0, 27);
        Optional<GpioTransport.Pull> pull = map.has("pull")
                ? map.choice("pull", true, GpioTransport.Pull.class) : Optional.of(GpioTransport.Pull.UP);
        Optional<Boolean> activeHigh = map.has("activeHigh") ? map.bool("activeHigh", true) : Optional.of(false);
        Optional<Boolean> normallyClosed = map.has("normallyClosed") || emergencyStop
                ? map.bool("normallyClosed", true) : Optional.of(false);
        Optional<Integer> debounce = map.has("debounceMs") ? map.integer("debounceMs", true, 0, 200) : Optional.of(20);
        if (emergencyStop && normallyClosed.isPresent() && !normallyClosed.get()) {
            map.required("normallyClosed").ifPresent(value -> value.problem(
                    "true: the emergency stop must be wired normally-closed, so that a cut wire stops the motor"));
            return Optional.empty();
        }
        if (line.isEmpty() || pull.isEmpty() || activeHigh.isEmpty() || normallyClosed.isEmpty() || debounce.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Lined<>(new GpioTransport.InputLine(line.get(), pull.get(), activeHigh.get(),
                normallyClosed.get(), debounce.get()), List.of(map.required("line").get())));
    }

    private static Optional<Lined<GpioTransport.Inputs>> inputs(YamlMap map) {
        map.allow("emergencyStop", "startStop", "intensityUp", "intensityDown", "tooMuch", "occupancy", "tachometer");
        List<YamlValue> lines = new ArrayList<>();
        Optional<GpioTransport.InputLine> stop = map.map("emergencyStop", true)
                .flatMap(value -> inputLine(value, true)).map(lined -> collect(lined, lines));
        List<Optional<Optional<GpioTransport.InputLine>>> buttons = new ArrayList<>();
        for (String key : List.of("startStop", "intensityUp", "intensityDown", "tooMuch", "occupancy")) {
            buttons.add(map.has(key)
                    ? map.map(key, true).flatMap(value -> inputLine(value, false))
                            .map(lined -> Optional.of(collect(lined, lines)))
                    : Optional.of(Optional.empty()));
        }
        Optional<Optional<GpioTransport.Tachometer>> tachometer = map.has("tachometer")
                ? map.map("tachometer", true).flatMap(value -> {
                    value.allow("line", "pulsesPerRevolution");
                    Optional<Integer> line = value.integer("line", true, 0, 27);
                    Optional<Integer> pulses = value.integer("pulsesPerRevolution", true, 1, 64);
                    if (line.isEmpty() || pulses.isEmpty()) {
                        return Optional.empty();
                    }
                    lines.add(value.required("line").get());
                    return Optional.of(Optional.of(new GpioTransport.Tachometer(line.get(), pulses.get())));
                })
                : Optional.of(Optional.empty());
        if (stop.isEmpty() || tachometer.isEmpty() || buttons.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(new Lined<>(new GpioTransport.Inputs(stop.get(), buttons.get(0).get(), buttons.get(1).get(),
                buttons.get(2).get(), buttons.get(3).get(), buttons.get(4).get(), tachometer.get()), lines));
    }

    private static <T> T collect(Lined<T> lined, List<YamlValue> lines) {
        lines.addAll(lined.lines());
        return lined.value();
    }

    /** A zone with the nodes its id was read from, to point at later. */
    record ZoneRead(Zone zone, YamlValue idNode) {}

    private static Optional<ZoneRead> zone(YamlValue item) {
        return item.asMap().flatMap(map -> {
            map.allow("id", "name", "side", "overSpine", "actuator");
            Optional<YamlValue> idNode = map.required("id");
            Optional<String> id = idNode.flatMap(value -> value.asText(ID, ID_RULE).filter(text -> {
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
            Optional<Actuator> actuator = map.map("actuator", true).flatMap(ProfileReader::actuator);
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
            pointAt(map, "homeMax").problem(("at most hardMax (" + actuator.hardMax() + ")"));
            ok = false;
        }
        if (actuator.defaultLevel() > actuator.homeMax()) {
            pointAt(map, "defaultLevel").problem((
                    "at most homeMax (" + actuator.homeMax() + "): every session starts at the low-pressure level"));
            ok = false;
        }
        if (actuator.stepsFor(actuator.defaultLevel()) == 0) {
            pointAt(map, "defaultLevel").problem(("a level whose steps ("
                    + Math.round((double) actuator.defaultLevel() / actuator.levels() * actuator.steps())
                    + ") reach offBelow (" + actuator.offBelow() + "), so the motor turns at the start level"));
            ok = false;
        }
        if (actuator.shutdownValue() != 0 && actuator.shutdownValue() >= actuator.offBelow()) {
            pointAt(map, "shutdownValue").problem((
                    "0, or below offBelow (" + actuator.offBelow() + "), so the motor stands still on shutdown"));
            ok = false;
        }
        Optional<Actuator.KickStart> kick = actuator.kickStart();
        if (kick.isPresent() && kick.get().steps() < actuator.offBelow()) {
            pointAt(map, "kickStart").problem((
                    "kick-start steps of at least offBelow (" + actuator.offBelow() + ")"));
            ok = false;
        }
        return ok;
    }

    record SensorRead(SensorSpec sensor, YamlValue idNode, YamlValue node) {}

    private static Optional<SensorRead> sensor(YamlValue item) {
        return item.asMap().flatMap(map -> {
            map.allow("id", "kind", "unit", "min", "max", "maxRatePerSecond", "stuckAfter");
            Optional<YamlValue> idNode = map.required("id");
            Optional<String> id = idNode.flatMap(value -> value.asText(ID, ID_RULE));
            Optional<SensorKind> kind = map.choice("kind", true, SensorKind.class);
            boolean occupancy = kind.orElse(null) == SensorKind.OCCUPANCY;
            Optional<String> unit = map.has("unit") ? map.text("unit", true) : kind.map(ProfileReader::defaultUnit);
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

    private static Optional<Heater> heater(YamlMap map, Optional<List<SensorRead>> sensors) {
        map.allow("setpointCelsius", "tripCelsius", "sensor", "maxWarmUp");
        Optional<Double> setpoint = map.number("setpointCelsius", true, MIN_SETPOINT_CELSIUS, false,
                Heater.MAX_SETPOINT_CELSIUS);
        Optional<Double> trip = map.number("tripCelsius", true, MIN_SETPOINT_CELSIUS, false, Heater.MAX_TRIP_CELSIUS);
        Optional<YamlValue> sensorNode = map.required("sensor");
        Optional<String> sensor = sensorNode.flatMap(YamlValue::asText);
        Optional<Duration> warmUp = map.has("maxWarmUp")
                ? map.duration("maxWarmUp", true, Duration.ZERO, MAX_WARM_UP) : Optional.of(DEFAULT_MAX_WARM_UP);
        if (setpoint.isEmpty() || trip.isEmpty() || sensor.isEmpty() || warmUp.isEmpty()) {
            return Optional.empty();
        }
        if (trip.get() <= setpoint.get()) {
            map.required("tripCelsius").ifPresent(value -> value.problem(
                    "a trip temperature above the setpoint (" + setpoint.get() + " °C)"));
            return Optional.empty();
        }
        if (sensors.isPresent() && sensors.get().stream().noneMatch(read -> read.sensor().id().equals(sensor.get())
                && read.sensor().kind() == SensorKind.TEMPERATURE)) {
            sensorNode.get().problem("the id of a temperature sensor in \"sensors\"; temperature sensors: "
                    + sensors.get().stream().filter(read -> read.sensor().kind() == SensorKind.TEMPERATURE)
                            .map(read -> read.sensor().id()).toList());
            return Optional.empty();
        }
        return Optional.of(new Heater(setpoint.get(), trip.get(), sensor.get(), warmUp.get()));
    }

    private static Optional<SessionLimits> session(YamlMap map) {
        map.allow("defaultDuration", "minDuration", "maxDuration", "minRest", "dailyBudget", "pauseTimeout");
        Duration floor = SessionLimits.FLOOR;
        Duration ceiling = SessionLimits.CEILING;
        Optional<Duration> defaultDuration = orDefault(map, "defaultDuration", floor, ceiling, SessionLimits.DEFAULT);
        Optional<Duration> minDuration = orDefault(map, "minDuration", floor, ceiling, floor);
        Optional<Duration> maxDuration = orDefault(map, "maxDuration", floor, ceiling, ceiling);
        Optional<Duration> minRest = orDefault(map, "minRest", Duration.ZERO, MAX_REST, DEFAULT_MIN_REST);
        Optional<Duration> budget = orDefault(map, "dailyBudget", floor, MAX_REST, DEFAULT_DAILY_BUDGET);
        Optional<Duration> pause = orDefault(map, "pauseTimeout", MIN_PAUSE_TIMEOUT, MAX_PAUSE_TIMEOUT,
                DEFAULT_PAUSE_TIMEOUT);
        if (defaultDuration.isEmpty() || minDuration.isEmpty() || maxDuration.isEmpty() || minRest.isEmpty()
                || budget.isEmpty() || pause.isEmpty()) {
            return Optional.empty();
        }
        SessionLimits limits = new SessionLimits(defaultDuration.get(), minDuration.get(), maxDuration.get(),
                minRest.get(), budget.get(), pause.get());
        return checkSession(limits, map) ? Optional.of(limits) : Optional.empty();
    }

    static boolean checkSession(SessionLimits limits, YamlMap map) {
        if (limits.minDuration().compareTo(limits.maxDuration()) > 0) {
            pointAt(map, "minDuration").problem("at most maxDuration (" + Durations.show(limits.maxDuration()) + ")");
            return false;
        }
        if (limits.defaultDuration().compareTo(limits.minDuration()) < 0
                || limits.defaultDuration().compareTo(limits.maxDuration()) > 0) {
            pointAt(map, "defaultDuration").problem("a duration from minDuration (" + Durations.show(limits.minDuration())
                    + ") to maxDuration (" + Durations.show(limits.maxDuration()) + ")");
            return false;
        }
        if (limits.dailyBudget().compareTo(limits.minDuration()) < 0) {
            pointAt(map, "dailyBudget").problem("at least minDuration (" + Durations.show(limits.minDuration())
                    + "), so one session fits in a day");
            return false;
        }
        return true;
    }

    /** The node of {@code key} if the file has it, else the mapping itself. */
    static YamlValue pointAt(YamlMap map, String key) {
        return map.optional(key).orElse(map.self());
    }

    private static Optional<Duration> orDefault(YamlMap map, String key, Duration min, Duration max, Duration fallback) {
        return map.has(key) ? map.duration(key, true, min, max) : Optional.of(fallback);
    }

    private static void checkZones(YamlMap map, List<ZoneRead> zones) {
        Map<String, ZoneRead> seen = new HashMap<>();
        for (ZoneRead zone : zones) {
            ZoneRead first = seen.putIfAbsent(zone.zone().id(), zone);
            if (first != null) {
                zone.idNode().problem("a zone id used once; \"" + zone.zone().id() + "\" is already the zone on line "
                        + first.idNode().line());
            }
        }
        if (zones.stream().noneMatch(zone -> zone.zone().drivable())) {
            map.required("zones").ifPresent(value -> value.problem(
                    "at least one zone that is not overSpine (a device with nothing to drive is no massager)"));
        }
    }

    private static void checkSensorIds(List<SensorRead> sensors) {
        Map<String, SensorRead> seen = new HashMap<>();
        for (SensorRead sensor : sensors) {
            SensorRead first = seen.putIfAbsent(sensor.sensor().id(), sensor);
            if (first != null) {
                sensor.idNode().problem("a sensor id used once; \"" + sensor.sensor().id()
                        + "\" is already the sensor on line " + first.idNode().line());
            }
        }
    }

    private static void checkTransportAgainstDevice(YamlMap map, Transport transport, List<ZoneRead> zones,
                                                    List<SensorRead> sensors, boolean hasHeater) {
        if (!(transport instanceof GpioTransport gpio)) {
            return;
        }
        YamlValue gpioNode = map.required("transport").get();
        if (zones.size() != 1) {
            map.required("zones").ifPresent(value -> value.problem(
                    "exactly one zone for a gpio transport (one PWM channel drives one motor), found " + zones.size()));
        }
        if (gpio.heater().isPresent() != hasHeater) {
            gpioNode.problem(hasHeater ? "transport.gpio.heater (the relay line), since the profile has a heater"
                    : "a \"heater\" section, since transport.gpio.heater wires a heater relay");
        }
        if (gpio.inputs().occupancy().isPresent()
                && sensors.stream().noneMatch(read -> read.sensor().kind() == SensorKind.OCCUPANCY)) {
            gpioNode.problem("a sensor of kind occupancy in \"sensors\", since inputs.occupancy is wired");
        }
        if (gpio.inputs().tachometer().isPresent()
                && sensors.stream().noneMatch(read -> read.sensor().kind() == SensorKind.TACHOMETER)) {
            gpioNode.problem("a sensor of kind tachometer in \"sensors\" (its plausible rpm), since inputs.tachometer"
                    + " is wired");
        }
    }
}
