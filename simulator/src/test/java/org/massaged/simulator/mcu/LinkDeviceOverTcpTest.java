package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.massaged.testing.Closing;

/** The daemon's link adapter against the simulated microcontroller over TCP on loopback. */
class LinkDeviceOverTcpTest {
    private final DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.empty());
    private VirtualMassager simulator;
    private LinkDevice device;
    private ControlLoop loop;
    private final EventLog events = new EventLog();

    private void start() throws Exception {
        simulator = VirtualMassager.start(profile, SimulatorOptions.defaults());
        device = LinkDevice.tcp(profile, "127.0.0.1", simulator.tcpPort());
        device.open(events);
        loop = new ControlLoop(device, Setpoints.off(profile.zones().stream().map(z -> z.id()).toList()), 50);
    }

    @AfterEach
    void stop() throws Exception {
        Closing.all(loop, device, simulator);
    }

    @Test
    void handshakesAppliesSetpointsAndReportsStatus() throws Exception {
        start();
        assertThat(events.has(DeviceEvent.LinkUp.class)).isTrue();
        assertThat(simulator.state().configured()).isTrue();

        loop.set(ControlLoop.steps(Map.of("lumbar-left", 400, "lumbar-right", 600, "spine", 900)));

        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-right") == 600);
        assertThat(simulator.zoneSteps("lumbar-left")).isEqualTo(400);
        assertThat(simulator.zoneSteps("spine")).as("over-spine zone is never driven").isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            DeviceEvent.Status status = events.last(DeviceEvent.Status.class);
            return status != null && status.readings().zoneSteps().get("lumbar-right") == 600
                    && status.readings().zoneCurrentMa().get("lumbar-right") > 0
                    && status.readings().temperature("pad").isPresent()
                    && status.readings().occupied().isPresent();
        });
    }

    @Test
    void leaseKeepsMotorRunningWhileTheControlLoopLivesAndExpiresWhenItHangs() throws Exception {
        start();
        loop.set(ControlLoop.steps(Map.of("lumbar-left", 500)));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-left") == 500);
        long applied = simulator.state().setpointsApplied();
        // Heartbeats alone renew the lease: the steps stay while the loop keeps applying the same setpoints.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> simulator.zoneSteps("lumbar-left") == 500);
        assertThat(simulator.state().setpointsApplied()).as("unchanged setpoints are not resent").isEqualTo(applied);

        loop.hang();

        await().atMost(Duration.ofSeconds(3)).until(() -> simulator.zoneSteps("lumbar-left") == 0);
        assertThat(simulator.state().latchedFault()).isEqualTo(FaultCode.LEASE_EXPIRED);
        await().atMost(Duration.ofSeconds(3)).until(() -> events.of(DeviceEvent.Fault.class).stream()
                .anyMatch(fault -> fault.code().equals("LEASE_EXPIRED")));
    }

    @Test
    void emergencyStopCutsAtOnceAndLatches() throws Exception {
        start();
        loop.set(ControlLoop.steps(Map.of("lumbar-left", 700, "lumbar-right", 700)));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-left") == 700);

        device.emergencyStop();
        device.emergencyStop();

        await().atMost(Duration.ofSeconds(2)).until(() -> simulator.zoneSteps("lumbar-left") == 0
                && simulator.zoneSteps("lumbar-right") == 0);
        assertThat(simulator.state().emergencyStopLatched()).isTrue();
        // The control loop still asks for 700: nothing resumes until it has applied all-off once.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> simulator.zoneSteps("lumbar-left") == 0);
    }
}
