package org.massaged.simulator.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.app.Clocks;
import org.massaged.controller.app.Daemon;
import org.massaged.controller.app.DaemonAssembler;
import org.massaged.controller.app.config.ConfigLoader;
import org.massaged.controller.app.config.DaemonConfig;
import org.massaged.controller.hardware.gpio.InputRole;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.ProfileCatalogue;

/**
 * The real daemon (assembler, engine, control loop, journal) driving the shipped {@code body-massager-gpio}
 * profile through the unchanged GPIO adapter on the virtual board, in real time: the chair's buttons go the
 * same command path as MQTT, and the emergency-stop wire beats everything.
 */
class GpioDaemonEndToEndTest {

    private static final String PROFILE = "body-massager-gpio";

    @TempDir
    Path directory;

    private VirtualBoard board;
    private Daemon daemon;
    private Daemon.Parts parts;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (parts != null) {
            ((AutoCloseable) parts.journal()).close();
        }
        if (board != null) {
            board.close();
        }
    }

    private void startDaemon() throws Exception {
        DeviceProfile profile = ProfileCatalogue.builtIn().find(PROFILE).orElseThrow();
        DaemonConfig config = new ConfigLoader(Map.of()).loadForSimulation(Optional.empty(), PROFILE);
        config = new DaemonConfig(config.profile(), Optional.empty(), Optional.empty(), config.defaultProgram(),
                config.device(), Optional.empty(), directory.resolve("journal.jsonl"), false,
                config.remoteStartPolicy(), new DaemonConfig.LocalControl(false, directory.resolve("sock")),
                config.tickHz(), true);
        parts = new DaemonAssembler().parts(config, profile, () -> { }, Optional.of(board.device()), Clocks.system());
        daemon = Daemon.start(parts);
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.snapshot().phase() == Phase.IDLE
                && (!profile.hasOccupancySensor() || daemon.snapshot().occupied().isPresent()));
    }

    /**
     * A person's finger stays off a button for a while between presses; closer together than the profile's
     * debounce, two presses are one by design. This models the finger, it does not wait for a result.
     */
    private static void fingerOffLongerThanTheDebounce() throws InterruptedException {
        Thread.sleep(3 * 30);
    }

    private DeviceProfile shipped() {
        return ProfileCatalogue.builtIn().find(PROFILE).orElseThrow();
    }

    @Test
    void theStartButtonStartsASessionAndACutEmergencyStopWireEndsIt() throws Exception {
        board = VirtualBoard.start(shipped());
        startDaemon();

        board.press(InputRole.START_STOP);
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.snapshot().phase() != Phase.IDLE);
        board.release(InputRole.START_STOP);
        // Up to level 5 with the chair's own button, one settled press at a time.
        for (int level = daemon.snapshot().targetLevel() + 1; level <= 5; level++) {
            int expected = level;
            board.press(InputRole.INTENSITY_UP);
            await().atMost(Duration.ofSeconds(10)).until(() -> daemon.snapshot().targetLevel() == expected);
            board.release(InputRole.INTENSITY_UP);
            fingerOffLongerThanTheDebounce();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> board.motorSteps() > 0 && board.motorRpm() > 100);
        assertThat(daemon.snapshot().phase()).isIn(Phase.STARTING, Phase.RUNNING);

        board.cutEmergencyStopWire();

        assertThat(board.motorDrive()).isZero();
        assertThat(board.motorEnabled()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.snapshot().phase() == Phase.EMERGENCY_STOP);
        CommandResult remoteStart = daemon.submit(new Command.Start(Origin.MQTT, Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty())).get();
        assertThat(remoteStart.isRejected()).isTrue();
        assertThat(board.motorDrive()).isZero();
        assertThat(Files.readString(directory.resolve("journal.jsonl"))).containsIgnoringCase("emergency");
    }

    @Test
    void aStartButtonHeldWhileTheDaemonStartsStartsNothing() throws Exception {
        board = VirtualBoard.start(shipped());
        board.press(InputRole.START_STOP);
        startDaemon();

        // Long enough for many debounce periods and control ticks; the phase must stay idle throughout.
        long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
        while (System.nanoTime() < until) {
            assertThat(daemon.snapshot().phase()).isEqualTo(Phase.IDLE);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        assertThat(board.motorDrive()).isZero();

        board.release(InputRole.START_STOP);
        fingerOffLongerThanTheDebounce();
        assertThat(daemon.snapshot().phase()).isEqualTo(Phase.IDLE);
        board.press(InputRole.START_STOP);
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.snapshot().phase() != Phase.IDLE);
        board.release(InputRole.START_STOP);
    }
}
