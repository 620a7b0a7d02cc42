package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.simulator.physics.MassagerPhysics;

/** The thermostat and the temperature faults of docs/protocol.md §4.4 and §5.4, on a pad set by hand. */
class PadHeaterTest {
    private final DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.empty());   // max 40 °C, trip 43 °C
    private final MassagerPhysics physics = MassagerPhysics.forProfile(profile);
    private final PadHeater heater = new PadHeater(SimulatedBoard.of(profile), physics);
    private final Message.Configure configuration = ProfileWire.configure(profile, Duration.ofMillis(250));

    @Test
    void theThermostatHeatsBelowTheSetpointLessHalfAKelvinAndStopsAtIt() {
        heater.command(true, 3800);
        physics.padCelsius(37.4);
        heater.regulate(configuration, false);
        assertThat(heater.output()).isTrue();
        physics.padCelsius(37.8);
        heater.regulate(configuration, false);
        assertThat(heater.output()).as("between: it keeps heating").isTrue();
        physics.padCelsius(38.0);
        heater.regulate(configuration, false);
        assertThat(heater.output()).isFalse();
    }

    @Test
    void neverAboveTheConfiguredMaximumNorWithAFaultLatched() {
        heater.command(true, 4100);
        physics.padCelsius(40.0);
        heater.regulate(configuration, false);
        assertThat(heater.output()).as("the maximum is 40 °C").isFalse();
        physics.padCelsius(30.0);
        heater.regulate(configuration, true);
        assertThat(heater.output()).isFalse();
    }

    @Test
    void thePadAtItsTripIsOverTemperatureAndTheCauseOutlivesAClear() {
        physics.padCelsius(43.0);
        assertThat(heater.check(configuration)).singleElement()
                .satisfies(fault -> assertThat(fault.code()).isEqualTo(FaultCode.OVER_TEMPERATURE));
        assertThat(heater.persistingCause(configuration)).hasValueSatisfying(fault ->
                assertThat(fault.message()).startsWith("not cleared:"));
        physics.padCelsius(42.9);
        assertThat(heater.persistingCause(configuration)).isEmpty();
    }

    @Test
    void aPadOneKelvinAboveTheMaximumWithTheHeaterOffIsARunaway() {
        physics.padCelsius(40.9);
        assertThat(heater.check(configuration)).isEmpty();
        physics.padCelsius(41.0);
        assertThat(heater.check(configuration)).singleElement()
                .satisfies(fault -> assertThat(fault.code()).isEqualTo(FaultCode.HEATER_RUNAWAY));
    }

    @Test
    void unconfiguredTheBoardsOwnCeilingIsTheRunawayReference() {
        physics.padCelsius(41.9);
        assertThat(heater.check(null)).isEmpty();
        physics.padCelsius(42.0);
        assertThat(heater.check(null)).singleElement()
                .satisfies(fault -> assertThat(fault.code()).isEqualTo(FaultCode.HEATER_RUNAWAY));
    }

    @Test
    void unconfiguredThePadAtTheBoardsOwnTripIsOverTemperatureNotARunaway() {
        physics.padCelsius(42.9);
        assertThat(heater.check(null)).singleElement()
                .satisfies(fault -> assertThat(fault.code()).isEqualTo(FaultCode.HEATER_RUNAWAY));
        physics.padCelsius(43.0);
        assertThat(heater.check(null)).singleElement()
                .satisfies(fault -> assertThat(fault.code()).isEqualTo(FaultCode.OVER_TEMPERATURE));
        assertThat(heater.persistingCause(null)).as("the cause outlives a clear while unconfigured too")
                .hasValueSatisfying(fault -> assertThat(fault.code()).isEqualTo(FaultCode.OVER_TEMPERATURE));
    }
}
