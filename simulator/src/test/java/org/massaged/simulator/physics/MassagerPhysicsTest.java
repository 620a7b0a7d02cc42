package org.massaged.simulator.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MassagerPhysicsTest {
    private final MassagerPhysics physics = new MassagerPhysics(new LinkedHashMap<>(Map.of("back", 1000)),
            PhysicsParameters.defaults());

    private void run(Duration total, PhysicsInputs inputs) {
        for (long ms = 0; ms < total.toMillis(); ms += 10) {
            physics.step(Duration.ofMillis(10), inputs);
        }
    }

    @Test
    void aMotorSpinsUpWithInertiaAndSettlesAtItsShareOfFullSpeed() {
        PhysicsInputs half = new PhysicsInputs(Map.of("back", 500), false);
        run(Duration.ofMillis(100), half);
        double early = physics.rpm("back");
        assertThat(early).isBetween(100.0, 1000.0);
        double spinningUpCurrent = physics.currentMa("back");
        run(Duration.ofSeconds(8), half);
        assertThat(physics.rpm("back")).isCloseTo(1500.0, org.assertj.core.data.Offset.offset(5.0));
        assertThat(physics.currentMa("back")).isLessThan(spinningUpCurrent).isGreaterThan(0);

        run(Duration.ofSeconds(10), new PhysicsInputs(Map.of(), false));
        assertThat(physics.rpm("back")).isZero();
        assertThat(physics.currentMa("back")).isZero();
    }

    @Test
    void aFullScaleStepStaysWithinWhatAShippedTachometerFindsPlausible() {
        double before = physics.rpm("back");
        run(Duration.ofMillis(250), new PhysicsInputs(Map.of("back", 1000), false));
        assertThat((physics.rpm("back") - before) / 0.25).as("rpm/s over one status period").isLessThan(3000);
    }

    @Test
    void aStalledMotorDrawsStallCurrentAndDoesNotTurn() {
        physics.stall("back", true);
        run(Duration.ofSeconds(1), new PhysicsInputs(Map.of("back", 1000), false));
        assertThat(physics.rpm("back")).isZero();
        assertThat(physics.currentMa("back")).isGreaterThan(PhysicsParameters.defaults().fullCurrentMa());
    }

    @Test
    void aWeldedRelayTurnsTheMotorWhileCommandedOff() {
        physics.weldRelay("back", 600);
        run(Duration.ofSeconds(2), new PhysicsInputs(Map.of("back", 0), false));
        assertThat(physics.rpm("back")).isGreaterThan(1500);
    }

    @Test
    void theHeaterWarmsThePadAndTheSkinFollowsWhileSomeoneSits() {
        double start = physics.padCelsius();
        run(Duration.ofMinutes(3), new PhysicsInputs(Map.of(), true));
        assertThat(physics.padCelsius()).isGreaterThan(start + 10);
        assertThat(physics.skinCelsius()).isGreaterThan(PhysicsParameters.defaults().bodyCelsius());

        physics.occupied(false);
        run(Duration.ofMinutes(10), new PhysicsInputs(Map.of(), false));
        assertThat(physics.skinCelsius()).isCloseTo(PhysicsParameters.defaults().ambientCelsius(),
                org.assertj.core.data.Offset.offset(1.0));
        assertThat(physics.occupied()).isFalse();
    }

    @Test
    void aStuckHeaterHeatsWhateverIsCommanded() {
        physics.heaterStuckOn(true);
        double start = physics.padCelsius();
        run(Duration.ofMinutes(2), new PhysicsInputs(Map.of(), false));
        assertThat(physics.heaterElementOn()).isTrue();
        assertThat(physics.padCelsius()).isGreaterThan(start + 10);
    }

    @Test
    void aStuckPadSensorKeepsItsReadingWhileThePadHeatsAndFollowsItAgainOnceMended() {
        double start = physics.padCelsius();
        physics.padSensorStuck(true);
        run(Duration.ofMinutes(2), new PhysicsInputs(Map.of(), true));
        assertThat(physics.padCelsius()).isEqualTo(start);
        physics.padSensorStuck(false);
        assertThat(physics.padCelsius()).as("the pad heated all along").isGreaterThan(start + 10);
    }

    @Test
    void unknownZonesAreNamedInTheError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> physics.stall("legs", true))
                .hasMessage("no zone 'legs'; zones are [back]");
    }

    @Test
    void oneLongStepLandsWhereManyShortOnesDo() {
        MassagerPhysics once = new MassagerPhysics(new LinkedHashMap<>(Map.of("back", 1000)),
                PhysicsParameters.defaults());
        PhysicsInputs drive = new PhysicsInputs(Map.of("back", 700), true);
        run(Duration.ofSeconds(3), drive);
        once.step(Duration.ofSeconds(3), drive);
        assertThat(once.rpm("back")).isCloseTo(physics.rpm("back"), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(once.currentMa("back")).isCloseTo(physics.currentMa("back"), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(once.padCelsius()).isCloseTo(physics.padCelsius(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(once.skinCelsius()).isCloseTo(physics.skinCelsius(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aSpeedCrossesALimitWhenItsLagSaysAndNotBefore() {
        PhysicsInputs half = new PhysicsInputs(Map.of("back", 500), false);
        long toFaster = physics.nanosUntilFasterThan("back", 1000, half);
        assertThat(physics.nanosUntilSlowerThan("back", 1000, half)).as("already slower").isZero();
        physics.step(Duration.ofNanos(toFaster - 1_000_000), half);
        assertThat(physics.rpm("back")).isLessThan(1000);
        physics.step(Duration.ofMillis(2), half);
        assertThat(physics.rpm("back")).isGreaterThan(1000);
        assertThat(physics.nanosUntilFasterThan("back", 1600, half)).as("heads for 1500 rpm: never").isEqualTo(Long.MAX_VALUE);

        physics.stall("back", true);
        long toSlower = physics.nanosUntilSlowerThan("back", 300, half);
        physics.step(Duration.ofNanos(toSlower - 1_000_000), half);
        assertThat(physics.rpm("back")).isGreaterThan(300);
        physics.step(Duration.ofMillis(2), half);
        assertThat(physics.rpm("back")).isLessThan(300);
    }
}
