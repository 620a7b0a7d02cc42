package org.massaged.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.hardware.serial.LinkSettings;
import org.massaged.controller.hardware.serial.TcpLink;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalContents;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;

/**
 * One chair of a spa: its own virtual massager (the microcontroller over TCP on loopback) and its own daemon, built
 * from a configuration file the way {@code massaged run} builds it, under its own topic root, journal and control
 * socket. Everything it holds is its own; many chairs share a JVM and a broker and nothing else.
 */
final class Chair implements AutoCloseable {

    static final String PROFILE = "body-massager-serial";

    /**
     * The link's timing with more slack than on a Pi of its own: here two hundred links share two cores, and a
     * status a little late is the test bed's doing, not the chair's. Status every 500 ms (link down after 1.55 s
     * without one, not 0.8 s), idle reads of 200 ms; heartbeats, retransmits and leases as shipped.
     */
    private static final LinkSettings LINK = relaxed(LinkSettings.defaults());

    private final String id;
    private final String topicRoot;
    private final Path journal;
    private final VirtualMassager massager;
    private final Daemon.Parts parts;
    private final Daemon daemon;

    private Chair(String id, String topicRoot, Path journal, VirtualMassager massager, Daemon.Parts parts,
                  Daemon daemon) {
        this.id = id;
        this.topicRoot = topicRoot;
        this.journal = journal;
        this.massager = massager;
        this.parts = parts;
        this.daemon = daemon;
    }

    /**
     * Starts a chair. {@code mqttYaml} is the {@code mqtt:} section of its configuration file, indented by two;
     * the daemon's clock runs {@code speed} times faster than real time, and its control loop ticks {@code tickHz}
     * times a second.
     */
    static Chair start(String id, String topicRoot, Path directory, String mqttYaml, double speed, int tickHz,
                       Duration simulatorTick) throws Exception {
        Files.createDirectories(directory);
        Path journal = directory.resolve("journal.jsonl");
        Path configFile = directory.resolve("config.yaml");
        Files.writeString(configFile, "profile: " + PROFILE + "\n"
                + "tickHz: " + tickHz + "\n"
                + "journal: " + journal + "\n"
                + "localControl:\n  enabled: false\n  socket: " + directory.resolve("control.sock") + "\n"
                + "mqtt:\n" + mqttYaml);
        DaemonConfig config = new ConfigLoader(java.util.Map.of()).load(configFile);
        DeviceProfile profile = withoutRest(ProfileCatalogue.builtIn().find(PROFILE).orElseThrow());
        SimulatorOptions defaults = SimulatorOptions.defaults();
        VirtualMassager massager = VirtualMassager.start(profile, new SimulatorOptions(0, Optional.empty(), false,
                id.hashCode(), simulatorTick, defaults.boardSessionCap()));
        massager.occupied(true);
        Daemon.Parts parts = null;
        try {
            LinkDevice link = new LinkDevice(profile, TcpLink.connector("127.0.0.1", massager.tcpPort(),
                    LINK.readTimeout()), LINK, System::nanoTime);
            parts = new DaemonAssembler().parts(config, profile, () -> { }, Optional.of(link),
                    Clocks.accelerated(speed));
            return new Chair(id, topicRoot, journal, massager, parts, Daemon.start(parts));
        } catch (Exception | Error e) {
            if (parts != null) {
                parts.closeObserversAndJournal();
            }
            massager.close();
            throw e;
        }
    }

    private static LinkSettings relaxed(LinkSettings shipped) {
        return new LinkSettings(shipped.handshakeTimeout().multipliedBy(5), shipped.retransmitTimeout(),
                shipped.maxAttempts(), shipped.heartbeatPeriod(), Duration.ofMillis(500), shipped.reconnectInitial(),
                shipped.reconnectMax(), Duration.ofMillis(200));
    }

    String id() {
        return id;
    }

    String topicRoot() {
        return topicRoot;
    }

    /** What the board drives the back zone at now, in steps. */
    int backSteps() {
        return massager.zoneSteps("back");
    }

    JournalContents journal() throws java.io.IOException {
        return Journal.read(journal);
    }

    @Override
    public void close() throws Exception {
        try {
            daemon.close();
        } finally {
            parts.closeObserversAndJournal();
            massager.close();
        }
    }

    /**
     * The shipped profile with no rest between sessions, so that a chair can run several short sessions within the
     * test: the rest rule is the session engine's and has its own tests; here the fleet is what is tested.
     */
    private static DeviceProfile withoutRest(DeviceProfile shipped) {
        return shipped.withSession(shipped.session().withMinRest(Duration.ZERO));
    }
}
