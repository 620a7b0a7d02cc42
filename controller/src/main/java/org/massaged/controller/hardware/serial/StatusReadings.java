package org.massaged.controller.hardware.serial;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.safety.Readings;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;

/** Turns a STATUS message into the {@link Readings} the control thread understands. */
final class StatusReadings {
    private final List<String> zones;
    private final List<String> temperatures;
    private final boolean tachometer;
    private final boolean motorCurrent;
    private final boolean occupancy;

    StatusReadings(DeviceProfile profile) {
        this.zones = ProfileWire.zoneIds(profile);
        this.temperatures = ProfileWire.temperatureSensorIds(profile);
        this.tachometer = profile.sensor(SensorKind.TACHOMETER).isPresent();
        this.motorCurrent = profile.sensor(SensorKind.MOTOR_CURRENT).isPresent();
        this.occupancy = profile.hasOccupancySensor();
    }

    Readings readings(Message.Status status) {
        Map<String, Integer> steps = new HashMap<>();
        Map<String, Double> rpm = new HashMap<>();
        Map<String, Double> current = new HashMap<>();
        for (int i = 0; i < Math.min(zones.size(), status.zones().size()); i++) {
            Message.ZoneStatus zone = status.zones().get(i);
            steps.put(zones.get(i), zone.steps());
            if (tachometer) {
                rpm.put(zones.get(i), (double) zone.rpm());
            }
            if (motorCurrent) {
                current.put(zones.get(i), (double) zone.currentMilliamps());
            }
        }
        Map<String, Double> celsius = new HashMap<>();
        for (int i = 0; i < Math.min(temperatures.size(), status.temperaturesCentiCelsius().size()); i++) {
            celsius.put(temperatures.get(i), status.temperaturesCentiCelsius().get(i) / 100.0);
        }
        Optional<Boolean> occupied = occupancy && status.occupancyPresent()
                ? Optional.of(status.occupied()) : Optional.empty();
        return new Readings(steps, rpm, current, celsius, occupied, status.heaterOn());
    }
}
