package org.massaged.controller.app.cli;

import java.nio.file.Files;
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
 * {@code massaged run}: the daemon. The configuration, profile and programs are validated before anything
 * touches hardware; then the device is opened with outputs off, the control thread ticks, the local socket
 * listens, and systemd is told READY. SIGTERM runs the {@link ControlledStop}; the process exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
        description = {"Run the daemon in the foreground (systemd runs it as the 'massaged' service).",
                "With --simulate: against the built-in simulator, and an embedded MQTT broker when the",
                "configuration names none. The configuration file is optional with --simulate."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @ParentCommand
    MassagedCommand cli;

    @Option(names = "--simulate", description = "Drive the simulator instead of hardware.")
    boolean simulate;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "Use this profile (a built-in id or a file) instead of the configuration's.")
    String profile;

    private final Assembly assembly;

    RunCommand(Assembly assembly) {
        this.assembly = assembly;
    }

    @Override
    public Integer call() {
        Optional<Simulation> simulation = Optional.empty();
        if (simulate) {
            simulation = ServiceLoader.load(Simulation.class).findFirst();
            if (simulation.isEmpty()) {
                cli.err().println("--simulate needs the simulator, which is not in this installation "
                        + "(run the massaged-sim jar, or build from source: see docs/install.md).");
                return ExitCodes.CONFIG;
            }
        }
        DaemonConfig config;
        try {
            config = loadConfig(simulation);
        } catch (ConfigException invalid) {
            cli.err().println("massaged: the configuration is invalid; nothing was started:");
            cli.err().println(invalid.getMessage());
            return ExitCodes.CONFIG;
        }
        DeviceProfile deviceProfile;
        try {
            deviceProfile = assembly.profile(config);
        } catch (Exception unusable) {
            cli.err().println("massaged: cannot use profile '" + config.profile() + "'; nothing was started:");
            cli.err().println(unusable.getMessage());
            journalRefusal(config, unusable.getMessage());
            return ExitCodes.CONFIG;
        }
        return run(config, deviceProfile, simulation);
    }

    /** A refused profile is a safety-relevant event: it goes in the journal when the journal can be written. */
    private static void journalRefusal(DaemonConfig config, String reason) {
        try (Journal journal = Journal.open(config.journal())) {
            journal.appendConfigRefused("profile " + config.profile(), reason, Instant.now());
        } catch (java.io.IOException | RuntimeException unwritable) {
            log.warn("Could not record the refused profile in the journal {}: {}", config.journal(),
                    unwritable.getMessage());
        }
    }

    private DaemonConfig loadConfig(Optional<Simulation> simulation) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(cli.environment());
        DaemonConfig config;
        if (simulation.isPresent()) {
            Path path = cli.configPath();
            Optional<Path> file = cli.configNamed() || Files.exists(path) ? Optional.of(path) : Optional.empty();
            config = loader.loadForSimulation(file, profile != null ? profile : simulation.get().defaultProfile());
        } else {
            config = loader.load(cli.configPath());
        }
        return profile == null ? config : config.withProfile(profile);
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
                    cli.err().println("massaged: simulating '" + deviceProfile.id() + "' with an embedded broker at "
                            + broker.get());
                }
            }
            parts = assembly.parts(config, deviceProfile, healthyTick, simulated.map(Simulation.Handle::device));
            daemon = Daemon.start(parts);
        } catch (DeviceException device) {
            simulated.ifPresent(Simulation.Handle::close);
            cli.err().println("massaged: cannot open the device: " + device.getMessage());
            cli.err().println("Run 'massaged doctor' for the checks and what to do.");
            return ExitCodes.DEVICE;
        } catch (ConfigException invalid) {
            simulated.ifPresent(Simulation.Handle::close);
            cli.err().println("massaged: the configuration is invalid; nothing was started:");
            cli.err().println(invalid.getMessage());
            return ExitCodes.CONFIG;
        } catch (JournalUnavailableException journal) {
            simulated.ifPresent(Simulation.Handle::close);
            cli.err().println("massaged: cannot open the safety journal; nothing was started:");
            cli.err().println(journal.getMessage());
            return ExitCodes.CONFIG;
        } catch (Exception failed) {
            simulated.ifPresent(Simulation.Handle::close);
            log.error("Could not start", failed);
            cli.err().println("massaged: could not start: " + failed.getMessage());
            return ExitCodes.SOFTWARE;
        }

        Optional<LocalControlServer> local = Optional.empty();
        String localFailure = null;
        if (config.localControl().enabled()) {
            try {
                local = Optional.of(LocalControlServer.start(config.localControl().socket(), ControlPort.of(daemon)));
            } catch (java.io.IOException e) {
                localFailure = e.getMessage();
            }
        }
        ControlledStop stop = stopSequence(notifier, local, daemon, parts, simulated);
        if (localFailure != null) {
            cli.err().println("massaged: " + localFailure);
            stop.run();
            return ExitCodes.DEVICE;
        }
        stop.installSignalHandlers();
        String status = "running: " + deviceProfile.id() + (config.simulate() ? " (simulated)" : "")
                + local.map(server -> ", control socket " + server.socket()).orElse("");
        notifier.ifPresent(systemd -> systemd.ready(status));
        log.info("massaged {}", status);
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
     * The order of a controlled stop: tell systemd, stop taking local commands, ramp the session down and turn
     * outputs off, close the observers (the MQTT bridge publishes offline), close the journal, stop the simulator.
     */
    static ControlledStop stopSequence(Optional<SystemdNotifier> notifier, Optional<LocalControlServer> local,
                                       Daemon daemon, Daemon.Parts parts, Optional<Simulation.Handle> simulated) {
        ControlledStop stop = new ControlledStop();
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
