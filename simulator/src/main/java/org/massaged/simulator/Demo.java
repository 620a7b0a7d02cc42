package org.massaged.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.Simulation;
import org.massaged.controller.app.cli.Cli;
import org.massaged.controller.app.cli.RunCommand;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.systemd.ControlledStop;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.simulator.mcu.SimulatorMain;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The simulator jar's entry point. {@code demo} (the default) runs the real daemon against the virtual massager
 * with an embedded broker, starts one session and prints every state the broker delivers until the session has
 * ended by itself, or until Ctrl-C stops it the way the daemon always stops: a running session ramps down. It
 * keeps nothing: its journal is removed at the end. {@code sim} runs the virtual massager alone
 * ({@link SimulatorMain}: on a pseudo-terminal and TCP). Any other first argument is the {@code massaged} command
 * line, with the simulator available to {@code run --simulate}; its help lists {@code demo} and {@code sim} too.
 */
@CommandLine.Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the daemon against the simulator with an embedded MQTT broker, start one session, and "
                + "print its state as the broker delivers it.",
                "The daemon's clock runs --speed times faster than real time. The demo ends when the session has "
                        + "ended by itself; Ctrl-C stops it earlier, gently (a running session ramps down), and the "
                        + "demo exits 0. It keeps nothing: its journal is removed at the end."})
public final class Demo implements Callable<Integer> {

    /** The simulator jar's log level for the daemon's own messages: INFO for run, WARN for the demo's tidy lines. */
    static final String LOG_LEVEL_PROPERTY = "massaged.sim.log";

    private enum Outcome { ENDED, FAULTED, REJECTED, STOPPED }

    @Option(names = "--profile", defaultValue = SimulatedMassager.DEFAULT_PROFILE,
            description = "The built-in profile to simulate (default: ${DEFAULT-VALUE}).")
    String profileId;

    @Option(names = "--program", description = "The program to play (default: the profile's default, gentle).")
    String program;

    @Option(names = "--minutes", defaultValue = "5", description = "The session's length in minutes; the daemon "
            + "keeps it within the profile's range, 5 to 15 at most (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--speed", defaultValue = "5",
            description = "How much faster than real time the daemon's clock runs, from 1 to 60 (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--broker", description = "Use this MQTT broker (tcp://host:port) instead of the embedded one.")
    String broker;

