package org.massaged.controller.safety;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the device measured, as of one status report.
 *
 * @param zoneSteps      the steps each motor is actually driven at, as the device sees it
 * @param zoneRpm        measured speed per zone (tachometer), when the device has one
 * @param zoneCurrentMa  measured motor current per zone, when the device has one
 * @param temperatures   temperature per sensor id, °C
 * @param occupied       the seat's occupancy switch, when the device has one
 * @param heaterOn       the heater output as the device sees it
 */
public record Readings(Map<String, Integer> zoneSteps, Map<String, Double> zoneRpm,
                       Map<String, Double> zoneCurrentMa, Map<String, Double> temperatures,
                       Optional<Boolean> occupied, boolean heaterOn) {
    public Readings {
        zoneSteps = Map.copyOf(zoneSteps);
        zoneRpm = Map.copyOf(zoneRpm);
        zoneCurrentMa = Map.copyOf(zoneCurrentMa);
        temperatures = Map.copyOf(temperatures);
    }

    public OptionalDouble temperature(String sensorId) {
        Double value = temperatures.get(sensorId);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
