package org.massaged.simulator.mcu;

import org.massaged.device.profile.SerialTestProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.massaged.simulator.matrix.TimeToSafe.recordSince;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.hardware.serial.LinkDevice;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.massaged.testing.Closing;

/**
 * The daemon's serial adapter (jSerialComm) against the simulator through a real pseudo-terminal: a session,
 * then every fault the simulator can inject, asserting what the daemon is told and what the motor does.
 */
class PtyFaultsEndToEndTest {

    /**
     * The line's drop rate in the retransmission test. Dropping hits statuses too, and three statuses lost in a row
     * are *link down* by the protocol's rule (docs/protocol.md, section 7): at 20 % that is 0.8 % a status, about
     * one run in ten; at 10 %, 0.1 % a status, about one run in a hundred.
     */
    private static final double DROP_RATE = 0.1;
    /**
     * Rounds of level changes at that rate (each a set-point and its acknowledgement, four times) before a run
     * without a single retransmission is implausible: 0.81⁴ ≈ 0.43 a round, 0.43¹⁰ ≈ 0.0002.
     */
    private static final int ROUNDS_UNTIL_A_DROP_IS_CERTAIN = 10;
    private static final List<String> ZONES = List.of("lumbar-left", "lumbar-right", "spine");
    /** The bound for reporting an unplugged port. */
    private static final Duration UNPLUG_REPORTED = Duration.ofSeconds(1);
    /** Silence is judged after 800 ms without a frame; allow scheduling slack on a loaded machine. */
    private static final Duration LINK_LOSS_REPORTED = Duration.ofMillis(1500);
    private static final Duration WITHIN_LEASE = Duration.ofMillis(1500);

    private final Path pty = Path.of("/tmp/ttyMASSAGE-e2e-" + ProcessHandle.current().pid());
    private final DeviceProfile profile = SerialTestProfiles.lumbarDuo(Optional.of(pty.toString()));
    private final EventLog events = new EventLog();
    private VirtualMassager simulator;
    private LinkDevice device;
    private ControlLoop loop;

