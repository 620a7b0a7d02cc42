package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;
import org.massaged.device.program.Technique;

class ProgramRunnerTest {

    private static final long SECOND = 1_000_000_000L;
    private final DeviceProfile duo = Fixtures.duo();

    private ProgramRunner lay(Program program, Duration duration) {
        ProgramLayout layout = ProgramRunner.lay(program, duo, duo.zones(), duration);
        assertThat(layout).isInstanceOf(ProgramRunner.class);
        return (ProgramRunner) layout;
    }

    private static Program program(Step... steps) {
        return new Program("p", "P", "", List.of(steps));
    }

    @Test
    void stepsTakeTheirShareOfTheSession() {
        ProgramRunner runner = lay(program(
                new Step("a", Technique.KNEADING, List.of("both"), 1.0, 1, false),
                new Step("b", Technique.TAPPING, List.of("both"), 1.0, 2, false),
                new Step("c", Technique.LONG_SLOW_STROKE, List.of("both"), 1.0, 1, false)), Duration.ofMinutes(8));
        assertThat(runner.stepIndexAt(0)).isZero();
        assertThat(runner.stepIndexAt(120 * SECOND - 1)).isZero();
        assertThat(runner.stepIndexAt(120 * SECOND)).isEqualTo(1);
        assertThat(runner.stepIndexAt(360 * SECOND)).isEqualTo(2);
        assertThat(runner.stepIndexAt(3600 * SECOND)).as("the last step holds to the end").isEqualTo(2);
    }

    @Test
    void sidesAndIdsResolveToDrivableZonesAndTheSpineNeverMoves() {
        ProgramRunner runner = lay(program(
                new Step("left", Technique.PALM_CIRCLING, List.of("left"), 1.0, 1, false),
                new Step("right", Technique.PALM_CIRCLING, List.of("lumbar-right"), 0.5, 1, false),
                new Step("both", Technique.PALM_CIRCLING, List.of("both"), 1.0, 1, false),
                new Step("end", Technique.LONG_SLOW_STROKE, List.of("both"), 1.0, 1, false)), Duration.ofMinutes(8));
        // engine order: lumbar-left, spine, lumbar-right; 120 s per step
        assertThat(runner.relativeDrive(0, SECOND)).isPositive();
        assertThat(runner.relativeDrive(1, SECOND)).isZero();
        assertThat(runner.relativeDrive(2, SECOND)).isZero();
        assertThat(runner.relativeDrive(0, 150 * SECOND)).isZero();
        assertThat(runner.relativeDrive(2, 150 * SECOND)).isBetween(0.0, 0.5);
        assertThat(runner.relativeDrive(0, 300 * SECOND)).isPositive();
        assertThat(runner.relativeDrive(1, 300 * SECOND)).isZero();
        assertThat(runner.relativeDrive(2, 300 * SECOND)).isPositive();
        assertThat(runner.level(duo.zones().get(1), 1, 5, 300 * SECOND)).isZero();
    }

    @Test
    void aGentleStepPlaysBetweenTheLowestLevelThatTurnsTheMotorAndTheSessionLevel() {
        ProgramRunner runner = lay(program(
                new Step("soft", Technique.LONG_SLOW_STROKE, List.of("both"), 0.1, 1, false)), Duration.ofMinutes(5));
        var zone = duo.zones().get(0);
        double lowest = zone.actuator().lowestTurningLevel();
        assertThat(lowest).isPositive();
        double fraction = 0.1 * Technique.LONG_SLOW_STROKE.drive(1.0);
        assertThat(runner.level(zone, 0, 3, SECOND)).isCloseTo(lowest + (3 - lowest) * fraction, within(1e-9))
                .isGreaterThan(lowest).isLessThan(3);
        assertThat(runner.level(zone, 0, 0.5, SECOND)).isLessThanOrEqualTo(0.5);
    }

    @Test
    void aSkippedStepGivesItsRemainderToTheNext() {
        ProgramRunner runner = lay(program(
                new Step("a", Technique.KNEADING, List.of("both"), 1.0, 1, false),
                new Step("b", Technique.SHIATSU, List.of("both"), 1.0, 1, false),
                new Step("c", Technique.LONG_SLOW_STROKE, List.of("both"), 1.0, 1, false)), Duration.ofMinutes(6));
        assertThat(runner.skip(30 * SECOND)).isTrue();
        assertThat(runner.stepIndexAt(30 * SECOND)).isEqualTo(1);
        assertThat(runner.relativeDrive(0, 30 * SECOND)).as("shiatsu starts at its press").isEqualTo(0.4);
        assertThat(runner.stepIndexAt(239 * SECOND)).isEqualTo(1);
        assertThat(runner.stepIndexAt(240 * SECOND)).isEqualTo(2);
        assertThat(runner.skip(250 * SECOND)).isFalse();
    }

    @Test
    void programsThatNameTheSpineOrAMissingZoneAreRefusedAtStart() {
        ProgramLayout spine = ProgramRunner.lay(program(new Step("x", Technique.LONG_SLOW_STROKE, List.of("spine"), 1, 1,
                false)), duo, duo.zones(), Duration.ofMinutes(5));
        assertThat(spine).isInstanceOfSatisfying(ProgramLayout.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo("zone-over-spine"));
        ProgramLayout missing = ProgramRunner.lay(program(new Step("x", Technique.LONG_SLOW_STROKE, List.of("neck"), 1, 1,
                false)), duo, duo.zones(), Duration.ofMinutes(5));
        assertThat(missing).isInstanceOfSatisfying(ProgramLayout.Refused.class,
                refused -> assertThat(refused.message()).contains("neck").contains("test-device"));

        Rig rig = new Rig(new EngineConfig(duo, Map.of("steady", Fixtures.steady("both"),
                "bad", program(new Step("x", Technique.LONG_SLOW_STROKE, List.of("spine"), 1, 1, false))), "steady", false,
                RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 30));
        CommandResult result = rig.send(new Command.Start(Origin.CLI, Optional.of("bad"), Optional.empty(),
                OptionalInt.empty(), Optional.empty()));
        assertThat(result.reason()).isEqualTo("zone-over-spine");
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
    }
}
