package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.testing.ChildJvm;

/** kill -9 of the daemon mid-session: the microcontroller's deadman stops the motor within the lease. */
class HostKilledTest {

    @TempDir
    Path directory;

    @Test
    void theMotorStopsWithinTheLeaseWhenTheDaemonIsKilled() throws Exception {
        Path pty = Path.of("/tmp/ttyMASSAGE-kill-" + ProcessHandle.current().pid());
        DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.of(pty.toString()));
        try (VirtualMassager simulator = VirtualMassager.start(profile, SimulatorOptions.defaults().withPty(pty))) {
            try (ChildJvm host = ChildJvm.Launch.of(HostProcess.class.getName(), directory.resolve("host.log"),
                    pty.toString()).start()) {
                host.awaitLog("RUNNING", Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-left") == 600);
                // Running on heartbeats for longer than a lease proves the lease is being renewed.
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                        .until(() -> simulator.zoneSteps("lumbar-left") == 600);

                long killedAt = System.nanoTime();
                assertThat(host.kill()).as("SIGKILL").isEqualTo(137);

                await().atMost(Duration.ofMillis(1000 + 500)).pollInterval(Duration.ofMillis(5))
                        .until(() -> simulator.zoneSteps("lumbar-left") == 0 && simulator.zoneSteps("lumbar-right") == 0);
                long stoppedAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
                assertThat(simulator.state().latchedFault()).isEqualTo(FaultCode.LEASE_EXPIRED);
                System.out.println("motor stopped " + stoppedAfterMillis + " ms after kill -9 (lease 1000 ms)");
            }
        }
    }
}
