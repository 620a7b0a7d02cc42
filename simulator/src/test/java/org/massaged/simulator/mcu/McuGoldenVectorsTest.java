package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.GoldenVectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.massaged.simulator.physics.MassagerPhysics;
import org.junit.jupiter.api.Test;

/** The microcontroller side of the golden vectors in docs/protocol.md. */
class McuGoldenVectorsTest {
    private static final long MS = 1_000_000L;
    private final Map<String, byte[]> spec = GoldenVectors.fromSpec();
    private final DeviceProfile profile = SerialTestProfiles.bodyMassager(Optional.empty());
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private long now = 1_000 * MS;
    private final McuCore mcu = new McuCore(SimulatedBoard.of(profile), MassagerPhysics.forProfile(profile), wire::writeBytes,
            0xCAFEF00DL, now, message -> { });

    @Test
    void answersTheGoldenHelloWithExactlyTheGoldenAckAndIdentify() {
        feed("HELLO");
        assertThat(hex(wire.toByteArray())).isEqualTo(hex(spec.get("ACK")) + hex(spec.get("IDENTIFY")));
    }

    @Test
    void actsOnTheHostsGoldenFramesOfASession() {
        feed("HELLO");
        feed("CONFIGURE");
        assertThat(mcu.configured()).isTrue();
        feed("SETPOINT-OFF");
        feed("SETPOINT");
        assertThat(mcu.zoneSteps("back")).isEqualTo(500);

        run(900);
        feed("HEARTBEAT");
        run(900);
        assertThat(mcu.zoneSteps("back")).as("the heartbeat renewed the lease").isEqualTo(500);

        feed("EMERGENCY_STOP");
        assertThat(mcu.zoneSteps("back")).isZero();
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.EMERGENCY_STOP);

        feed("CLEAR_FAULTS");
        assertThat(mcu.latchedFault()).isEqualTo(FaultCode.NONE);
    }

    private void run(long millis) {
        for (long i = 0; i < millis; i += 5) {
            now += 5 * MS;
            mcu.tick(now);
        }
    }

    private void feed(String name) {
        byte[] bytes = spec.get(name);
        mcu.receive(bytes, 0, bytes.length, now);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
