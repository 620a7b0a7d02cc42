package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.massaged.testing.Closing;

/** The real serial path: jSerialComm opens a pseudo-terminal that the simulator serves. */
class PtyLinkTest {
    private final Path pty = Path.of("/tmp/ttyMASSAGE-test-" + ProcessHandle.current().pid());
    private final DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.of(pty.toString()));
    private final EventLog events = new EventLog();
    private VirtualMassager simulator;
    private LinkDevice device;
    private ControlLoop loop;

    @AfterEach
    void stop() throws Exception {
        Closing.all(loop, device, simulator);
    }

    @Test
    void aSessionThroughAPseudoTerminal() throws Exception {
        simulator = VirtualMassager.start(profile, SimulatorOptions.defaults().withPty(pty));
        device = LinkDevice.serial(profile);
        device.open(events);
        loop = new ControlLoop(device, Setpoints.off(java.util.List.of("lumbar-left", "lumbar-right", "spine")), 50);
        loop.set(ControlLoop.steps(Map.of("lumbar-left", 300, "lumbar-right", 300)));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-left") == 300);
        loop.set(ControlLoop.steps(Map.of("lumbar-left", 800, "lumbar-right", 800)));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-right") == 800);
        assertThat(events.last(DeviceEvent.LinkUp.class).description()).contains(pty.toString());
    }
}
