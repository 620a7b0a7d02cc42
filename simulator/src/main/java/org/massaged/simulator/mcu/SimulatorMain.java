package org.massaged.simulator.mcu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.SerialTransport;
import org.massaged.simulator.faults.FaultControlServer;
import org.massaged.simulator.faults.FaultScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code massaged-sim}: the simulated microcontroller as a program, for people building their own hardware
 * or testing the daemon by hand. Serves the wire protocol on a pseudo-terminal and/or TCP, takes faults from
 * a scenario file and from a control port.
 */
@Command(name = "massaged-sim", mixinStandardHelpOptions = true,
        description = "Simulates the massager's motor-driver microcontroller on a serial device path and TCP.")
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--profile", required = true, description = "device profile id: a shipped one "
            + "(${COMPLETION-CANDIDATES}) or one in a --profile-file", completionCandidates = ProfileNames.class)
    String profileId;

    @Option(names = "--profile-file", description = "profile YAML files or directories besides the shipped ones")
    List<Path> profileFiles = new ArrayList<>();

    @Option(names = "--pty", description = "path of the pseudo-terminal to create, e.g. /tmp/ttyMASSAGE0 (needs socat)")
    Path pty;

    @Option(names = "--tcp", defaultValue = "0", description = "TCP port on 127.0.0.1 (0: any free port)")
    int tcpPort;

    @Option(names = "--control", defaultValue = "-1",
            description = "port on 127.0.0.1 for the fault control interface (0: any free port; -1: none)")
    int controlPort;

    @Option(names = "--scenario", description = "YAML file of faults to inject at given times")
    Path scenario;

    @Option(names = "--seed", defaultValue = "1", description = "seed for fault randomness and boot ids")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain())
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println("massaged-sim: " + e.getMessage());
                    return 2;
                })
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ProfileCatalogue catalogue = ProfileCatalogue.builtInAnd(profileFiles);
        DeviceProfile profile = catalogue.find(profileId).orElseThrow(() -> new IllegalArgumentException(
                "unknown profile '" + profileId + "'; known: " + catalogue.ids()));
        if (!(profile.transport() instanceof SerialTransport)) {
            throw new IllegalArgumentException("profile '" + profileId + "' is not a serial device; massaged-sim "
                    + "simulates the serial microcontroller (GPIO profiles run with massaged run --simulate)");
        }
        FaultScenario faults = scenario == null ? null : FaultScenario.load(scenario);
        SimulatorOptions options = SimulatorOptions.defaults().withTcpPort(tcpPort).withSeed(seed);
        if (pty != null) {
            options = options.withPty(pty);
        }
        VirtualMassager simulator = VirtualMassager.start(profile, options);
        FaultControlServer control = controlPort < 0 ? null
                : new FaultControlServer(controlPort, simulator.faults(), () -> simulator.state().toString());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (control != null) {
                control.close();
            }
            simulator.close();
            stopped.countDown();
        }, "massaged-sim-shutdown"));
        if (faults != null) {
            simulator.schedule(faults);
        }
        System.out.printf("massaged-sim: %s on tcp 127.0.0.1:%d%s%s%n", profile.id(), simulator.tcpPort(),
                pty == null ? "" : ", pty " + pty, control == null ? "" : ", control 127.0.0.1:" + control.port());
        stopped.await();
        return 0;
    }

    /** Profile ids for the help text. */
    static final class ProfileNames extends ArrayList<String> {
        ProfileNames() {
            super(ProfileCatalogue.builtIn().ids());
        }
    }
}
