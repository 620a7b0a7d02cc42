package org.massaged.simulator;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.Simulation;
import org.massaged.controller.app.cli.Cli;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.simulator.mcu.SimulatorMain;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The simulator jar's entry point. {@code demo} (the default) runs the real daemon against the virtual
 * massager with an embedded broker, starts one session and prints every state the broker delivers until
 * the session has ended by itself. {@code sim} runs the virtual massager alone ({@link SimulatorMain}: on a
 * pseudo-terminal and TCP, for people building their own hardware or host). Any other first argument is the
 * {@code massaged} command line, with the simulator available to {@code run --simulate}.
 */
@CommandLine.Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the daemon against the simulator with an embedded MQTT broker, start one session,",
                "and print its state as published on the broker until it has stopped by itself."})
public final class Demo implements Callable<Integer> {

    @Option(names = "--profile", defaultValue = SimulatedMassager.DEFAULT_PROFILE,
            description = "Built-in profile to simulate (default: ${DEFAULT-VALUE}).")
    String profileId;

    @Option(names = "--program", description = "Program to play (default: the configuration's default).")
    String program;

    @Option(names = "--minutes", defaultValue = "5", description = "Session length, 5 to 15 (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--speed", defaultValue = "5",
            description = "How much faster than real time the simulated clock runs, 1 to 60 (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--broker", description = "Use this MQTT broker (tcp://host:port) instead of the embedded one.")
    String broker;

    @Option(names = "--keep-running", description = "Keep the daemon up after the session (Ctrl-C to stop).")
    boolean keepRunning;

    private final PrintWriter out;

    Demo(PrintWriter out) {
        this.out = out;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code;
        if (args.length > 0 && args[0].equals("sim")) {
            SimulatorMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 0 || args[0].equals("demo")) {
            String[] demoArgs = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
            code = new CommandLine(new Demo(out)).setOut(out).setErr(err).execute(demoArgs);
        } else {
            code = Cli.execute(args, System.getenv(), new DaemonAssembler(), out, err);
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        DaemonAssembler assembler = new DaemonAssembler();
        Simulation simulation = new SimulatedMassager();
        DaemonConfig config = demoConfig(new ConfigLoader(System.getenv()).loadForSimulation(Optional.empty(), profileId));
        DeviceProfile profile = assembler.profile(config);
        try (Simulation.Handle simulated = simulation.start(profile, broker == null)) {
            String brokerUri = broker != null ? broker : simulated.brokerUri().orElseThrow().toString();
            config = config.withMqtt(Optional.of(DaemonConfig.Mqtt.plain(brokerUri)));
            Daemon.Parts parts = assembler.parts(config, profile, () -> { }, Optional.of(simulated.device()),
                    Clocks.accelerated(speed));
            out.printf("massaged demo: simulating '%s', broker %s, simulated clock x%s%n", profile.id(), brokerUri,
                    speed);
            out.printf("watch it too:  mosquitto_sub -h %s -p %d -t 'massaged/#' -v%n",
                    java.net.URI.create(brokerUri).getHost(), java.net.URI.create(brokerUri).getPort());
            try (StateWatcher watcher = StateWatcher.connect(brokerUri, "massaged/" + profile.id() + "/state",
                    state -> out.println(StateWatcher.describe(state)))) {
                Daemon daemon = Daemon.start(parts);
                try {
                    return playOneSession(daemon, watcher, profile);
                } finally {
                    daemon.close();
                    closeObservers(parts);
                }
            }
        }
    }

    private int playOneSession(Daemon daemon, StateWatcher watcher, DeviceProfile profile) throws Exception {
        watcher.awaitPhase(Phase.IDLE);
        if (profile.hasOccupancySensor()) {
            watcher.awaitOccupancyKnown();
        }
        CommandResult result = daemon.submit(new Command.Start(Origin.CLI, Optional.ofNullable(program),
                Optional.of(Duration.ofMinutes(minutes)), OptionalInt.empty(), Optional.empty())).get();
        out.printf("start: %s (%s) %s%n", result.outcome().name().toLowerCase(java.util.Locale.ROOT),
                result.reason(), result.message());
        if (result.isRejected()) {
            return 1;
        }
        watcher.awaitSessionOver();
        if (watcher.latched()) {
            out.println("The session was stopped by a fault (above); outputs are off.");
            return 1;
        }
        out.println("The session ended by itself; outputs are off.");
        if (keepRunning) {
            out.println("Still running (Ctrl-C to stop).");
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }

    private DaemonConfig demoConfig(DaemonConfig loaded) throws java.io.IOException {
        Path journal = Files.createTempDirectory("massaged-demo").resolve("journal.jsonl");
        return new DaemonConfig(loaded.profile(), loaded.userOverride(), loaded.programsDirectory(),
                loaded.defaultProgram(), loaded.device(), loaded.mqtt(), journal, loaded.allowHighIntensity(),
                loaded.remoteStartPolicy(), new DaemonConfig.LocalControl(false, loaded.localControl().socket()),
                loaded.tickHz(), true);
    }

    private static void closeObservers(Daemon.Parts parts) throws Exception {
        for (var observer : parts.observers()) {
            if (observer instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        if (parts.journal() instanceof AutoCloseable journal) {
            journal.close();
        }
    }
}
