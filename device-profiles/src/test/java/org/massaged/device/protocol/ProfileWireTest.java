package org.massaged.device.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SerialTestProfiles;

/** CONFIGURE carries what the board's own rules need, derived from the profile as docs/protocol.md §4.2 says. */
class ProfileWireTest {

    @Test
    void theGoldenProfileGivesTheGoldenConfiguration() {
        DeviceProfile golden = SerialTestProfiles.bodyMassager(Optional.empty());
        assertThat(ProfileWire.configure(golden, Duration.ofMillis(250))).isEqualTo(GoldenMessages.CONFIGURE);
    }

    @Test
    void overSpineZonesAreNeverDrivenButStillCheckedForAStuckRelay() {
        DeviceProfile lumbar = SerialTestProfiles.lumbarDuo(Optional.empty());
        Message.Configure configure = ProfileWire.configure(lumbar, Duration.ofMillis(250));
        assertThat(configure.zones().get(0)).isEqualTo(new Message.ZoneConfig(1000, 100, 200, 150, 60, 300, 2500));
        assertThat(configure.zones().get(2)).as("spine").isEqualTo(new Message.ZoneConfig(0, 0, 0, 0, 0, 300, 2500));
        assertThat(configure.heaterMaxCentiCelsius()).isEqualTo(4000);
        assertThat(configure.heaterTripCentiCelsius()).isEqualTo(4300);
    }

    @Test
    void withoutATachometerTheBoardChecksNoSpeeds() {
        DeviceProfile golden = SerialTestProfiles.bodyMassager(Optional.empty());
        DeviceProfile noTach = new DeviceProfile(golden.version(), golden.id(), golden.name(), golden.vendor(),
                golden.model(), golden.revision(), golden.identity(), golden.transport(), golden.zones(),
                golden.heater(), golden.sensors().stream().filter(s -> s.kind() != SensorKind.TACHOMETER).toList(),
                golden.session());
        assertThat(ProfileWire.configure(noTach, Duration.ofMillis(250)).zones().get(0))
                .isEqualTo(new Message.ZoneConfig(1000, 100, 200, 150, 0, 0, 2500));
    }

    @Test
    void theShippedSerialProfileDerivesStallAndStuckFromItsMotor() {
        DeviceProfile shipped = ProfileCatalogue.builtIn().find("body-massager-serial").orElseThrow();
        Message.ZoneConfig back = ProfileWire.configure(shipped, Duration.ofMillis(250)).zones().get(0);
        // 255 steps, hardMax 8 of 10 → 204; offBelow 38; 3000 rpm → stall 3000 × 38 / 255 / 5 = 89, stuck 300
        assertThat(back).isEqualTo(new Message.ZoneConfig(204, 38, 140, 150, 89, 300, 2500));
    }
}
