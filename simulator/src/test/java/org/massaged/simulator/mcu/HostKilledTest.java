package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.junit.jupiter.api.Test;

/** kill -9 of the daemon mid-session: the microcontroller's deadman stops the motor within the lease. */
class HostKilledTest {

    @Test
    void theMotorStopsWithinTheLeaseWhenTheDaemonIsKilled() throws Exception {
        Path pty = Path.of("/tmp/ttyMASSAGE-kill-" + ProcessHandle.current().pid());
        DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.of(pty.toString()));
        try (VirtualMassager simulator = VirtualMassager.start(profile, SimulatorOptions.defaults().withPty(pty))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process host = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    HostProcess.class.getName(), pty.toString()).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.equals("RUNNING"));
                assertThat(line).as("the host process came up").isEqualTo("RUNNING");
                await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-left") == 600);
                // Running on heartbeats for longer than a lease proves the lease is being renewed.
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                        .until(() -> simulator.zoneSteps("lumbar-left") == 600);

                long killedAt = System.nanoTime();
                host.destroyForcibly();
                assertThat(host.waitFor(5, TimeUnit.SECONDS)).isTrue();
                assertThat(host.exitValue()).as("SIGKILL").isEqualTo(137);

                await().atMost(Duration.ofMillis(1000 + 500)).pollInterval(Duration.ofMillis(5))
                        .until(() -> simulator.zoneSteps("lumbar-left") == 0 && simulator.zoneSteps("lumbar-right") == 0);
                long stoppedAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
                assertThat(simulator.state().latchedFault()).isEqualTo(FaultCode.LEASE_EXPIRED);
                System.out.println("motor stopped " + stoppedAfterMillis + " ms after kill -9 (lease 1000 ms)");
            } finally {
                host.destroyForcibly();
            }
        }
    }
}
