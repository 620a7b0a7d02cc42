package org.massaged.simulator.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.massaged.simulator.gpio.GpioProfiles.ZONE;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.gpio.GpioDevice;
import org.massaged.controller.hardware.gpio.Housekeeping;
import org.massaged.controller.hardware.gpio.InputRole;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.Setpoints;
import org.massaged.simulator.physics.MassagerPhysics;

/** The unchanged GPIO adapter on the virtual board: the board's pins, physics and tachometer in the loop. */
class VirtualBoardTest {

    private static final Duration TICK = Duration.ofMillis(50);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final MassagerPhysics physics = MassagerPhysics.forProfile(GpioProfiles.bodyMassagerGpio());
    private VirtualBoard board;
    private GpioDevice device;

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        if (board != null) {
            board.close();
        }
    }

    private void openManual() throws Exception {
        board = VirtualBoard.manual(GpioProfiles.bodyMassagerGpio(), physics, nanos::get);
        device = new GpioDevice(GpioProfiles.bodyMassagerGpio(), board.contextSource(), nanos::get, Housekeeping.manual());
        device.open(events::add);
    }

    /** Virtual time: the board steps every millisecond, the adapter housekeeps, the control tick every 50 ms. */
    private void run(Duration duration, Setpoints setpoints) {
        long end = nanos.get() + duration.toNanos();
        long nextTick = nanos.get();
        while (nanos.get() < end) {
            if (nanos.get() >= nextTick) {
                device.apply(setpoints);
                nextTick += TICK.toNanos();
            }
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            board.step();
            device.housekeeping();
        }
    }

    private static Setpoints motorAt(int steps) {
        return new Setpoints(Map.of(ZONE, steps), false, 0, 500);
    }

    private Readings lastReadings() {
        List<Readings> all = events.stream().filter(DeviceEvent.Status.class::isInstance)
                .map(event -> ((DeviceEvent.Status) event).readings()).toList();
        return all.get(all.size() - 1);
    }

    /** Long enough for the model motor to reach its steady speed (eight time constants: within 0.04 %). */
    private Duration settled() {
        return physics.parameters().motorTimeConstant().multipliedBy(8);
    }

    private List<Command> localCommands() {
        return events.stream().filter(DeviceEvent.LocalInput.class::isInstance)
                .map(event -> ((DeviceEvent.LocalInput) event).command()).toList();
    }

    @Test
    void theAdaptersPwmTurnsTheModelMotorAndTheTachometerReportsItsSpeed() throws Exception {
        openManual();
        run(settled(), motorAt(600));

        assertThat(board.pwmDutyPercent()).isEqualTo(60.0);
        assertThat(board.motorEnabled()).isTrue();
        assertThat(board.motorSteps()).isEqualTo(600);
        assertThat(board.motorRpm()).isCloseTo(0.6 * physics.parameters().maxRpm(), within(5.0));
        assertThat(board.tachometerPulses()).isGreaterThan(100);
        assertThat(lastReadings().zoneRpm().get(ZONE)).isCloseTo(board.motorRpm(), within(board.motorRpm() * 0.02));
    }

    @Test
    void aStopRampsTheMotorDownToStandstill() throws Exception {
        openManual();
        run(Duration.ofSeconds(2), motorAt(800));
        run(settled(), Setpoints.off(List.of(ZONE)));

        assertThat(board.pwmDutyPercent()).isZero();
        assertThat(board.motorEnabled()).isFalse();
        assertThat(board.motorRpm()).isLessThan(1.0);
        assertThat(lastReadings().zoneRpm().get(ZONE)).isZero();
    }

    @Test
    void cuttingTheEmergencyStopWireMidSessionCutsThePinsAtOnce() throws Exception {
        openManual();
        run(Duration.ofSeconds(1), motorAt(700));

        board.cutEmergencyStopWire();

        assertThat(board.pwmDutyPercent()).isZero();
        assertThat(board.motorEnabled()).isFalse();
        assertThat(localCommands()).containsExactly(new Command.EmergencyStop(Origin.LOCAL_INPUT));
        run(Duration.ofSeconds(1), motorAt(700));         // stale ticks do not drive again
        assertThat(board.motorDrive()).isZero();
    }

    @Test
    void buttonsOnTheBoardArriveAsLocalCommands() throws Exception {
        openManual();
        board.press(InputRole.START_STOP);
        run(Duration.ofMillis(100), Setpoints.off(List.of(ZONE)));
        board.release(InputRole.START_STOP);
        board.press(InputRole.TOO_MUCH);
        run(Duration.ofMillis(100), Setpoints.off(List.of(ZONE)));
        board.release(InputRole.TOO_MUCH);
        run(Duration.ofMillis(100), Setpoints.off(List.of(ZONE)));

        assertThat(localCommands()).hasSize(2);
        assertThat(localCommands()).as("a press; what it means is the engine's to decide").containsExactly(
                new Command.Press(Origin.LOCAL_INPUT, Command.Button.START_STOP),
                new Command.Press(Origin.LOCAL_INPUT, Command.Button.TOO_MUCH));
    }

    @Test
    void theSeatSwitchFollowsSomeoneSittingDownAndStandingUp() throws Exception {
        openManual();
        run(Duration.ofMillis(200), Setpoints.off(List.of(ZONE)));
        assertThat(lastReadings().occupied()).contains(true);  // as in the serial simulator, someone sits there
        board.standUp();
        run(Duration.ofMillis(200), Setpoints.off(List.of(ZONE)));
        assertThat(lastReadings().occupied()).contains(false);
        assertThat(physics.occupied()).isFalse();
        board.sitDown();
        run(Duration.ofMillis(200), Setpoints.off(List.of(ZONE)));
        assertThat(lastReadings().occupied()).contains(true);
    }

    @Test
    void aJammedMotorReadsZeroRpmWhileDriven() throws Exception {
        openManual();
        physics.stall(ZONE, true);
        run(Duration.ofSeconds(2), motorAt(700));

        assertThat(lastReadings().zoneSteps()).containsEntry(ZONE, 700);
        assertThat(lastReadings().zoneRpm()).containsEntry(ZONE, 0.0);
    }

    @Test
    void aWeldedRelayReadsFullSpeedWhileCommandedOff() throws Exception {
        openManual();
        physics.weldRelay(ZONE, 1000);
        run(settled(), Setpoints.off(List.of(ZONE)));

        assertThat(lastReadings().zoneSteps()).containsEntry(ZONE, 0);
        assertThat(lastReadings().zoneRpm().get(ZONE)).isGreaterThan(0.9 * physics.parameters().maxRpm());
    }

    @Test
    void inRealTimeTheBoardAndTheAdapterRunOnTheirOwnThreads() throws Exception {
        board = VirtualBoard.start(GpioProfiles.bodyMassagerGpio());
        device = board.device();
        device.open(events::add);
        ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor();
        try {
            control.scheduleAtFixedRate(() -> device.apply(motorAt(500)), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(board.motorRpm()).isGreaterThan(1000);
                assertThat(lastReadings().zoneRpm().get(ZONE)).isGreaterThan(1000);
            });

            board.cutEmergencyStopWire();
            assertThat(board.motorDrive()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> board.motorRpm() < 1);
            assertThat(localCommands()).containsExactly(new Command.EmergencyStop(Origin.LOCAL_INPUT));
        } finally {
            control.shutdownNow();
            control.awaitTermination(1, TimeUnit.SECONDS);
        }
    }
}
