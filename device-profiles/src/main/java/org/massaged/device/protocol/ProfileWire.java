package org.massaged.device.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Heater;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;

/**
 * How a device profile maps onto the wire: zones in profile order are the motor channels, temperature
 * sensors in profile order are the status temperatures. Both ends derive these from the same profile.
 */
public final class ProfileWire {
    public static final int MAX_LEASE_MILLIS = 1000;

    private ProfileWire() {}

    public static List<String> zoneIds(DeviceProfile profile) {
        return profile.zones().stream().map(Zone::id).toList();
    }

    public static List<String> temperatureSensorIds(DeviceProfile profile) {
        return profile.sensors().stream().filter(sensor -> sensor.kind() == SensorKind.TEMPERATURE)
                .map(SensorSpec::id).toList();
    }

    /** What a board built for {@code profile} must report in IDENTIFY. */
    public static Message.Capabilities capabilities(DeviceProfile profile) {
        List<Message.ZoneInfo> zones = profile.zones().stream()
                .map(zone -> new Message.ZoneInfo(zone.id(), zone.actuator().steps())).toList();
        return new Message.Capabilities(zones, profile.heater().isPresent(), temperatureSensorIds(profile).size(),
                profile.sensor(SensorKind.OCCUPANCY).isPresent(), profile.sensor(SensorKind.MOTOR_CURRENT).isPresent(),
                profile.sensor(SensorKind.TACHOMETER).isPresent());
    }

    /**
     * The configuration the host sends (docs/protocol.md §4.2): per zone, everything the board's own rules need,
     * derived from the zone's actuator. Over-spine zones get limit 0 (never driven), so the firmware refuses them
     * too; their stuck check stays, since a welded relay turns a motor whatever it was meant for.
     */
    public static Message.Configure configure(DeviceProfile profile, Duration statusPeriod) {
        boolean tachometer = profile.sensor(SensorKind.TACHOMETER).isPresent();
        List<Message.ZoneConfig> zones = new ArrayList<>();
        for (Zone zone : profile.zones()) {
            zones.add(zoneConfig(zone, tachometer));
        }
        Optional<Heater> heater = profile.heater();
        int heaterMax = heater.map(h -> centi(Math.min(h.setpointCelsius(), Heater.MAX_SETPOINT_CELSIUS))).orElse(0);
        int trip = heater.map(h -> centi(Math.min(h.tripCelsius(), Heater.MAX_TRIP_CELSIUS))).orElse(0);
        long cap = Math.min(profile.session().maxDuration().toSeconds(), SessionLimits.CEILING.toSeconds());
        return new Message.Configure(zones, heaterMax, trip, maxLeaseMillis(profile),
                (int) statusPeriod.toMillis(), (int) cap);
    }

    private static Message.ZoneConfig zoneConfig(Zone zone, boolean tachometer) {
        Actuator actuator = zone.actuator();
        int stuck = tachometer ? actuator.stuckRpm() : 0;
        int spinDown = (int) actuator.spinDown().toMillis();
        if (zone.overSpine()) {
            return new Message.ZoneConfig(0, 0, 0, 0, 0, stuck, spinDown);
        }
        int maxSteps = actuator.stepsFor(actuator.hardMax());
        int kickSteps = actuator.kickStart().map(kick -> Math.min(kick.steps(), maxSteps)).orElse(0);
        int kickMillis = kickSteps == 0 ? 0 : (int) actuator.kickStart().get().duration().toMillis();
        return new Message.ZoneConfig(maxSteps, Math.min(actuator.offBelow(), maxSteps), kickSteps, kickMillis,
                tachometer ? actuator.stallRpm() : 0, stuck, spinDown);
    }

    /** The longest lease any actuator of the profile asks for, never above 1000 ms. */
    public static int maxLeaseMillis(DeviceProfile profile) {
        return (int) Math.min(MAX_LEASE_MILLIS, profile.zones().stream()
                .mapToLong(zone -> zone.actuator().lease().toMillis()).max().orElse(MAX_LEASE_MILLIS));
    }

    /** Every way {@code reported} differs from what {@code profile} expects; empty when they match. */
    public static List<String> differences(DeviceProfile profile, Message.Capabilities reported) {
        Message.Capabilities expected = capabilities(profile);
        List<String> differences = new ArrayList<>();
        if (!expected.zones().equals(reported.zones())) {
            differences.add("zones: profile has " + describe(expected.zones()) + ", device reports "
                    + describe(reported.zones()));
        }
        if (expected.heater() != reported.heater()) {
            differences.add("heater: profile " + has(expected.heater()) + ", device " + has(reported.heater()));
        }
        if (expected.temperatureSensors() != reported.temperatureSensors()) {
            differences.add("temperature sensors: profile has " + expected.temperatureSensors() + ", device reports "
                    + reported.temperatureSensors());
        }
        if (expected.occupancy() != reported.occupancy()) {
            differences.add("occupancy sensor: profile " + has(expected.occupancy()) + ", device "
                    + has(reported.occupancy()));
        }
        if (expected.motorCurrent() != reported.motorCurrent()) {
            differences.add("motor current sensing: profile " + has(expected.motorCurrent()) + ", device "
                    + has(reported.motorCurrent()));
        }
        if (expected.tachometer() != reported.tachometer()) {
            differences.add("tachometer: profile " + has(expected.tachometer()) + ", device "
                    + has(reported.tachometer()));
        }
        return differences;
    }

    private static String describe(List<Message.ZoneInfo> zones) {
        return zones.stream().map(zone -> zone.id() + "(" + zone.maxSteps() + " steps)").toList().toString();
    }

    private static String has(boolean present) {
        return present ? "has one" : "has none";
    }

    private static int centi(double celsius) {
        return (int) Math.round(celsius * 100);
    }
}
