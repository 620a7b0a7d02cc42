package org.massaged.device.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped profile loads, and says what the device really is. */
class ShippedProfilesTest {

    private final ProfileCatalogue catalogue = ProfileCatalogue.builtIn();

    @Test
    void theShippedProfilesLoadUnderTheirPromisedIds() {
        assertThat(catalogue.ids()).containsExactlyInAnyOrder(
                "body-massager-serial", "lumbar-duo-serial", "body-massager-gpio", "nano-motor-driver");
    }

    /** What the firmware in firmware/ says in IDENTIFY (docs/firmware.md), or the daemon refuses the board. */
    @Test
    void theNanoProfileIsWhatTheFirmwareIdentifiesAs() {
        DeviceProfile profile = catalogue.find("nano-motor-driver").orElseThrow();
        assertThat(profile.identity().firmwareBoard()).isEqualTo("massaged-nano");
        assertThat(profile.identity().protocolMajor()).isEqualTo(2);
        assertThat(profile.identity().usbVendorId()).hasValue(0x1a86);
        assertThat(profile.zones()).extracting(Zone::id).containsExactly("back");
        assertThat(profile.zones().get(0).actuator().steps()).isEqualTo(1000);
        Heater heater = profile.heater().orElseThrow();
        assertThat(profile.sensors().stream().filter(spec -> spec.kind() == SensorKind.TEMPERATURE))
                .extracting(SensorSpec::id).containsExactly(heater.sensor());
        assertThat(profile.hasOccupancySensor()).isTrue();
        assertThat(profile.sensor(SensorKind.TACHOMETER)).isPresent();
        assertThat(profile.sensor(SensorKind.MOTOR_CURRENT)).isEmpty();
    }

    /** The reference designs declare their (illustrative) vibration figures; the DIY Nano build cannot know its motor. */
    @Test
    void theReferenceDesignsDeclareOneBackrestWeightedFigurePerLevel() {
        for (String id : new String[] {"body-massager-serial", "lumbar-duo-serial", "body-massager-gpio"}) {
            DeviceProfile profile = catalogue.find(id).orElseThrow();
            Vibration vibration = profile.vibration().orElseThrow();
            assertThat(vibration.weighting()).as(id).isEqualTo(Vibration.Weighting.ISO_2631_1_WC);
            assertThat(vibration.accelerationPerLevel()).as(id).hasSize(profile.zones().get(0).actuator().levels())
                    .isSorted();
        }
        assertThat(catalogue.find("nano-motor-driver").orElseThrow().vibration()).isEmpty();
    }

    @Test
    void everyProfileFileInTheSourceTreeIsListedInTheIndex() throws IOException {
        Path dir = Path.of("src/main/resources/profiles");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(Files.readAllLines(dir.resolve("index.txt")).stream()
                            .filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
        }
    }

    @Test
    void bodyMassagerSerialIsOneOscillatingBackZoneFoundByUsbIds() {
        DeviceProfile profile = catalogue.find("body-massager-serial").orElseThrow();
        assertThat(profile.transport()).isInstanceOf(SerialTransport.class);
        SerialTransport serial = (SerialTransport) profile.transport();
        assertThat(serial.port()).isEmpty();
        assertThat(profile.identity().usbVendorId()).hasValue(0x1a86);
        assertThat(profile.identity().usbProductId()).hasValue(0x7523);
        assertThat(profile.zones()).extracting(Zone::id).containsExactly("back");
        Zone back = profile.zones().get(0);
        assertThat(back.side()).isEqualTo(Zone.Side.BOTH);
        assertThat(back.actuator().type()).isEqualTo(Actuator.ActuatorType.OSCILLATE);
        assertThat(profile.heater()).isEmpty();
        assertThat(profile.hasOccupancySensor()).isFalse();
    }

    @Test
    void lumbarUnitNeverOffersItsSpineZoneForDriving() {
        DeviceProfile profile = catalogue.find("lumbar-duo-serial").orElseThrow();
        assertThat(profile.zones()).extracting(Zone::id).containsExactly("lumbar-left", "lumbar-right", "spine");
        assertThat(profile.zone("spine").orElseThrow().overSpine()).isTrue();
        assertThat(profile.drivableZones()).extracting(Zone::id).containsExactly("lumbar-left", "lumbar-right");
        assertThat(profile.zone("lumbar-left").orElseThrow().side()).isEqualTo(Zone.Side.LEFT);
        assertThat(profile.zone("lumbar-right").orElseThrow().side()).isEqualTo(Zone.Side.RIGHT);
    }

