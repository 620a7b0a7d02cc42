package org.massaged.controller.app.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.SessionObserver;
import org.massaged.controller.app.Simulation;
import org.massaged.controller.app.config.ConfigException;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.app.config.FileAccess;
import org.massaged.controller.app.config.Locations;
import org.massaged.controller.app.local.ControlPort;
import org.massaged.controller.app.local.LocalControlServer;
import org.massaged.controller.app.systemd.ControlledStop;
import org.massaged.controller.app.systemd.SystemdNotifier;
import org.massaged.controller.app.systemd.Watchdog;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalUnavailableException;
import org.massaged.device.profile.DeviceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code massaged run}: the daemon. The configuration, profile and programs are validated, and the journal's and
 * the control socket's places checked, before anything touches hardware; then the device is opened with outputs
 * off, the control thread ticks, the local socket listens, systemd is told READY and a person at a terminal reads
 * one ready line. SIGTERM or Ctrl-C runs the {@link ControlledStop}; the process exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = {"Run the daemon in the foreground; systemd runs it as the 'massaged' service.",
                "It prints one line when it is ready (the device, the broker and the control socket), and stops "
                        + "gently on Ctrl-C or SIGTERM: a running session ramps down first.",
                "With --simulate (or simulate: true in the configuration) it drives the built-in simulator instead "
                        + "of hardware, with an embedded MQTT broker when the configuration names none. A simulation "
                        + "reads a configuration file only when one is named, and keeps its own journal and "
                        + "control socket, never the installed daemon's."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    /** What ends the running daemon: SIGTERM and SIGINT in production; the test itself in tests. */
    @FunctionalInterface
    interface Stopping {
        void arm(ControlledStop stop);
    }

    static final Stopping SIGNALS = ControlledStop::installSignalHandlers;

    @ParentCommand
    MassagedCommand cli;

    @Option(names = "--simulate", description = "Drive the simulator instead of hardware.")
    boolean simulate;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "Use this profile (a built-in id or a file) instead of the configuration's.")
    String profile;

    private final Assembly assembly;
    private final Stopping stopping;

    RunCommand(Assembly assembly, Stopping stopping) {
        this.assembly = assembly;
        this.stopping = stopping;
    }

    @Override
    public Integer call() {
        Optional<Simulation> simulator = ServiceLoader.load(Simulation.class).findFirst();
        if (simulate && simulator.isEmpty()) {
            return refuse("no-simulator", "--simulate needs the simulator, which is not in this installation (run "
                    + "the massaged-sim jar, or build from source: see docs/install.md).");
        }
        DaemonConfig config;
        try {
            config = loadConfig(simulator);
        } catch (ConfigException invalid) {
            return refuse("invalid-configuration", "massaged: the configuration is invalid; nothing was started:\n"
                    + invalid.getMessage());
        }
        if (config.simulate() && simulator.isEmpty()) {
            return refuse("no-simulator", cli.configPath() + ": simulate: true, but this installation has no "
                    + "simulator (it is in the massaged-sim jar: see docs/install.md); nothing was started. Remove "
                    + "the line to drive the hardware.");
        }
        DeviceProfile deviceProfile;
        try {
            deviceProfile = assembly.profile(config);
        } catch (Exception unusable) {
            journalRefusal(config, unusable.getMessage());
            return refuse("invalid-profile", "massaged: cannot use profile '" + config.profile()
                    + "'; nothing was started:\n" + unusable.getMessage());
        }
        Optional<String> placeProblem = checkPlaces(config);
        if (placeProblem.isPresent()) {
            return refuse("unusable-place", "massaged: " + placeProblem.get() + " Nothing was started.");
        }
        return run(config, deviceProfile, config.simulate() ? simulator : Optional.empty());
    }

    private int refuse(String reason, String message) {
        return Output.failure(cli, ExitCodes.CONFIG, reason, message);
    }

    /** A refused profile is a safety-relevant event: it goes in the journal when the journal can be written. */
    private static void journalRefusal(DaemonConfig config, String reason) {
        try (Journal journal = Journal.open(config.journal())) {
            journal.appendConfigRefused("profile " + config.profile(), reason, Instant.now());
        } catch (IOException | RuntimeException unwritable) {
            log.warn("Could not record the refused profile in the journal {}: {}", config.journal(),
                    unwritable.getMessage());
        }
    }

    /**
     * The configuration: with {@code --simulate} only a file that is named (a simulation must not publish as, or
     * journal for, the installed massager), and the command line's {@code --profile} and {@code --socket}.
     */
    private DaemonConfig loadConfig(Optional<Simulation> simulator) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(cli.environment());
        DaemonConfig config;
        if (simulate) {
            Optional<Path> file = cli.configNamed() ? Optional.of(cli.configPath()) : Optional.empty();
            config = loader.loadForSimulation(file, profile != null ? profile : simulator.orElseThrow().defaultProfile());
        } else {
            config = loader.load(cli.configPath());
        }
        config = profile == null ? config : config.withProfile(profile);
        return cli.socketOption().map(config::withSocket).orElse(config);
    }

    /** The journal's and the control socket's places, checked (and for a simulation, made) before anything starts. */
    private Optional<String> checkPlaces(DaemonConfig config) {
        Locations locations = Locations.of(cli.environment());
        Path place = config.journal();
        try {
            if (config.simulate()) {
                locations.prepare(config.journal());
                place = config.localControl().socket();
                locations.prepare(place);
            }
            if (config.localControl().enabled()) {
                LocalControlServer.checkUsable(config.localControl().socket());
            }
            return Optional.empty();
        } catch (AccessDeniedException denied) {
            return Optional.of("cannot create " + place.getParent() + ": " + FileAccess.advice(place.getParent()));
        } catch (IOException unusable) {
            return Optional.of(unusable.getMessage());
        }
    }

    private int run(DaemonConfig config, DeviceProfile deviceProfile, Optional<Simulation> simulation) {
        Optional<SystemdNotifier> notifier = SystemdNotifier.fromEnvironment(cli.environment());
        Optional<Watchdog> watchdog = notifier.flatMap(systemd -> Watchdog.fromEnvironment(cli.environment(), systemd,
                ProcessHandle.current().pid(), System::nanoTime));
        Runnable healthyTick = watchdog.<Runnable>map(dog -> dog::healthyTick).orElse(() -> { });

        Optional<Simulation.Handle> simulated = Optional.empty();
        Daemon.Parts parts;
        Daemon daemon;
        try {
            if (simulation.isPresent()) {
                simulated = Optional.of(simulation.get().start(deviceProfile, config.mqtt().isEmpty()));
                Optional<String> broker = simulated.get().brokerUri().map(Object::toString);
                if (broker.isPresent()) {
                    config = config.withMqtt(Optional.of(DaemonConfig.Mqtt.plain(broker.get())));
                }
            }
            parts = assembly.parts(config, deviceProfile, healthyTick, simulated.map(Simulation.Handle::device));
            daemon = Daemon.start(parts);
        } catch (DeviceException device) {
            simulated.ifPresent(Simulation.Handle::close);
            return Output.failure(cli, ExitCodes.DEVICE, "device", "massaged: cannot open the device: "
                    + device.getMessage() + "\nRun 'massaged doctor' for the checks and what to do.");
        } catch (ConfigException invalid) {
            simulated.ifPresent(Simulation.Handle::close);
            return refuse("invalid-configuration", "massaged: the configuration is invalid; nothing was started:\n"
                    + invalid.getMessage());
        } catch (JournalUnavailableException journal) {
            simulated.ifPresent(Simulation.Handle::close);
            return refuse("journal-unavailable", "massaged: cannot open the safety journal; nothing was started:\n"
                    + journal.getMessage());
        } catch (AccessDeniedException denied) {
            simulated.ifPresent(Simulation.Handle::close);
            return refuse("unusable-place", "massaged: cannot write the journal " + config.journal() + ": "
                    + FileAccess.advice(config.journal()) + " Nothing was started.");
        } catch (IOException unusable) {
            simulated.ifPresent(Simulation.Handle::close);
            return refuse("unusable-place", "massaged: cannot start: " + unusable.getMessage()
                    + ". Nothing was started.");
        } catch (Exception failed) {
            simulated.ifPresent(Simulation.Handle::close);
            log.debug("Could not start", failed);
            return Output.failure(cli, ExitCodes.SOFTWARE, "internal-error", "massaged: could not start: " + failed
                    + " (please report it, with the log)");
        }

        Optional<LocalControlServer> local = Optional.empty();
        String localFailure = null;
        if (config.localControl().enabled()) {
            try {
                local = Optional.of(LocalControlServer.start(config.localControl().socket(), ControlPort.of(daemon)));
            } catch (IOException e) {
                localFailure = e.getMessage();
            }
        }
        ControlledStop stop = stopSequence(new ControlledStop(), notifier, local, daemon, parts, simulated);
        if (localFailure != null) {
            stop.run();
            return Output.failure(cli, ExitCodes.DEVICE, "control-socket", "massaged: " + localFailure);
        }
        stopping.arm(stop);
        ReadyLine ready = ReadyLine.of(config, deviceProfile, simulated.isPresent(),
                local.map(LocalControlServer::socket));
        notifier.ifPresent(systemd -> systemd.ready(ready.status()));
        log.info("massaged {}", ready.status());
        if (!ReadyLine.underSystemd(cli.environment())) {
            if (cli.json()) {
                Output.json(cli.out(), ready.json());
            } else {
                cli.out().println(ready.text());
                cli.out().flush();
            }
        }
        try {
            daemon.awaitTermination();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!stop.started()) {
            log.error("The control loop ended by itself; outputs are off. Exiting so that systemd restarts massaged.");
            stop.run();
            return ExitCodes.DEVICE;
        }
        stop.awaitDone();
        return ExitCodes.OK;
    }

    /**
     * The order of a controlled stop, after what {@code stop} already holds: tell systemd, stop taking local
     * commands, ramp the session down and turn outputs off, close the observers (the MQTT bridge publishes
     * offline), close the journal, stop the simulator. The demo stops the same way.
     */
    public static ControlledStop stopSequence(ControlledStop stop, Optional<SystemdNotifier> notifier,
                                              Optional<LocalControlServer> local, Daemon daemon, Daemon.Parts parts,
                                              Optional<Simulation.Handle> simulated) {
        notifier.ifPresent(systemd -> stop.then("tell systemd", () -> systemd.stopping("stopping: session ramp-down")));
        local.ifPresent(server -> stop.then("close the control socket", server::close));
        stop.then("controlled stop of the session, outputs off", daemon::close);
        List<SessionObserver> observers = parts.observers();
        for (SessionObserver observer : observers) {
            if (observer instanceof AutoCloseable closeable) {
                stop.then("close " + observer.getClass().getSimpleName(), closeable::close);
            }
        }
        if (parts.journal() instanceof AutoCloseable journal) {
            stop.then("close the journal", journal::close);
        }
        simulated.ifPresent(handle -> stop.then("stop the simulator", handle::close));
        notifier.ifPresent(systemd -> stop.then("close the notifier", systemd::close));
        return stop;
    }
}