    private void startSession(SimulatorOptions options) throws Exception {
        simulator = VirtualMassager.start(profile, options.withPty(pty));
        device = LinkDevice.serial(profile);
        device.open(events);
        loop = new ControlLoop(device, Setpoints.off(ZONES), 50);
        loop.set(ControlLoop.steps(Map.of("lumbar-left", 600, "lumbar-right", 600)));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-left") == 600
                && simulator.zoneSteps("lumbar-right") == 600);
        events.clear();
    }

    private void startSession() throws Exception {
        startSession(SimulatorOptions.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        Closing.all(loop, device, simulator);
    }

    @Test
    void aFullSessionRampsUpHoldsAndEndsOff() throws Exception {
        startSession();
        for (int steps = 600; steps <= 1000; steps += 100) {
            int level = steps;
            loop.set(ControlLoop.steps(Map.of("lumbar-left", level, "lumbar-right", level)));
            await().atMost(Duration.ofSeconds(3)).until(() -> simulator.zoneSteps("lumbar-left") == level);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            DeviceEvent.Status status = events.last(DeviceEvent.Status.class);
            return status != null && status.readings().zoneSteps().get("lumbar-left") == 1000
                    && status.readings().zoneCurrentMa().get("lumbar-left") > 500;
        });
        loop.set(Setpoints.off(ZONES));
        await().atMost(Duration.ofSeconds(3)).until(() -> simulator.zoneSteps("lumbar-left") == 0);
        assertThat(simulator.zoneSteps("spine")).isZero();
        assertThat(events.has(DeviceEvent.Fault.class)).isFalse();
        assertThat(events.has(DeviceEvent.LinkDown.class)).isFalse();
        assertThat(simulator.state().latchedFault()).isEqualTo(FaultCode.NONE);
    }

    @Test
    void corruptedFramesAreRejectedAndTheSessionContinues() throws Exception {
        startSession();
        simulator.faults().corrupt(0.2);
        changeLevelsAndFollow();
        assertThat(simulator.state().crcErrors() + device.rejected(org.massaged.device.protocol.FrameError.BAD_CRC))
                .isPositive();
        assertContinued();
    }

    @Test
    void droppedFramesAreRetransmittedAndTheSessionContinues() throws Exception {
        startSession();
        simulator.faults().drop(DROP_RATE);
        // Which frames the line drops is chance: a few level changes and their acknowledgements may all get through.
        for (int round = 0; round < ROUNDS_UNTIL_A_DROP_IS_CERTAIN && retransmits() == 0; round++) {
            changeLevelsAndFollow();
        }
        assertThat(retransmits()).isPositive();
        assertContinued();
    }

    @Test
    void duplicatedFramesAreHarmless() throws Exception {
        startSession();
        simulator.faults().duplicate(0.5);
        changeLevelsAndFollow();
        assertContinued();
    }

    @Test
    void delayedFramesAreTolerated() throws Exception {
        startSession();
        simulator.faults().delay(0.3, Duration.ofMillis(120));
        changeLevelsAndFollow();
        assertContinued();
    }

    @Test
    void aSilentMicrocontrollerIsReportedAndItsDeadmanStopsTheMotor() throws Exception {
        startSession();
        long injected = System.nanoTime();
        simulator.faults().stopAnswering(true);
        await().atMost(LINK_LOSS_REPORTED).until(() -> events.has(DeviceEvent.LinkDown.class));
        await().atMost(WITHIN_LEASE).until(() -> simulator.zoneSteps("lumbar-left") == 0);
        recordSince("board silent (simulator)", "motor off", injected);
        assertThat(simulator.state().latchedFault()).isEqualTo(FaultCode.LEASE_EXPIRED);

        simulator.faults().stopAnswering(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.has(DeviceEvent.LinkUp.class));
        assertNotResumed();
    }

    @Test
    void unplugIsReportedWithinASecondAndReplugNeverResumes() throws Exception {
        startSession();
        long unpluggedAt = System.nanoTime();
        simulator.faults().unplug();
        await().atMost(UNPLUG_REPORTED).until(() -> events.has(DeviceEvent.LinkDown.class));
        System.out.printf("unplug reported after %d ms: %s%n", (System.nanoTime() - unpluggedAt) / 1_000_000,
                events.last(DeviceEvent.LinkDown.class).reason());
        assertThat(Files.exists(pty)).isFalse();
        await().atMost(WITHIN_LEASE).until(() -> simulator.zoneSteps("lumbar-left") == 0);
        recordSince("serial unplug (simulator)", "motor off", unpluggedAt);

        simulator.faults().replug();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.has(DeviceEvent.LinkUp.class));
        assertNotResumed();
        assertThat(events.has(DeviceEvent.Rebooted.class)).as("the board itself did not restart").isFalse();
    }

    @Test
    void aResetIsReportedAsARebootAndNothingResumes() throws Exception {
        startSession();
        long before = simulator.state().bootId();
        long injected = System.nanoTime();
        simulator.faults().reset();
        await().atMost(Duration.ofSeconds(3)).until(() -> events.has(DeviceEvent.Rebooted.class));
        recordSince("board reset (simulator)", "reboot reported (outputs off from boot)", injected);
        DeviceEvent.Rebooted rebooted = events.last(DeviceEvent.Rebooted.class);
        assertThat(rebooted.previousBootId()).isEqualTo(before);
        assertThat(rebooted.bootId()).isEqualTo(simulator.state().bootId()).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.has(DeviceEvent.LinkUp.class));
        assertNotResumed();
    }

    @Test
    void aWrongProtocolVersionIsRefusedWithAClearError() throws Exception {
        simulator = VirtualMassager.start(profile, SimulatorOptions.defaults().withPty(pty));
        simulator.faults().wrongProtocolVersion(3);
        device = LinkDevice.serial(profile);
        assertThatThrownBy(() -> device.open(events)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("the device speaks protocol 3.0, this daemon speaks 2.0");
        assertThat(simulator.zoneSteps("lumbar-left")).isZero();
    }

    @Test
    void aStalledMotorFaultsTheSession() throws Exception {
        startSession();
        long injected = System.nanoTime();
        simulator.faults().motorStall("lumbar-right", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> hasFault("MOTOR_STALL"));
        recordSince("stalled motor (simulator)", "MOTOR_STALL reported, outputs off", injected);
        assertThat(events.last(DeviceEvent.Fault.class).message()).contains("lumbar-right");
        assertThat(simulator.zoneSteps("lumbar-left")).isZero();
        assertNotResumed();
    }

    @Test
    void overTemperatureCutsHeaterAndMotors() throws Exception {
        startSession();
        loop.set(new Setpoints(Map.of("lumbar-left", 600, "lumbar-right", 600), true, 40.0, 1000));
        await().atMost(Duration.ofSeconds(3)).until(() -> simulator.state().heaterOn());
        long injected = System.nanoTime();
        simulator.faults().overTemperature(25);
        await().atMost(Duration.ofSeconds(3)).until(() -> hasFault("OVER_TEMPERATURE"));
        recordSince("pad sensor reads 25 K high (simulator)", "OVER_TEMPERATURE reported, heater and motors off",
                injected);
        assertThat(simulator.state().heaterOn()).isFalse();
        assertThat(simulator.zoneSteps("lumbar-left")).isZero();
        assertNotResumed();
    }

    @Test
    void aHeaterThatWarmsWhileOffIsARunaway() throws Exception {
        startSession();
        simulator.faults().heaterRunaway(true);
        // The stuck element would take minutes to heat the pad; start it where that would have got it.
        long injected = System.nanoTime();
        simulator.physics().padCelsius(41.5);
        await().atMost(Duration.ofSeconds(3)).until(() -> hasFault("HEATER_RUNAWAY"));
        recordSince("heater runaway (simulator)", "HEATER_RUNAWAY reported, outputs off", injected);
        assertThat(simulator.zoneSteps("lumbar-left")).isZero();
    }

    @Test
    void aMotorTurningWhileCommandedOffIsAStuckRelay() throws Exception {
        startSession();
        simulator.faults().stuckRelay("lumbar-left", 700);
        long injected = System.nanoTime();
        loop.set(Setpoints.off(ZONES));
        await().atMost(Duration.ofSeconds(5)).until(() -> hasFault("STUCK_RELAY"));
        recordSince("stuck relay (simulator)", "STUCK_RELAY reported after the stop", injected);
        assertThat(events.last(DeviceEvent.Fault.class).message()).contains("lumbar-left");
        assertThat(simulator.zoneSteps("lumbar-left")).as("the firmware drives it off; the relay does not obey")
                .isZero();
        assertThat(simulator.physics().rpm("lumbar-left")).isPositive();
    }

    private long retransmits() {
        return device.retransmits() + simulator.state().retransmits();
    }

    private void changeLevelsAndFollow() {
        for (int steps : new int[] {700, 500, 900, 400}) {
            loop.set(ControlLoop.steps(Map.of("lumbar-left", steps, "lumbar-right", steps)));
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.zoneSteps("lumbar-left") == steps
                    && simulator.zoneSteps("lumbar-right") == steps);
        }
        // Held for a few lease periods under the fault: heartbeats keep it alive.
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(4))
                .until(() -> simulator.zoneSteps("lumbar-left") == 400);
    }

    private void assertContinued() {
        assertThat(events.has(DeviceEvent.LinkDown.class)).isFalse();
        assertThat(events.has(DeviceEvent.Fault.class)).isFalse();
        assertThat(simulator.state().latchedFault()).isEqualTo(FaultCode.NONE);
        assertThat(events.has(DeviceEvent.Status.class)).isTrue();
    }

    /** The control loop still asks for 600: the link refuses until it has applied all-off once. */
    private void assertNotResumed() {
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> simulator.zoneSteps("lumbar-left") == 0 && simulator.zoneSteps("lumbar-right") == 0);
    }

    private boolean hasFault(String code) {
        return events.of(DeviceEvent.Fault.class).stream().anyMatch(fault -> fault.code().equals(code));
    }
}