    @Test
    void lumbarUnitHasAHeaterWatchedByItsOwnTemperatureSensorAndASeatSwitch() {
        DeviceProfile profile = catalogue.find("lumbar-duo-serial").orElseThrow();
        Heater heater = profile.heater().orElseThrow();
        assertThat(heater.setpointCelsius()).isLessThanOrEqualTo(Heater.MAX_SETPOINT_CELSIUS);
        assertThat(heater.tripCelsius()).isLessThanOrEqualTo(Heater.MAX_TRIP_CELSIUS)
                .isGreaterThan(heater.setpointCelsius());
        SensorSpec sensor = profile.sensors().stream().filter(spec -> spec.id().equals(heater.sensor()))
                .findFirst().orElseThrow();
        assertThat(sensor.kind()).isEqualTo(SensorKind.TEMPERATURE);
        assertThat(profile.hasOccupancySensor()).isTrue();
        assertThat(profile.sensor(SensorKind.MOTOR_CURRENT)).isPresent();
    }

    @Test
    void gpioMassagerHasHardwarePwmEnableRelayAndNormallyClosedEmergencyStop() {
        DeviceProfile profile = catalogue.find("body-massager-gpio").orElseThrow();
        GpioTransport gpio = (GpioTransport) profile.transport();
        assertThat(gpio.pwm()).isEqualTo(new GpioTransport.Pwm(0, 0, 20_000));
        assertThat(gpio.enable().activeHigh()).isTrue();
        assertThat(gpio.enable().pull()).isEqualTo(GpioTransport.Pull.DOWN);
        assertThat(gpio.inputs().emergencyStop().normallyClosed()).isTrue();
        assertThat(gpio.inputs().startStop()).isPresent();
        assertThat(gpio.inputs().intensityUp()).isPresent();
        assertThat(gpio.inputs().intensityDown()).isPresent();
        assertThat(gpio.inputs().tooMuch()).isPresent();
        assertThat(gpio.inputs().occupancy()).isPresent();
        assertThat(gpio.inputs().tachometer()).hasValueSatisfying(tach ->
                assertThat(tach.pulsesPerRevolution()).isEqualTo(2));
        assertThat(profile.zones()).hasSize(1);
        assertThat(profile.hasOccupancySensor()).isTrue();
    }

    @Test
    void everyProfileKeepsTheSafetyOrderingOfLevelsAndLimits() {
        for (DeviceProfile profile : catalogue.all()) {
            for (Zone zone : profile.zones()) {
                Actuator actuator = zone.actuator();
                assertThat(actuator.defaultLevel()).as(profile.id() + " " + zone.id())
                        .isLessThanOrEqualTo(actuator.homeMax());
                assertThat(actuator.homeMax()).isLessThanOrEqualTo(actuator.hardMax());
                assertThat(actuator.hardMax()).isLessThanOrEqualTo(actuator.levels());
                assertThat(actuator.stepsFor(actuator.defaultLevel())).as("the start level turns the motor")
                        .isGreaterThanOrEqualTo(actuator.offBelow()).isPositive();
                assertThat(actuator.lease()).isLessThanOrEqualTo(Duration.ofMillis(1000));
                assertThat(actuator.shutdownValue()).isZero();
            }
            SessionLimits session = profile.session();
            assertThat(session.maxDuration()).isLessThanOrEqualTo(SessionLimits.CEILING);
            assertThat(session.minDuration()).isGreaterThanOrEqualTo(SessionLimits.FLOOR);
            assertThat(session.defaultDuration()).isEqualTo(SessionLimits.DEFAULT);
        }
    }

    @Test
    void aProfileSavedWithAByteOrderMarkOrWindowsLineEndingsStillLoads() throws Exception {
        String text = catalogue.sourceText("lumbar-duo-serial").orElseThrow();
        assertThat(ProfileLoader.parse("bom.yaml", "\uFEFF" + text)).isEqualTo(catalogue.find("lumbar-duo-serial").orElseThrow());
        assertThat(ProfileLoader.parse("crlf.yaml", text.replace("\n", "\r\n")))
                .isEqualTo(catalogue.find("lumbar-duo-serial").orElseThrow());
    }
}
