package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Message;
import org.massaged.simulator.physics.MassagerPhysics;
import org.massaged.simulator.physics.PhysicsInputs;

/** Kick start, stall and stuck relay (docs/protocol.md §5.4) over the physics, in virtual time. */
class OutputMonitorTest {
    private static final long MS = 1_000_000L;
    private final DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.empty());
    private final MassagerPhysics physics = MassagerPhysics.forProfile(profile);
    private final OutputMonitor outputs = new OutputMonitor(SimulatedBoard.of(profile), physics);
    /** lumbar-left: kick 600 steps for 200 ms below 600, stall below 200 rpm, stuck above 300 rpm after 500 ms. */
    private final Message.Configure configuration = new Message.Configure(List.of(
            new Message.ZoneConfig(1000, 100, 600, 200, 200, 300, 500),
            new Message.ZoneConfig(1000, 100, 0, 0, 0, 0, 500),
            new Message.ZoneConfig(0, 0, 0, 0, 0, 0, 0)), 4000, 4300, 1000, 250, 900);
    private long now;

    @Test
    void aStartBelowTheKickIsKickedThenGetsWhatItAsked() {
        outputs.configure(configuration);
        outputs.ask(List.of(300, 300, 0));
        outputs.update(configuration, now);
        assertThat(outputs.driven(0)).isEqualTo(600);
        assertThat(outputs.driven(1)).as("no kick configured").isEqualTo(300);
        run(200);
        assertThat(outputs.driven(0)).isEqualTo(300);
    }

    @Test
    void aJammedMotorIsAStallOneSecondAfterTheKick() {
        outputs.configure(configuration);
        physics.stall("lumbar-left", true);
        outputs.ask(List.of(800, 0, 0));
        outputs.update(configuration, now);
        assertThat(run(990)).isEmpty();
        assertThat(run(20)).singleElement().satisfies(fault -> {
            assertThat(fault.code()).isEqualTo(FaultCode.MOTOR_STALL);
            assertThat(fault.index()).isZero();
        });
    }

    @Test
    void aMotorStillTurningAfterItsSpinDownHasAStuckRelay() {
        outputs.configure(configuration);
        physics.weldRelay("lumbar-left", 800);
        assertThat(run(400)).isEmpty();
        assertThat(run(200)).singleElement().satisfies(fault -> assertThat(fault.code()).isEqualTo(FaultCode.STUCK_RELAY));
    }

    /** Runs the physics and the monitor; the faults of the last step. */
    private List<Message.Fault> run(long millis) {
        List<Message.Fault> faults = List.of();
        for (long t = 0; t < millis; t += 10) {
            now += 10 * MS;
            outputs.update(configuration, now);
            physics.step(Duration.ofMillis(10), new PhysicsInputs(outputs.drives(), false));
            faults = outputs.check(configuration, now);
        }
        return faults;
    }
}
