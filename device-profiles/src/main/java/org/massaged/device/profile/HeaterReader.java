package org.massaged.device.profile;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.yaml.YamlMap;
import org.massaged.device.profile.yaml.YamlValue;

/**
 * A profile's {@code heater} section: setpoint below trip, and a temperature sensor to regulate by.
 */
final class HeaterReader {

    static final double MIN_SETPOINT_CELSIUS = 30.0;
    static final Duration MAX_WARM_UP = Duration.ofMinutes(10);
    static final Duration DEFAULT_MAX_WARM_UP = Duration.ofMinutes(3);

    private HeaterReader() {}

    static Optional<Heater> heater(YamlMap map, Optional<List<SensorReader.SensorRead>> sensors) {
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
}
