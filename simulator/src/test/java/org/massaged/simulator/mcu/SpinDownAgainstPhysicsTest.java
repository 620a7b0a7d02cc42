package org.massaged.simulator.mcu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SerialTestProfiles;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.profile.Zone;
import org.massaged.device.protocol.FaultCode;
import org.massaged.simulator.mcu.CoastRig.Cut;

/**
 * Issue 11.2: the "turning while commanded off" rules follow the physics. The simulated motor's inertia (its time
 * constant τ, a property of the physics, not of the profile) is swept over what a real massage motor can have;
 * for each, the profile declares the spin-down a maker would measure for that motor (τ · ln 10, from full speed to
 * a tenth of it), and both rules — the board's STUCK_RELAY and the host's motor-runs-while-off — are run against
 * that motor: no pause or emergency stop at any level raises either, a welded relay is still caught within the
 * spin-down and the confirmations, and a spin-down declared much shorter than the physics does false-fault (so
 * the check can fail).
 */
class SpinDownAgainstPhysicsTest {
    private static final List<Duration> TIME_CONSTANTS = List.of(Duration.ofMillis(50), Duration.ofMillis(150),
            Duration.ofMillis(400), Duration.ofSeconds(1), Duration.ofMillis(2000), Duration.ofSeconds(3));
    /** The board judges on its next 5 ms tick after the spin-down. */
    private static final Duration BOARD_SLACK = Duration.ofMillis(20);
    /** The host needs three reports 250 ms apart after the spin-down (and one may just miss it). */
    private static final Duration HOST_SLACK = Duration.ofMillis(4 * 250 + 20);

    @Test
    void theShippedSerialProfilePausedAtLevelSixRaisesNoFalseStuckRelay() {
        // The reproduction: the built-in body-massager-serial, the simulator's own motor, pause at 6.
        DeviceProfile shipped = ProfileCatalogue.builtIn().find("body-massager-serial").orElseThrow();
        CoastRig rig = new CoastRig(shipped, Duration.ofSeconds(1));
        for (Cut cut : Cut.values()) {
            assertThat(rig.board(6, cut, false, Duration.ofSeconds(8)).fault()).as(cut.name())
                    .isEqualTo(FaultCode.NONE);
        }
    }

    @Test
    void aPauseOrEmergencyStopAtEveryLevelRaisesNoFalseFaultWhateverTheMotorsInertia() {
        for (Duration tau : TIME_CONSTANTS) {
            DeviceProfile profile = profile(measuredSpinDown(tau));
            CoastRig rig = new CoastRig(profile, tau);
            Duration watch = measuredSpinDown(tau).multipliedBy(2).plusSeconds(2);
            for (int level = 1; level <= 10; level++) {
                for (Cut cut : Cut.values()) {
                    String what = "τ %d ms, spin-down %d ms, level %d, %s".formatted(tau.toMillis(),
                            measuredSpinDown(tau).toMillis(), level, cut);
                    assertThat(rig.board(level, cut, false, watch).fault()).as("board: " + what)
                            .isEqualTo(FaultCode.NONE);
                    assertThat(rig.host(level, cut, false, watch).faults()).as("host: " + what).isEmpty();
                }
            }
        }
    }

    @Test
    void aWeldedRelayIsStillCaughtWithinTheSpinDownAndTheConfirmations() {
        for (Duration tau : TIME_CONSTANTS) {
            Duration spinDown = measuredSpinDown(tau);
            CoastRig rig = new CoastRig(profile(spinDown), tau);
            for (int level : List.of(2, 6, 10)) {
                for (Cut cut : Cut.values()) {
                    String what = "τ %d ms, level %d, %s".formatted(tau.toMillis(), level, cut);
                    CoastRig.BoardVerdict board = rig.board(level, cut, true, spinDown.plusSeconds(2));
                    assertThat(board.fault()).as("board: " + what).isEqualTo(FaultCode.STUCK_RELAY);
                    assertThat(board.afterCut()).as("board: " + what).isGreaterThan(spinDown)
                            .isLessThanOrEqualTo(spinDown.plus(BOARD_SLACK));
                    CoastRig.HostVerdict host = rig.host(level, cut, true, spinDown.plusSeconds(3));
                    assertThat(host.faults()).as("host: " + what).extracting(f -> f.code())
                            .containsExactly("motor-runs-while-off");
                    assertThat(host.firstAfterCut()).as("host: " + what).isGreaterThanOrEqualTo(spinDown)
                            .isLessThanOrEqualTo(spinDown.plus(HOST_SLACK));
                }
            }
        }
    }

    /**
     * The board judges one reading, so it false-faults on every motor. The host also requires the speed to have
     * stopped falling by 10 % between its reports (250 ms apart), so only a motor slower than that to coast
     * (τ above 250 ms / ln(1/0.9), about 2.4 s) can false-fault it; a faster one is seen still coasting.
     */
    @Test
    void aSpinDownDeclaredMuchShorterThanTheMotorCoastsDoesFalseFault() {
        for (Duration tau : TIME_CONSTANTS) {
            Duration tooShort = measuredSpinDown(tau).dividedBy(3);
            CoastRig rig = new CoastRig(profile(tooShort), tau);
            Duration watch = measuredSpinDown(tau).plusSeconds(2);
            String what = "τ %d ms declared %d ms".formatted(tau.toMillis(), tooShort.toMillis());
            assertThat(rig.board(10, Cut.PAUSE, false, watch).fault()).as("board: " + what)
                    .isEqualTo(FaultCode.STUCK_RELAY);
            if (Math.exp(-0.25 / (tau.toMillis() / 1000.0)) > 0.9) {
                assertThat(rig.host(10, Cut.PAUSE, false, watch).faults()).as("host: " + what)
                        .extracting(f -> f.code()).contains("motor-runs-while-off");
            }
        }
    }

    /** What a maker measures: full speed to a tenth of it, τ · ln 10, rounded up to 10 ms. */
    static Duration measuredSpinDown(Duration tau) {
        double millis = tau.toNanos() / 1e6 * Math.log(10);
        return Duration.ofMillis((long) Math.ceil(millis / 10) * 10);
    }

    /** One motor of 1000 steps that reaches 3000 rpm (the physics' full speed) at full drive, with a tachometer. */
    static DeviceProfile profile(Duration spinDown) {
        Actuator actuator = new Actuator(Actuator.ActuatorType.OSCILLATE, 1000, 10, 2, 6, 10, 100,
                Optional.of(new Actuator.KickStart(200, Duration.ofMillis(150))), 2.0, 1.0, 0, Duration.ofMillis(1000),
                3000, spinDown);
        DeviceProfile golden = SerialTestProfiles.bodyMassager(Optional.empty());
        return new DeviceProfile(1, "coast", "Coast", "test", "C-1", "A",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "massaged-bm1", 2),
                new SerialTransport(Optional.of("/dev/null"), 115200, 8, SerialTransport.Parity.NONE, 1, false),
                List.of(new Zone("back", "Back", false, actuator)), Optional.empty(),
                List.of(new SensorSpec("motor-speed", SensorKind.TACHOMETER, "rpm", 0, 4200, 100_000, Duration.ZERO)),
                golden.session());
    }
}
