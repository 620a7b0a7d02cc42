package org.massaged.controller.app;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.massaged.controller.app.cli.Assembly;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.history.HistoryBounds;
import org.massaged.controller.history.HistoryRecorder;
import org.massaged.controller.history.HistoryStore;
import org.massaged.controller.hardware.gpio.GpioDevice;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.mqtt.MqttBridge;
import org.massaged.controller.mqtt.MqttSettings;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.session.Journal;
import org.massaged.controller.web.Dashboard;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.ProfileValidationException;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.program.DeviceSetup;
import org.massaged.device.program.ProgramCatalogue;

/**
 * Turns a validated configuration into the daemon's parts: the profile (narrowed by the user override),
 * the programs, the device adapter its transport names, the journal, and the MQTT bridge. Nothing here
 * touches hardware; {@link Daemon#start} opens the device.
 */
public final class DaemonAssembler implements Assembly {

    private Loaded loaded;

    @Override
    public DeviceProfile profile(DaemonConfig config) throws ProfileValidationException {
        DeviceProfile profile = deviceSetup(config).profile();
        if (config.dailyDoseLimit().isPresent() && profile.vibration().isEmpty()) {
            throw new IllegalArgumentException("dailyDoseLimit is set, but profile '" + profile.id() + "' declares no"
                    + " vibration figures (a \"vibration\" section, docs/profiles.md), so the dose cannot be counted."
                    + " Add the figures measured on the device to a copy of the profile, or remove dailyDoseLimit.");
        }
        return profile;
    }

    @Override
    public Daemon.Parts parts(DaemonConfig config, DeviceProfile profile, Runnable healthyTick,
                              Optional<Device> device) throws ProfileValidationException, IOException {
        return parts(config, profile, healthyTick, device, Clocks.system());
    }

    public Daemon.Parts parts(DaemonConfig config, DeviceProfile profile, Runnable healthyTick,
                              Optional<Device> simulated, Clocks clocks) throws ProfileValidationException, IOException {
        ProgramCatalogue programs = deviceSetup(config).programs();
        EngineConfig engineConfig = new EngineConfig(profile, programs.byId(), config.defaultProgram(),
                config.allowHighIntensity(), config.remoteStartPolicy(), config.dailyDoseLimit());
        Device device = simulated.orElseGet(() -> deviceFor(config, profile));
        Journal journal = Journal.open(config.journal());
        CommandRelay commands = new CommandRelay();
        List<SessionObserver> observers = new ArrayList<>();
        HistoryStore history = new HistoryStore(HistoryStore.beside(config.journal()), HistoryBounds.DEFAULT);
        if (config.dashboard().enabled()) {
            observers.add(Dashboard.start(config.dashboard(), commands, engineConfig, history));
        }
        if (config.mqtt().isPresent()) {
            MqttBridge bridge = new MqttBridge(mqttSettings(config.mqtt().get(), profile, config), profile,
                    Limits.of(engineConfig), commands, Clock.systemUTC());
            bridge.start();
            commands.watch(bridge::commandChannelLost);
            observers.add(new MqttObserver(bridge));
        }
        observers.add(HistoryRecorder.open(history, clocks.monotonicNanos(), clocks.wall()));
        return new Daemon.Parts(engineConfig, journal.history(), device, new JournalWriter(journal), observers,
                commands, healthyTick, config.tickHz(), clocks);
    }

    public static MqttSettings mqttSettings(DaemonConfig.Mqtt mqtt, DeviceProfile profile, DaemonConfig config) {
        MqttSettings.Builder builder = MqttSettings.builder(mqtt.deviceId().orElse(profile.id()), mqtt.uris())
                .discoveryPrefix(mqtt.discoveryPrefix())
                .commandMaxAge(mqtt.commandMaxAge())
                .stateHeartbeat(mqtt.stateInterval())
                .allowHighIntensity(config.allowHighIntensity())
                .publisher(mqtt.publisher());
        mqtt.topicRoot().ifPresent(builder::topicRoot);
        mqtt.clientId().ifPresent(builder::clientId);
        mqtt.username().ifPresent(builder::username);
        mqtt.password().ifPresent(builder::password);
        mqtt.caFile().ifPresent(builder::caFile);
        mqtt.clientCertificate().ifPresent(builder::clientCertFile);
        mqtt.clientKey().ifPresent(builder::clientKeyFile);
        return builder.build();
    }

    private static Device deviceFor(DaemonConfig config, DeviceProfile profile) {
        DaemonConfig.DeviceConnection connection = config.device();
        if (connection.tcpHost().isPresent()) {
            return LinkDevice.tcp(profile, connection.tcpHost().get(), connection.tcpPort());
        }
        if (profile.transport() instanceof SerialTransport serial) {
            SerialTransport chosen = connection.serialPort()
                    .map(port -> new SerialTransport(Optional.of(port), serial.baud(), serial.dataBits(),
                            serial.parity(), serial.stopBits(), serial.toggleDtrOnOpen()))
                    .orElse(serial);
            return LinkDevice.serial(profile, chosen);
        }
        if (profile.transport() instanceof GpioTransport) {
            return GpioDevice.forHardware(profile);
        }
        throw new IllegalStateException("Profile " + profile.id() + " has an unknown transport");
    }

    /**
     * The profile (narrowed by the user override) and every program, loaded and checked together; read
     * once per configuration ({@link #profile} and {@link #parts} both need it).
     */
    private DeviceSetup deviceSetup(DaemonConfig config) throws ProfileValidationException {
        Files files = new Files(config.profile(), config.userOverride(), config.programsDirectory());
        if (loaded == null || !loaded.files().equals(files)) {
            loaded = new Loaded(files, DeviceSetup.load(files.profile(), files.userOverride(),
                    files.programsDirectory()));
        }
        return loaded.setup();
    }

    private record Files(String profile, Optional<java.nio.file.Path> userOverride,
                         Optional<java.nio.file.Path> programsDirectory) {}

    private record Loaded(Files files, DeviceSetup setup) {}
}
