package org.massaged.simulator.mcu;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code massaged-sim}: the simulated microcontroller as a program, for people building their own hardware
 * or testing the daemon by hand. Serves the wire protocol on a pseudo-terminal and/or TCP, takes faults from
 * a scenario file and from a control port.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Simulate the massager's motor-driver microcontroller on a pseudo-terminal and TCP.",
                "For people building their own board or host: it speaks the serial protocol of docs/protocol.md, "
                        + "takes faults from a scenario file and a control port, and runs until it is stopped."})
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--profile", required = true, description = "The device profile id: a shipped one "
            + "(${COMPLETION-CANDIDATES}) or one in a --profile-file.", completionCandidates = ProfileNames.class)
    String profileId;

    @Option(names = "--profile-file", description = "Profile YAML files or directories besides the shipped ones.")
    List<Path> profileFiles = new ArrayList<>();

    @Option(names = "--pty", description = "The pseudo-terminal to create, e.g. /tmp/ttyMASSAGE0 (needs socat).")
    Path pty;

    @Option(names = "--tcp", defaultValue = "0", description = "The TCP port on 127.0.0.1, from 0 (any free port) "
            + "to 65535.")
    int tcpPort;

    @Option(names = "--control", defaultValue = "-1", description = "The port on 127.0.0.1 for the fault control "
            + "interface, from 0 (any free port) to 65535, or -1 for none (the default).")
    int controlPort;

    @Option(names = "--scenario", description = "A YAML file of faults to inject at given times.")
    Path scenario;

    @Option(names = "--seed", defaultValue = "1", description = "The seed for fault randomness and boot ids.")
    long seed;

    @Option(names = "--json", description = "Print the ready line as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs {@code sim args...} until the process is stopped; returns the exit code of a wrong command line. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return new CommandLine(new SimulatorMain()).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println("massaged-sim: " + e.getMessage());
                    return 2;
                })
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (tcpPort < 0 || tcpPort > 65535 || controlPort < -1 || controlPort > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tcp must be from 0 to 65535 and "
                    + "--control from -1 to 65535, got " + tcpPort + " and " + controlPort + ".");
        }
        ProfileCatalogue catalogue = ProfileCatalogue.builtInAnd(profileFiles);
        DeviceProfile profile = catalogue.find(profileId).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "Unknown profile '" + profileId + "'; known: " + catalogue.ids() + "."));
        if (!(profile.transport() instanceof SerialTransport)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Profile '" + profileId + "' is not a "
                    + "serial device; sim simulates the serial microcontroller (GPIO profiles run with run --simulate).");
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
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().createObjectNode().put("event", "ready").put("profile", profile.id())
                    .put("tcp", simulator.tcpPort()).put("pty", pty == null ? null : pty.toString())
                    .put("control", control == null ? null : control.port()));
        } else {
            out.printf("massaged-sim: %s on tcp 127.0.0.1:%d%s%s%n", profile.id(), simulator.tcpPort(),
                    pty == null ? "" : ", pty " + pty, control == null ? "" : ", control 127.0.0.1:" + control.port());
        }
        out.flush();
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
