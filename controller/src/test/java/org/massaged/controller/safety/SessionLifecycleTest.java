package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The main path: idle → starting → running → stopping → cooldown → idle, in virtual time. */
class SessionLifecycleTest {

    @Test
    void aSessionSoftStartsPlaysCountsDownRampsDownAndRests() {
        Rig rig = new Rig(Fixtures.singleConfig());
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
        assertThat(rig.last.allOff()).isTrue();

        CommandResult result = rig.send(Fixtures.start(Origin.CLI, Duration.ofMinutes(5)));
        assertThat(result.outcome()).isEqualTo(CommandResult.Outcome.ACCEPTED);
        assertThat(rig.phase()).isEqualTo(Phase.STARTING);
        assertThat(rig.snap().cause().text()).isEqualTo("start:cli");

        Duration softStart = rig.runUntil(Phase.RUNNING, Duration.ofSeconds(30));
        assertThat(softStart).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(rig.level("back")).isGreaterThan(0).isLessThanOrEqualTo(2.0);

        rig.run(Duration.ofMinutes(2));
        assertThat(rig.phase()).isEqualTo(Phase.RUNNING);
        assertThat(rig.snap().remainingSeconds()).isBetween(170L, 180L);
        assertThat(rig.steps("back")).isPositive();

        Duration toStopping = rig.runUntil(Phase.STOPPING, Duration.ofMinutes(4));
        assertThat(rig.snap().cause().text()).isEqualTo("duration-elapsed");
        List<Integer> rampDown = new ArrayList<>();
        long stoppingAt = rig.now;
        rig.runUntil(Phase.COOLDOWN, Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(rig.now - stoppingAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(rig.last.allOff()).isTrue();
        var ended = rig.events(SessionEvent.Ended.class);
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).ran()).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(ended.get(0).cause().text()).isEqualTo("duration-elapsed");
        assertThat(toStopping).isPositive();

        assertThat(rig.send(Fixtures.start(Origin.CLI)).reason()).isEqualTo("resting");
        rig.runUntil(Phase.IDLE, Duration.ofMinutes(11));
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
        assertThat(rig.snap().cause().text()).isEqualTo("rest-complete");
    }

    @Test
    void stopRampsDownOverAtLeastThreeSeconds() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.MQTT));
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.steps("back")).isPositive();
        rig.send(new Command.Stop(Origin.MQTT));
        assertThat(rig.phase()).isEqualTo(Phase.STOPPING);
        long from = rig.now;
        rig.tick();
        assertThat(rig.steps("back")).isPositive();
        rig.runUntil(Phase.COOLDOWN, Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(rig.now - from)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(rig.last.allOff()).isTrue();
    }

    @Test
    void emergencyStopCutsOutputsOnTheNextTickAndLatches() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.steps("back")).isPositive();
        rig.send(new Command.EmergencyStop(Origin.MQTT));
        assertThat(rig.tick().allOff()).isTrue();
        assertThat(rig.phase()).isEqualTo(Phase.EMERGENCY_STOP);
        rig.run(Duration.ofMinutes(1));
        assertThat(rig.phase()).isEqualTo(Phase.EMERGENCY_STOP);
        assertThat(rig.send(Fixtures.start(Origin.CLI)).reason()).isEqualTo("latched");
        assertThat(rig.send(new Command.Reset(Origin.CLI)).isRejected()).isFalse();
        assertThat(rig.phase()).isIn(Phase.IDLE, Phase.COOLDOWN);
        rig.run(Duration.ofSeconds(5));
        assertThat(rig.last.allOff()).isTrue();
    }
}
