package org.massaged.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.session.Journal;
import org.massaged.controller.session.JournalEntry;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.simulator.StateWatcher;
import org.massaged.simulator.broker.EmbeddedBroker;
import org.massaged.simulator.mcu.SimulatorOptions;
import org.massaged.simulator.mcu.VirtualMassager;
import org.massaged.testing.Mosquitto;

/**
 * The thin path, real at every hop: the virtual massager serving the wire protocol over TCP on loopback,
 * the real daemon (assembler, engine, control loop, link adapter, journal, Paho bridge) and a real broker.
 * A separate Paho client sees the retained states in order, and each state is checked against what the
 * simulator's motor was doing when it arrived. The two tests wait on a minute of real time each, on separate
 * brokers, boards and files: they run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class SessionEndToEndTest {

    private static final String PROFILE = "body-massager-serial";
    private static final double SPEED = 5;

    @TempDir
    Path directory;

    /** A state as the broker delivered it, with the motor's steps as the simulator saw them on arrival. */
    record Observed(String phase, double zoneLevel, int targetLevel, int simulatorSteps) {}

    @Test
    void aSessionStartsRampsCountsDownAndStopsByItselfOnTheEmbeddedBroker() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            runOneSession(broker.uri());
        }
    }

    @Test
    void aSessionStartsRampsCountsDownAndStopsByItselfOnMosquitto() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (.ci/run installs it)");
        try (Mosquitto broker = new Mosquitto(directory)) {
            broker.start();
            runOneSession(broker.uri());
        }
    }

    private void runOneSession(String brokerUri) throws Exception {
        DeviceProfile profile = withoutRest(ProfileCatalogue.builtIn().find(PROFILE).orElseThrow());
        Actuator motor = profile.zone("back").orElseThrow().actuator();
        Path journal = directory.resolve("journal.jsonl");
        DaemonConfig config = new ConfigLoader(java.util.Map.of()).loadForSimulation(Optional.empty(), PROFILE);
        config = new DaemonConfig(config.profile(), Optional.empty(), Optional.empty(), config.defaultProgram(),
                config.device(), Optional.of(DaemonConfig.Mqtt.plain(brokerUri)), journal, false,
                config.remoteStartPolicy(), new DaemonConfig.LocalControl(false, directory.resolve("sock")),
                config.tickHz(), true);

        List<Observed> states = new CopyOnWriteArrayList<>();
        try (VirtualMassager massager = VirtualMassager.start(profile, SimulatorOptions.defaults());
             StateWatcher watcher = StateWatcher.connect(brokerUri, "massaged/" + PROFILE + "/state",
                     state -> states.add(new Observed(state.path("phase").asText(),
                             state.path("zones").path("back").asDouble(), state.path("target_level").asInt(),
                             massager.zoneSteps("back"))))) {

            DaemonAssembler assembler = new DaemonAssembler();
            Daemon.Parts parts = assembler.parts(config, profile, () -> { },
                    Optional.of(LinkDevice.tcp(profile, "127.0.0.1", massager.tcpPort())), Clocks.accelerated(SPEED));
            Daemon daemon = Daemon.start(parts);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> phases(states).contains("idle"));
                CommandResult started = daemon.submit(new Command.Start(Origin.CLI, Optional.empty(),
                        Optional.of(Duration.ofMinutes(5)), OptionalInt.empty(), Optional.empty())).get();
                assertThat(started.isRejected()).as(started.message()).isFalse();

                await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertThat(phases(states))
                        .containsExactly("idle", "starting", "running", "stopping", "idle"));
                await().atMost(Duration.ofSeconds(5)).until(() -> massager.zoneSteps("back") == 0);
            } finally {
                daemon.close();
                parts.closeObserversAndJournal();
            }

            assertThat(states).filteredOn(state -> state.phase().equals("starting") || state.phase().equals("running"))
                    .allSatisfy(state -> assertThat(state.targetLevel()).isEqualTo(motor.defaultLevel()))
                    .allSatisfy(state -> assertThat(state.simulatorSteps())
                            .as("the board never drives above the session's level, but for its kick start")
                            .isLessThanOrEqualTo(Math.max(motor.stepsFor(motor.defaultLevel()),
                                    motor.kickStart().map(Actuator.KickStart::steps).orElse(0))));
            assertThat(states).filteredOn(state -> state.phase().equals("running"))
                    .anySatisfy(state -> assertThat(state.simulatorSteps()).isPositive());
            assertThat(states.get(states.size() - 1).zoneLevel()).isZero();
            List<JournalEntry> entries = Journal.read(journal).entries();
            assertThat(entries).filteredOn(JournalEntry.SessionStarted.class::isInstance).singleElement()
                    .satisfies(entry -> assertThat(((JournalEntry.SessionStarted) entry).level())
                            .isEqualTo(motor.defaultLevel()));
            assertThat(entries).filteredOn(JournalEntry.SessionEnded.class::isInstance).singleElement()
                    .satisfies(entry -> assertThat(((JournalEntry.SessionEnded) entry).cause())
                            .isEqualTo("duration-elapsed"));
        }
    }

    private static List<String> phases(List<Observed> states) {
        List<String> phases = new ArrayList<>();
        for (Observed state : states) {
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(state.phase())) {
                phases.add(state.phase());
            }
        }
        return phases;
    }

    /** The shipped profile with no rest between sessions, so the session ends in idle rather than cooldown. */
    private static DeviceProfile withoutRest(DeviceProfile shipped) {
        return shipped.withSession(shipped.session().withMinRest(Duration.ZERO));
    }
}
