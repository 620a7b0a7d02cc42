package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the board tells the engine: its own session cap (a start asking for more is adjusted, and says so), and
 * its own standstill, which disproves a "turns while off" fault so that it costs no rest (issue 11.2).
 */
class BoardLimitsTest {

    @Test
    void aStartOnABoardWithAShorterCapIsAdjustedToItAndSaysSo() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.engine.linkUp(Optional.of(Duration.ofSeconds(40)), rig.now);
        CommandResult result = rig.send(Fixtures.start(Origin.CLI, Duration.ofMinutes(5)));
        assertThat(result.reason()).contains("board-cap");
        assertThat(result.message()).contains("0:40");
        assertThat(rig.events(SessionEvent.Started.class)).singleElement()
                .satisfies(started -> assertThat(started.duration()).isEqualTo(Duration.ofSeconds(40)));
        Duration ran = rig.runUntil(Phase.COOLDOWN, Duration.ofMinutes(2));
        assertThat(ran).isLessThanOrEqualTo(Duration.ofSeconds(40).plusMillis(40));
    }

    @Test
    void aBoardCapLongerThanTheSessionChangesNothing() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.engine.linkUp(Optional.of(Duration.ofSeconds(900)), rig.now);
        CommandResult result = rig.send(Fixtures.start(Origin.CLI, Duration.ofMinutes(5)));
        assertThat(result.reason()).isEqualTo("ok");
    }

    @Test
    void aStuckRelayTheMotorsOwnStandstillDisprovesCostsNoRest() {
        Rig rig = pausedAfterRunning();
        rig.engine.deviceFault("STUCK_RELAY", "motor back turns at 362 rpm while off", rig.now);
        assertThat(rig.phase()).isEqualTo(Phase.FAULT);
        rig.run(Duration.ofMillis(500));
        rig.observe(rpm(120));   // below the stuck speed (300 rpm) well within twice the spin-down: it was coasting
        assertThat(rig.events(SessionEvent.FaultDisproved.class)).singleElement()
                .satisfies(disproved -> assertThat(disproved.code()).isEqualTo("STUCK_RELAY"));
        assertThat(rig.phase()).as("the fault stays latched until a deliberate reset").isEqualTo(Phase.FAULT);
        rig.send(new Command.Reset(Origin.CLI));
        assertThat(rig.phase()).as("no rest after a disproved fault").isEqualTo(Phase.IDLE);
        assertThat(rig.snap().sessionsToday()).as("it still counts today").isEqualTo(1);
        assertThat(rig.send(Fixtures.start(Origin.CLI)).isRejected()).isFalse();
    }

    @Test
    void aMotorStillTurningPastThePhysicalBoundConfirmsTheFaultAndTheRestApplies() {
        Rig rig = pausedAfterRunning();
        rig.engine.deviceFault("STUCK_RELAY", "motor back turns at 900 rpm while off", rig.now);
        for (int i = 0; i < 40; i++) {   // 10 s of reports at a steady 900 rpm: a welded relay
            rig.run(Duration.ofMillis(250));
            rig.observe(rpm(900));
        }
        rig.observe(rpm(0));             // the relay lets go much later: that does not disprove the fault
        assertThat(rig.events(SessionEvent.FaultDisproved.class)).isEmpty();
        rig.send(new Command.Reset(Origin.CLI));
        assertThat(rig.phase()).isEqualTo(Phase.COOLDOWN);
        assertThat(rig.send(Fixtures.start(Origin.CLI)).reason()).isEqualTo("resting");
    }

    @Test
    void otherFaultsAreNeverDisproved() {
        Rig rig = pausedAfterRunning();
        rig.engine.deviceFault("MOTOR_STALL", "motor back does not turn", rig.now);
        rig.observe(rpm(0));
        assertThat(rig.events(SessionEvent.FaultDisproved.class)).isEmpty();
    }

    /** A session on a device with a tachometer, run at speed and then paused, so its motor coasts. */
    private static Rig pausedAfterRunning() {
        var profile = Fixtures.profile(Fixtures.single().zones(), Optional.empty(),
                java.util.List.of(new org.massaged.device.profile.SensorSpec("speed",
                        org.massaged.device.profile.SensorKind.TACHOMETER, "rpm", 0, 4000, 100_000, Duration.ZERO)),
                Fixtures.limits());
        Rig rig = new Rig(new EngineConfig(profile, Map.of("steady", Fixtures.steady("both")), "steady", false,
                RemoteStartPolicy.ALLOWED));
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(10), setpoints -> rig.observe(rpm(setpoints.zoneSteps().get("back") * 10.0)));
        assertThat(rig.phase()).isEqualTo(Phase.RUNNING);
        rig.send(new Command.Pause(Origin.CLI));
        return rig;
    }

    private static Readings rpm(double rpm) {
        return new Readings(Map.of(), Map.of("back", rpm), Map.of(), Map.of(), Optional.empty(), false);
    }
}
