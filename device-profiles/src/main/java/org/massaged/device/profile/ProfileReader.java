package org.massaged.device.profile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.massaged.device.profile.yaml.FormatVersion;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * Turns the YAML tree of a profile file into a {@link DeviceProfile}, checking every field and every
 * relation between fields, one section reader per section ({@link IdentityReader}, {@link TransportReader},
 * {@link ZoneReader}, {@link SensorReader}, {@link HeaterReader}, {@link SessionReader}, {@link VibrationReader}); the relations between
 * sections are checked here. Reading never stops at the first problem; the profile is only built when there
 * are none. Bounds live in the section readers, docs/profiles.md and schema/profile.schema.json, and must agree
 * (SchemaAgreementTest).
 */
final class ProfileReader {

    static final int FORMAT_VERSION = 1;
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final String ID_RULE = "an id of lower-case letters, digits and dashes (at most 63), e.g. lumbar-left";

    private ProfileReader() {}

    /** Reads the document; empty when anything is wrong (the problems are in the document's collector). */
    static Optional<DeviceProfile> read(YamlValue document) {
        Optional<YamlMap> root = document.asMap();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = root.get().allow("version", "kind", "id", "name", "vendor", "model", "revision", "identity",
                "transport", "zones", "heater", "sensors", "session", "vibration");
        int before = document.problems().count();
        checkHeader(map, "profile");
        Optional<String> id = map.get("id", true).flatMap(value -> value.asText(ID, ID_RULE));
        Optional<String> name = map.text("name", true);
        Optional<String> vendor = map.text("vendor", true);
        Optional<String> model = map.text("model", true);
        Optional<String> revision = map.text("revision", true);
        Optional<Identity> identity = map.map("identity", true).flatMap(IdentityReader::identity);
        Optional<Transport> transport = map.map("transport", true)
                .flatMap(value -> TransportReader.transport(value, identity));
        Optional<List<ZoneReader.ZoneRead>> zones = map.list("zones", true, 1, 16, ZoneReader::zone);
        Optional<List<SensorReader.SensorRead>> sensors = map.has("sensors")
                ? map.list("sensors", true, 0, 32, SensorReader::sensor) : Optional.of(List.of());
        Optional<Optional<Heater>> heater = map.has("heater")
                ? map.map("heater", true).flatMap(value -> HeaterReader.heater(value, sensors)).map(Optional::of)
                : Optional.of(Optional.empty());
        Optional<SessionLimits> session = map.has("session")
                ? map.map("session", true).flatMap(SessionReader::session) : Optional.of(SessionReader.defaultSession());
        Optional<Optional<VibrationReader.VibrationRead>> vibration = map.has("vibration")
                ? map.map("vibration", true).flatMap(VibrationReader::vibration).map(Optional::of)
                : Optional.of(Optional.empty());

        zones.ifPresent(list -> checkZones(map, list));
        if (zones.isPresent() && vibration.isPresent()) {
            vibration.get().ifPresent(read -> VibrationReader.checkLevels(read, zones.get()));
        }
        sensors.ifPresent(SensorReader::checkIds);
        if (transport.isPresent() && zones.isPresent() && sensors.isPresent() && heater.isPresent()) {
            checkTransportAgainstDevice(map, transport.get(), zones.get(), sensors.get(), heater.get().isPresent());
        }
        if (document.problems().count() > before) {
            return Optional.empty();
        }
        return Optional.of(new DeviceProfile(FORMAT_VERSION, id.get(), name.get(), vendor.get(), model.get(),
                revision.get(), identity.get(), transport.get(),
                zones.get().stream().map(ZoneReader.ZoneRead::zone).toList(), heater.get(),
                sensors.get().stream().map(SensorReader.SensorRead::sensor).toList(), session.get(),
                vibration.get().map(VibrationReader.VibrationRead::vibration)));
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

    /** The node of {@code key} if the file has it, else the mapping itself. */
    static YamlValue pointAt(YamlMap map, String key) {
        return map.optional(key).orElse(map.self());
    }

    private static void checkZones(YamlMap map, List<ZoneReader.ZoneRead> zones) {
        Map<String, ZoneReader.ZoneRead> seen = new HashMap<>();
        for (ZoneReader.ZoneRead zone : zones) {
            ZoneReader.ZoneRead first = seen.putIfAbsent(zone.zone().id(), zone);
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

    private static void checkTransportAgainstDevice(YamlMap map, Transport transport, List<ZoneReader.ZoneRead> zones,
                                                    List<SensorReader.SensorRead> sensors, boolean hasHeater) {
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