    @Option(names = "--keep-running", description = "Keep the daemon up after the session, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--json", description = "Print each state and event as one JSON object per line.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final PrintWriter out;
    private final ObjectMapper mapper = new ObjectMapper();
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    Demo(PrintWriter out) {
        this.out = out;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code;
        if (args.length > 0 && args[0].equals("sim")) {
            code = SimulatorMain.execute(Arrays.copyOfRange(args, 1, args.length), out, err);
        } else if (args.length == 0 || args[0].equals("demo")) {
            System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
            String[] demoArgs = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
            code = new CommandLine(new Demo(out)).setOut(out).setErr(err).execute(demoArgs);
        } else {
            code = massaged(System.getenv()).setOut(out).setErr(err).execute(args);
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The {@code massaged} command line, its help also listing the simulator jar's own {@code demo} and {@code sim}. */
    static CommandLine massaged(Map<String, String> environment) {
        CommandLine cli = Cli.create(environment, new DaemonAssembler());
        String key = "simulatorCommands";
        cli.getHelpSectionMap().put(key, help -> "Simulator commands (this jar only; see '<command> --help'):%n"
                .formatted() + line("demo", new CommandLine(new Demo(null))) + line("sim",
                new CommandLine(new SimulatorMain())));
        int list = cli.getHelpSectionKeys().indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
        java.util.List<String> keys = new java.util.ArrayList<>(cli.getHelpSectionKeys());
        keys.add(list + 1, key);
        cli.setHelpSectionKeys(keys);
        return cli;
    }

    private static String line(String name, CommandLine command) {
        return String.format("  %-21s  %s%n", name, command.getCommandSpec().usageMessage().description()[0]);
    }

    @Override
    public Integer call() throws Exception {
        if (speed < 1 || speed > 60) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--speed must be from 1 to 60, got " + speed + ".");
        }
        Path journalDirectory = Files.createTempDirectory("massaged-demo");
        try {
            return play(journalDirectory.resolve("journal.jsonl"));
        } finally {
            delete(journalDirectory);
        }
    }

    private int play(Path journal) throws Exception {
        DaemonAssembler assembler = new DaemonAssembler();
        DaemonConfig config = demoConfig(new ConfigLoader(System.getenv()).loadForSimulation(Optional.empty(),
                profileId), journal);
        DeviceProfile profile = assembler.profile(config);
        Simulation.Handle simulated = new SimulatedMassager().start(profile, broker == null);
        Daemon.Parts parts;
        StateWatcher watcher;
        String brokerUri;
        try {
            brokerUri = broker != null ? broker : simulated.brokerUri().orElseThrow().toString();
            config = config.withMqtt(Optional.of(DaemonConfig.Mqtt.plain(brokerUri)));
            parts = assembler.parts(config, profile, () -> { }, Optional.of(simulated.device()),
                    Clocks.accelerated(speed));
            watcher = StateWatcher.connect(brokerUri, "massaged/" + profile.id() + "/state", this::printState);
        } catch (Exception | Error failed) {
            simulated.close();
            throw failed;
        }
        announce(profile, brokerUri);
        Daemon daemon = Daemon.start(parts);
        ControlledStop stop = RunCommand.stopSequence(new ControlledStop().then("stop waiting", () -> {
            stopRequested.countDown();
            watcher.giveUp();
        }), Optional.empty(), Optional.empty(), daemon, parts, Optional.of(simulated)).then("stop watching",
                watcher::close);
        stop.installSignalHandlers();
        Outcome outcome;
        try {
            outcome = playOneSession(daemon, watcher, profile);
        } finally {
            stop.run();
        }
        return finish(outcome);
    }

    private void announce(DeviceProfile profile, String brokerUri) {
        if (json) {
            print(mapper.createObjectNode().put("event", "ready").put("profile", profile.id())
                    .put("broker", brokerUri).put("speed", speed));
            return;
        }
        java.net.URI uri = java.net.URI.create(brokerUri);
        out.printf("massaged demo: simulating '%s', broker %s, simulated clock x%s%n", profile.id(), brokerUri, speed);
        out.printf("watch it too:  mosquitto_sub -h %s -p %d -t 'massaged/#' -v%n", uri.getHost(), uri.getPort());
        out.println("Ctrl-C stops it gently.");
    }

    private Outcome playOneSession(Daemon daemon, StateWatcher watcher, DeviceProfile profile) throws Exception {
        watcher.awaitPhase(Phase.IDLE);
        if (profile.hasOccupancySensor()) {
            watcher.awaitOccupancyKnown();
        }
        if (watcher.givenUp()) {
            return Outcome.STOPPED;
        }
        watcher.expectSession();
        CommandResult result = daemon.submit(new Command.Start(Origin.CLI, Optional.ofNullable(program),
                Optional.of(Duration.ofMinutes(minutes)), OptionalInt.empty(), Optional.empty())).get();
        String outcome = result.outcome().name().toLowerCase(java.util.Locale.ROOT);
        if (json) {
            print(mapper.createObjectNode().put("event", "start").put("result", outcome)
                    .put("reason", result.reason()).put("message", result.message()));
        } else {
            out.printf("start: %s (%s) %s%n", outcome, result.reason(), result.message());
        }
        if (result.isRejected()) {
            return Outcome.REJECTED;
        }
        watcher.awaitSessionOver();
        if (watcher.givenUp()) {
            return Outcome.STOPPED;
        }
        if (watcher.latched()) {
            return Outcome.FAULTED;
        }
        if (keepRunning) {
            say("The session ended by itself; outputs are off. Still running (Ctrl-C to stop).");
            stopRequested.await();
        }
        return Outcome.ENDED;
    }

    private int finish(Outcome outcome) {
        switch (outcome) {
            case STOPPED -> say("Stopped (Ctrl-C): a running session ramped down gently; outputs are off.");
            case FAULTED -> say("The session was stopped by a fault (above); outputs are off.");
            case ENDED -> say(keepRunning ? "Stopped; outputs are off." : "The session ended by itself; outputs are off.");
            case REJECTED -> { }
        }
        if (json) {
            print(mapper.createObjectNode().put("event", "end")
                    .put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)));
        }
        return outcome == Outcome.FAULTED || outcome == Outcome.REJECTED ? 1 : 0;
    }

    private void printState(JsonNode state) {
        if (json) {
            print(state);
        } else {
            out.println(StateWatcher.describe(state));
        }
    }

    private void say(String sentence) {
        if (!json) {
            out.println(sentence);
        }
    }

    private synchronized void print(JsonNode node) {
        out.println(node);
    }

    private static DaemonConfig demoConfig(DaemonConfig loaded, Path journal) {
        return new DaemonConfig(loaded.profile(), loaded.userOverride(), loaded.programsDirectory(),
                loaded.defaultProgram(), loaded.device(), loaded.mqtt(), journal, loaded.allowHighIntensity(),
                loaded.remoteStartPolicy(), new DaemonConfig.LocalControl(false, loaded.localControl().socket()),
                loaded.tickHz(), true, loaded.dashboard(), loaded.dailyDoseLimit());
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
