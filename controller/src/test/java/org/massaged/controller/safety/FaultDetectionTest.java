package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.Zone;

/** Sensor plausibility (S9), output verification (S10), the heater (S9) and the time cross-check (S1). */
class FaultDetectionTest {

    private static Rig running() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI, "steady", Duration.ofMinutes(10), 3, false));
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.steps("lumbar-left")).isPositive();
        return rig;
    }

    private static void assertFaulted(Rig rig, String code) {
        assertThat(rig.phase()).isEqualTo(Phase.FAULT);
        assertThat(rig.snap().fault()).map(SessionSnapshot.Fault::code).contains(code);
        assertThat(rig.tick().allOff()).as("outputs off on the next tick").isTrue();
        assertThat(rig.events(SessionEvent.Faulted.class)).last()
                .satisfies(faulted -> assertThat(faulted.code()).isEqualTo(code));
        rig.run(Duration.ofSeconds(30));
        assertThat(rig.phase()).as("latched").isEqualTo(Phase.FAULT);
    }

    @Test
    void aTemperatureOutsideItsRangeFaults() {
        Rig rig = running();
        rig.observe(Fixtures.seat(true, 95));
        assertFaulted(rig, "sensor-out-of-range");
    }

    @Test
    void aTemperatureThatJumpsFaults() {
        Rig rig = running();
        rig.observe(Fixtures.seat(true, 30));
        rig.run(Duration.ofSeconds(1));
        rig.observe(Fixtures.seat(true, 31.5));
        assertThat(rig.phase()).as("1.5 °C/s is plausible").isEqualTo(Phase.RUNNING);
        rig.run(Duration.ofSeconds(1));
        rig.observe(Fixtures.seat(true, 34));
        assertFaulted(rig, "sensor-rate");
    }

    @Test
    void aPadTemperatureThatDoesNotMoveWhileHeatingFaults() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, true));
        assertThat(rig.phase()).isEqualTo(Phase.WARMING);
        for (int second = 0; second < 119; second++) {
            rig.run(Duration.ofSeconds(1));
            rig.observe(Fixtures.seat(true, 30));
            assertThat(rig.last.heaterOn()).isTrue();
        }
        assertThat(rig.phase()).isEqualTo(Phase.WARMING);
        rig.run(Duration.ofSeconds(2));
        rig.observe(Fixtures.seat(true, 30));
        assertFaulted(rig, "sensor-stuck");
    }

    @Test
    void theHeaterWarmsUpToItsSetpointThenTheMotorsStartAndItTripsAt43() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, true));
        assertThat(rig.phase()).isEqualTo(Phase.WARMING);
        double pad = 30;
        while (rig.phase() == Phase.WARMING) {
            rig.run(Duration.ofSeconds(1), setpoints -> {
                if (rig.phase() == Phase.WARMING) {
                    assertThat(setpoints.zoneSteps().values()).allSatisfy(steps -> assertThat(steps).isZero());
                    assertThat(setpoints.heaterOn()).isTrue();
                }
                assertThat(setpoints.heaterSetpointCelsius()).isLessThanOrEqualTo(41.0);
            });
            pad += 0.5;
            rig.observe(Fixtures.seat(true, pad));
        }
        assertThat(rig.phase()).isEqualTo(Phase.STARTING);
        assertThat(rig.snap().cause().text()).isEqualTo("warm");
        assertThat(pad).isGreaterThanOrEqualTo(39.0);
        rig.run(Duration.ofSeconds(5));
        rig.observe(Fixtures.seat(true, 40.5));
        rig.tick();
        assertThat(rig.last.heaterOn()).as("thermostat: off at the setpoint").isFalse();
        for (double pad2 = 41.0; pad2 < 43.0; pad2 += 0.5) {
            rig.run(Duration.ofSeconds(1));
            rig.observe(Fixtures.seat(true, pad2));
            assertThat(rig.phase()).isEqualTo(Phase.RUNNING);
        }
        rig.run(Duration.ofSeconds(1));
        rig.observe(Fixtures.seat(true, 43.0));
        assertFaulted(rig, "heater-over-temperature");
    }

    @Test
    void warmUpIsBoundedByTheProfile() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, true));
        double pad = 30;
        for (int second = 0; second < 200 && rig.phase() == Phase.WARMING; second++) {
            rig.run(Duration.ofSeconds(1));
            pad += 0.01;
            rig.observe(Fixtures.seat(true, pad));
        }
        assertThat(rig.phase()).isEqualTo(Phase.STARTING);
        assertThat(rig.snap().cause().text()).isEqualTo("warm-up-timeout");
    }

    @Test
    void theHeaterIsOffWhenTheSessionEnds() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 36));
        rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(5), 2, true));
        rig.send(new Command.SkipStep(Origin.CLI));
        rig.run(Duration.ofSeconds(5));
        assertThat(rig.last.heaterOn()).isTrue();
        rig.send(new Command.Stop(Origin.CLI));
        assertThat(rig.tick().heaterOn()).isFalse();
    }

    private static Readings motors(double left, double right) {
        return new Readings(Map.of(), Map.of(), Map.of("lumbar-left", left, "lumbar-right", right),
                Map.of("pad", 30.0), Optional.of(true), false);
    }

    @Test
    void aMotorThatDoesNotTurnWhenCommandedOnFaultsOnThreeReportsInARow() {
        Rig rig = running();
        rig.observe(motors(400, 400));
        assertThat(rig.phase()).isEqualTo(Phase.RUNNING);
        rig.observe(motors(400, 0));
        rig.tick();
        rig.observe(motors(400, 0));
        rig.tick();
        assertThat(rig.phase()).as("two reports are not enough").isEqualTo(Phase.RUNNING);
        rig.observe(motors(400, 0));
        assertFaulted(rig, "motor-not-turning");
    }

    @Test
    void aMotorStillSpinningUpIsNotJudgedStill() {
        Rig rig = running();
        for (int i = 1; i <= 10; i++) {
            rig.observe(motors(400, 20.0 * i));
            rig.tick();
        }
        assertThat(rig.phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void aMotorThatTurnsWhenCommandedOffFaults() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(motors(0, 0));
        rig.run(Duration.ofSeconds(2));
        rig.observe(motors(0, 500));
        rig.observe(motors(0, 500));
        rig.observe(motors(0, 500));
        assertThat(rig.phase()).as("spin-down grace after start-up").isEqualTo(Phase.IDLE);
        rig.run(Duration.ofSeconds(2));
        rig.observe(motors(0, 500));
        rig.observe(motors(0, 500));
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
        rig.observe(motors(0, 510));
        assertFaulted(rig, "motor-runs-while-off");
    }

    @Test
    void aMotorCoastingDownAfterAStopIsFine() {
        Rig rig = running();
        rig.send(new Command.EmergencyStop(Origin.CLI));
        double current = 1500;
        for (int i = 0; i < 40; i++) {
            rig.run(Duration.ofMillis(250));
            current *= 0.8;
            rig.observe(motors(current, current));
        }
        assertThat(rig.snap().fault()).map(SessionSnapshot.Fault::code).contains("emergency-stop");
        assertThat(rig.events(SessionEvent.Faulted.class)).isEmpty();
    }

    @Test
    void tachometerSpecsAreAppliedPerZone() {
        var tach = new SensorSpec("lumbar-left", SensorKind.TACHOMETER, "rpm", 0, 3000, 100000, Duration.ZERO);
        var profile = Fixtures.profile(List.of(new Zone("lumbar-left", "L", false, Fixtures.actuator())),
                Optional.empty(), List.of(tach), Fixtures.limits());
        Rig rig = new Rig(new EngineConfig(profile, Map.of("steady", Fixtures.steady("both")), "steady", false,
                RemoteStartPolicy.ALLOWED));
        rig.observe(new Readings(Map.of(), Map.of("lumbar-left", 3500.0), Map.of(), Map.of(), Optional.empty(), false));
        assertFaulted(rig, "sensor-out-of-range");
    }

    @Test
    void theHeaterReportedOnWhileCommandedOffFaults() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.run(Duration.ofSeconds(4));
        for (int i = 0; i < 3; i++) {
            rig.tick();
            rig.observe(new Readings(Map.of(), Map.of(), Map.of(), Map.of("pad", 30.0), Optional.of(true), true));
        }
        assertFaulted(rig, "heater-on-while-off");
    }

    @Test
    void aDeviceFaultLatchesInEveryPhase() {
        for (Phase phase : Phase.values()) {
            Rig rig = CommandMatrixTest.rigIn(phase);
            rig.engine.deviceFault("mcu-reset", "The controller restarted", rig.now);
            assertThat(rig.phase()).as(phase.name()).isIn(Phase.FAULT, Phase.EMERGENCY_STOP);
            assertThat(rig.tick().allOff()).isTrue();
        }
    }

    @Test
    void aWallClockJumpStopsTheSessionAtOnce() {
        Rig rig = running();
        rig.wallOffset += Duration.ofMinutes(30).toNanos();
        rig.tick();
        rig.tick();
        assertFaulted(rig, "clock-jump");
    }

    @Test
    void aWallClockGoingBackNeverLengthensTheSession() {
        Rig rig = running();
        rig.wallOffset -= Duration.ofHours(1).toNanos();
        rig.tick();
        rig.tick();
        assertFaulted(rig, "clock-jump");
    }

    @Test
    void twoClocksReadApartOnceIsNotAWrongClock() {
        Rig rig = running();
        for (int i = 0; i < 50; i++) {
            rig.now += Rig.TICK;
            // the thread was preempted for 2 s between reading the monotonic and the wall clock
            Instant late = rig.wall().plusSeconds(i % 10 == 0 ? 2 : 0);
            rig.last = rig.engine.tick(rig.now, late);
        }
        assertThat(rig.phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void aFrozenClockStopsTheSession() {
        Rig rig = running();
        long frozenWall = rig.now + rig.wallOffset;
        for (int i = 0; i < 100 && rig.phase() == Phase.RUNNING; i++) {
            rig.now += Rig.TICK;
            rig.last = rig.engine.tick(rig.now, Rig.WALL_ORIGIN.plusNanos(frozenWall));
        }
        assertFaulted(rig, "clock-freeze");
    }

    @Test
    void driftBeyondOnePercentStopsTheSessionAndWithinItDoesNot() {
        Rig slow = running();
        for (int i = 0; i < 30_000 && slow.phase() == Phase.RUNNING; i++) {
            slow.wallOffset += Rig.TICK / 200; // 0.5 %
            slow.tick();
        }
        assertThat(slow.phase()).isNotIn(Phase.FAULT);

        Rig fast = running();
        for (int i = 0; i < 30_000 && fast.phase() == Phase.RUNNING; i++) {
            fast.wallOffset += Rig.TICK / 50; // 2 %
            fast.tick();
        }
        assertFaulted(fast, "clock-drift");
    }

    @Test
    void theMonotonicClockGoingBackwardsStopsTheSession() {
        Rig rig = running();
        rig.now -= Duration.ofMillis(50).toNanos();
        rig.wallOffset += Duration.ofMillis(50).toNanos();
        rig.last = rig.engine.tick(rig.now, rig.wall());
        assertFaulted(rig, "clock-monotonic-backwards");
    }

    @Test
    void clocksAreNotJudgedWhileIdle() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.wallOffset += Duration.ofHours(3).toNanos();
        rig.run(Duration.ofSeconds(1));
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
        assertThat(rig.send(Fixtures.start(Origin.CLI)).isRejected()).isFalse();
        rig.run(Duration.ofSeconds(5));
        assertThat(rig.phase()).isEqualTo(Phase.RUNNING);
    }
}
