package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;

/**
 * Benchmark (not a test): the emergency-stop path from {@code Device.emergencyStop()} in the daemon to the
 * simulated firmware driving the motor at zero, over TCP and over a pseudo-terminal with jSerialComm.
 * Prints median, p99 and max. Run: {@code java -cp <simulator test classpath> ...EmergencyStopLatency [runs]}.
 */
public final class EmergencyStopLatency {
    private static final List<String> ZONES = List.of("lumbar-left", "lumbar-right", "spine");

    private EmergencyStopLatency() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        measure("tcp", runs, false);
        measure("pty+jSerialComm", runs, true);
    }

    private static void measure(String name, int runs, boolean overPty) throws Exception {
        Path pty = Path.of("/tmp/ttyMASSAGE-bench-" + ProcessHandle.current().pid());
        DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.of(pty.toString()));
        SimulatorOptions options = SimulatorOptions.defaults();
        long[] micros = new long[runs];
        try (VirtualMassager simulator = VirtualMassager.start(profile, overPty ? options.withPty(pty) : options)) {
            LinkDevice device = overPty ? LinkDevice.serial(profile)
                    : LinkDevice.tcp(profile, "127.0.0.1", simulator.tcpPort());
            device.open(event -> { });
            try (ControlLoop loop = new ControlLoop(device, Setpoints.off(ZONES), 20)) {
                for (int i = 0; i < runs; i++) {
                    loop.set(ControlLoop.steps(Map.of("lumbar-left", 600, "lumbar-right", 600)));
                    spinUntil(() -> simulator.zoneSteps("lumbar-left") == 600);
                    long start = System.nanoTime();
                    device.emergencyStop();
                    spinUntil(() -> simulator.zoneSteps("lumbar-left") == 0);
                    micros[i] = (System.nanoTime() - start) / 1000;
                    loop.set(Setpoints.off(ZONES));
                    Thread.sleep(60);
                }
            } finally {
                device.close();
            }
        }
        Arrays.sort(micros);
        System.out.printf("%s: runs %d, median %d us, p99 %d us, max %d us%n", name, runs, micros[runs / 2],
                micros[(int) Math.ceil(runs * 0.99) - 1], micros[runs - 1]);
    }

    private static void spinUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.onSpinWait();
        }
    }
}
