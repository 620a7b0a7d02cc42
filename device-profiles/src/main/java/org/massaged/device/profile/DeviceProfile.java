package org.massaged.device.profile;

import java.util.List;
import java.util.Optional;

/**
 * What a device is and the limits it must never leave. Loaded from a profile YAML file; immutable.
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
        SessionLimits session) {

    public DeviceProfile {
        zones = List.copyOf(zones);
        sensors = List.copyOf(sensors);
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
                sensors, limits);
    }

    public boolean hasOccupancySensor() {
        return sensor(SensorKind.OCCUPANCY).isPresent();
    }
}
