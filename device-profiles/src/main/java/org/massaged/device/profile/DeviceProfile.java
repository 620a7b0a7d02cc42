package org.massaged.device.profile;

import java.util.List;
import java.util.Optional;

/**
 * What a device is and the limits it must never leave. Loaded from a profile YAML file; immutable.
 * {@code vibration}: the weighted acceleration per level, when the profile declares it (the daily dose).
 * The single source from which MQTT topics, Home Assistant discovery and the CLI's view are generated.
 */
public record DeviceProfile(
        int version,
        String id,
        String name,
        String vendor,
        String model,
        String revision,
        Identity identity,
        Transport transport,
        List<Zone> zones,
        Optional<Heater> heater,
        List<SensorSpec> sensors,
        SessionLimits session,
        Optional<Vibration> vibration) {

    public DeviceProfile {
        zones = List.copyOf(zones);
        sensors = List.copyOf(sensors);
    }

    /** A device that declares no vibration figures (its daily dose is not counted). */
    public DeviceProfile(int version, String id, String name, String vendor, String model, String revision,
                         Identity identity, Transport transport, List<Zone> zones, Optional<Heater> heater,
                         List<SensorSpec> sensors, SessionLimits session) {
        this(version, id, name, vendor, model, revision, identity, transport, zones, heater, sensors, session,
                Optional.empty());
    }

    /** Zones that may be driven: every zone neither flagged {@code overSpine} nor disabled by a user override. */
    public List<Zone> drivableZones() {
        return zones.stream().filter(Zone::drivable).toList();
    }

    public Optional<Zone> zone(String zoneId) {
        return zones.stream().filter(zone -> zone.id().equals(zoneId)).findFirst();
    }

    public Optional<SensorSpec> sensor(SensorKind kind) {
        return sensors.stream().filter(sensor -> sensor.kind() == kind).findFirst();
    }

    /** The same device with other session limits. */
    public DeviceProfile withSession(SessionLimits limits) {
        return new DeviceProfile(version, id, name, vendor, model, revision, identity, transport, zones, heater,
                sensors, limits, vibration);
    }

    /** The same device with other vibration figures. */
    public DeviceProfile withVibration(Optional<Vibration> figures) {
        return new DeviceProfile(version, id, name, vendor, model, revision, identity, transport, zones, heater,
                sensors, session, figures);
    }

    public boolean hasOccupancySensor() {
        return sensor(SensorKind.OCCUPANCY).isPresent();
    }
}
