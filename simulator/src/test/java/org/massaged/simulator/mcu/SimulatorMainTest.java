package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.SerialTransport;
import org.junit.jupiter.api.Test;
import org.massaged.testing.ChildJvm;

/** massaged-sim as a program: a pseudo-terminal the daemon's serial code opens, and the control port. */
class SimulatorMainTest {

    @Test
    void runsStandaloneOnAPtyAndTakesFaultsOnItsControlPort() throws Exception {
        Path pty = Path.of("/tmp/ttyMASSAGE-main-" + ProcessHandle.current().pid());
        Path scenario = Files.createTempFile("scenario", ".yaml");
        Files.writeString(scenario, "- at: 1h\n  fault: reset\n");
        ChildJvm sim = ChildJvm.Launch.of(SimulatorMain.class.getName(), pty.resolveSibling(pty.getFileName() + ".log"),
                "--profile", "lumbar-duo-serial", "--pty", pty.toString(), "--control", "0",
                "--scenario", scenario.toString()).start();
        try {
            Pattern banner = Pattern.compile("massaged-sim: lumbar-duo-serial on tcp 127.0.0.1:(\\d+), pty (\\S+), "
                    + "control 127.0.0.1:(\\d+)");
            // the whole banner, not the start of a line still being written
            Matcher matcher = await().atMost(Duration.ofSeconds(60)).until(() -> {
                sim.assertAlive();
                return sim.logLines().stream().map(banner::matcher).filter(Matcher::find).findFirst();
            }, Optional::isPresent).orElseThrow();
            int control = Integer.parseInt(matcher.group(3));

            DeviceProfile profile = ProfileCatalogue.builtIn().find("lumbar-duo-serial").orElseThrow();
            EventLog events = new EventLog();
            LinkDevice device = LinkDevice.serial(profile, new SerialTransport(Optional.of(pty.toString()), 115200, 8,
                    SerialTransport.Parity.NONE, 1, false));
            device.open(events);
            try (ControlLoop loop = new ControlLoop(device, Setpoints.off(List.of("lumbar-left", "lumbar-right",
                    "spine")), 50);
                 Socket socket = new Socket(InetAddress.getLoopbackAddress(), control);
                 PrintWriter commands = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
                 BufferedReader answers = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                         StandardCharsets.UTF_8))) {
                loop.set(ControlLoop.steps(Map.of("lumbar-left", 500)));
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    DeviceEvent.Status status = events.last(DeviceEvent.Status.class);
                    return status != null && status.readings().zoneSteps().get("lumbar-left") == 500;
                });
                commands.println("stall lumbar-left on");
                assertThat(answers.readLine()).isEqualTo("ok");
                await().atMost(Duration.ofSeconds(5)).until(() -> events.of(DeviceEvent.Fault.class).stream()
                        .anyMatch(fault -> fault.code().equals("MOTOR_STALL")));
                commands.println("state");
                assertThat(answers.readLine()).startsWith("ok McuState[").contains("latchedFault=MOTOR_STALL");
                commands.println("explode");
                assertThat(answers.readLine()).startsWith("error: unknown fault 'explode'");
            } finally {
                device.close();
            }
        } finally {
            sim.terminate(Duration.ofSeconds(10));
            Files.deleteIfExists(scenario);
            Files.deleteIfExists(pty.resolveSibling(pty.getFileName() + ".log"));
        }
        assertThat(Files.exists(pty)).as("the pty goes with the simulator").isFalse();
    }
}
