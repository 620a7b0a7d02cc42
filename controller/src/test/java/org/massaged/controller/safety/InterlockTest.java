package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Occupancy, remote start policy, stop beats everything, local emergency beats remote reset, link loss. */
class InterlockTest {

    private static Rig duo(RemoteStartPolicy policy) {
        return new Rig(Fixtures.duoConfig(false, policy));
    }

    @Test
    void noStartWithoutAPersonInTheSeat() {
        Rig rig = duo(RemoteStartPolicy.ALLOWED);
        assertThat(rig.send(Fixtures.start(Origin.LOCAL_INPUT)).reason()).isEqualTo("occupancy-unknown");
        rig.observe(Fixtures.seat(false, 30));
        assertThat(rig.send(Fixtures.start(Origin.LOCAL_INPUT)).reason()).isEqualTo("seat-empty");
        rig.observe(Fixtures.seat(true, 30));
        assertThat(rig.send(Fixtures.start(Origin.LOCAL_INPUT)).isRejected()).isFalse();
    }

    @Test
    void anEmptySeatPausesAtOnceAndNothingResumesByItself() {
        Rig rig = duo(RemoteStartPolicy.ALLOWED);
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI, "busy", Duration.ofMinutes(10), 2, false));
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.steps("lumbar-left")).isPositive();
        long remaining = rig.snap().remainingSeconds();

        rig.observe(Fixtures.seat(false, 30));
        assertThat(rig.phase()).isEqualTo(Phase.PAUSED);
        assertThat(rig.snap().cause().text()).isEqualTo("seat-empty");
        assertThat(rig.tick().allOff()).isTrue();

        rig.observe(Fixtures.seat(true, 30));
        rig.run(Duration.ofSeconds(30));
        assertThat(rig.phase()).as("sitting down again does not resume").isEqualTo(Phase.PAUSED);
        assertThat(rig.snap().remainingSeconds()).as("the countdown stands still").isEqualTo(remaining);

        assertThat(rig.send(new Command.Resume(Origin.LOCAL_INPUT)).isRejected()).isFalse();
        assertThat(rig.phase()).isEqualTo(Phase.STARTING);
        assertThat(rig.runUntil(Phase.RUNNING, Duration.ofSeconds(10))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aSeatThatStaysEmptyEndsTheSessionAfterThePauseTimeout() {
        Rig rig = duo(RemoteStartPolicy.ALLOWED);
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(10));
        rig.observe(Fixtures.seat(false, 30));
        rig.run(Duration.ofSeconds(119));
        assertThat(rig.phase()).isEqualTo(Phase.PAUSED);
        rig.run(Duration.ofSeconds(2));
        assertThat(rig.phase()).isEqualTo(Phase.COOLDOWN);
        assertThat(rig.events(SessionEvent.Ended.class)).singleElement()
                .satisfies(ended -> assertThat(ended.cause().text()).isEqualTo("seat-empty-timeout"));
    }

    @Test
    void resumingNeedsThePersonBack() {
        Rig rig = duo(RemoteStartPolicy.ALLOWED);
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(5));
        rig.observe(Fixtures.seat(false, 30));
        assertThat(rig.send(new Command.Resume(Origin.CLI)).reason()).isEqualTo("seat-empty");
    }

    @Test
    void remoteStartDisabledRefusesMqttButNotTheDevice() {
        Rig rig = duo(RemoteStartPolicy.DISABLED);
        rig.observe(Fixtures.seat(true, 30));
        assertThat(rig.send(Fixtures.start(Origin.MQTT)).reason()).isEqualTo("remote-start-disabled");
        assertThat(rig.send(Fixtures.start(Origin.LOCAL_INPUT)).isRejected()).isFalse();
        rig.run(Duration.ofSeconds(5));
        rig.send(new Command.Pause(Origin.LOCAL_INPUT));
        assertThat(rig.send(new Command.Resume(Origin.MQTT)).reason()).isEqualTo("remote-start-disabled");
        assertThat(rig.send(new Command.Stop(Origin.MQTT)).isRejected()).as("a remote stop always works").isFalse();
    }

    @Test
    void theDashboardOnTheNetworkObeysTheRemoteStartPolicyAndOnLoopbackDoesNot() {
        Rig rig = duo(RemoteStartPolicy.DISABLED);
        rig.observe(Fixtures.seat(true, 30));
        assertThat(rig.send(Fixtures.start(Origin.WEB_REMOTE)).reason()).isEqualTo("remote-start-disabled");
        assertThat(rig.send(Fixtures.start(Origin.WEB)).isRejected()).as("loopback: the person at the chair").isFalse();
        rig.run(Duration.ofSeconds(5));
        rig.send(new Command.Pause(Origin.WEB));
        assertThat(rig.send(new Command.Resume(Origin.WEB_REMOTE)).reason()).isEqualTo("remote-start-disabled");
        assertThat(rig.send(new Command.Stop(Origin.WEB_REMOTE)).isRejected()).as("its stop always works").isFalse();

        Rig withoutSensor = new Rig(new EngineConfig(Fixtures.single(), Fixtures.singleConfig().programs(), "steady",
                false, RemoteStartPolicy.REQUIRE_OCCUPANCY));
        assertThat(withoutSensor.send(Fixtures.start(Origin.WEB_REMOTE)).reason())
                .isEqualTo("remote-start-needs-occupancy");
    }

    @Test
    void aLocalEmergencyStopIsNotClearedFromTheDashboardOnTheNetwork() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(new Command.EmergencyStop(Origin.LOCAL_INPUT));
        assertThat(rig.send(new Command.Reset(Origin.WEB_REMOTE)).reason()).isEqualTo("local-latch");
        assertThat(rig.send(new Command.Reset(Origin.WEB)).isRejected()).isFalse();
    }

    @Test
    void remoteStartRequiringOccupancyNeedsASensorAndAPerson() {
        Rig withoutSensor = new Rig(new EngineConfig(Fixtures.single(), Fixtures.singleConfig().programs(), "steady",
                false, RemoteStartPolicy.REQUIRE_OCCUPANCY));
        assertThat(withoutSensor.send(Fixtures.start(Origin.MQTT)).reason()).isEqualTo("remote-start-needs-occupancy");
        assertThat(withoutSensor.send(Fixtures.start(Origin.CLI)).isRejected()).isFalse();

        Rig rig = duo(RemoteStartPolicy.REQUIRE_OCCUPANCY);
        rig.observe(Fixtures.seat(false, 30));
        assertThat(rig.send(Fixtures.start(Origin.MQTT)).reason()).isEqualTo("seat-empty");
        rig.observe(Fixtures.seat(true, 30));
        assertThat(rig.send(Fixtures.start(Origin.MQTT)).isRejected()).isFalse();
    }

    @Test
    void remoteStartAllowedStillHonoursTheSeat() {
        Rig rig = duo(RemoteStartPolicy.ALLOWED);
        rig.observe(Fixtures.seat(false, 30));
        assertThat(rig.send(Fixtures.start(Origin.MQTT)).reason()).isEqualTo("seat-empty");
        Rig single = new Rig(Fixtures.singleConfig());
        assertThat(single.send(Fixtures.start(Origin.MQTT)).isRejected()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Origin.class)
    void stopFromAnyOriginBeatsARunningSession(Origin origin) {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.LOCAL_INPUT));
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.send(new Command.Stop(origin)).isRejected()).isFalse();
        assertThat(rig.phase()).isEqualTo(Phase.STOPPING);
        assertThat(rig.send(new Command.SetLevel(Origin.LOCAL_INPUT, 5)).reason()).isEqualTo("stopping");
        assertThat(rig.send(new Command.Resume(Origin.LOCAL_INPUT)).isRejected()).isTrue();
        rig.runUntil(Phase.COOLDOWN, Duration.ofSeconds(20));
        assertThat(rig.last.allOff()).isTrue();
    }

    @Test
    void aLocalEmergencyStopIsNotClearedFromRemote() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(new Command.EmergencyStop(Origin.LOCAL_INPUT));
        assertThat(rig.send(new Command.Reset(Origin.MQTT)).reason()).isEqualTo("local-latch");
        assertThat(rig.phase()).isEqualTo(Phase.EMERGENCY_STOP);
        assertThat(rig.send(new Command.Reset(Origin.LOCAL_INPUT)).isRejected()).isFalse();
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
        assertThat(rig.events(SessionEvent.LatchReset.class)).singleElement()
                .isEqualTo(new SessionEvent.LatchReset(Origin.LOCAL_INPUT, Phase.EMERGENCY_STOP));
    }

    @Test
    void aRemoteEmergencyStopMayBeResetRemotelyButALocalOneOnTopWins() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(new Command.EmergencyStop(Origin.MQTT));
        rig.send(new Command.EmergencyStop(Origin.LOCAL_INPUT));
        assertThat(rig.send(new Command.Reset(Origin.MQTT)).reason()).isEqualTo("local-latch");
        Rig other = new Rig(Fixtures.singleConfig());
        other.send(new Command.EmergencyStop(Origin.MQTT));
        assertThat(other.send(new Command.Reset(Origin.MQTT)).isRejected()).isFalse();
    }

    @Test
    void aResetNeverStartsASession() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(10));
        rig.engine.deviceFault("overcurrent", "too much current", rig.now);
        assertThat(rig.tick().allOff()).isTrue();
        rig.send(new Command.Reset(Origin.CLI));
        rig.run(Duration.ofMinutes(20));
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
        assertThat(rig.last.allOff()).isTrue();
        assertThat(rig.events(SessionEvent.Started.class)).hasSize(1);
    }

    @Test
    void linkLossEndsTheSessionOutputsOffAndNothingResumes() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofSeconds(10));
        rig.engine.linkDown("unplugged", rig.now);
        assertThat(rig.tick().allOff()).isTrue();
        assertThat(rig.phase()).isIn(Phase.IDLE, Phase.COOLDOWN);
        assertThat(rig.events(SessionEvent.Ended.class)).singleElement()
                .satisfies(ended -> assertThat(ended.cause().text()).isEqualTo("link-down: unplugged"));
        assertThat(rig.send(Fixtures.start(Origin.CLI)).reason()).isEqualTo("link-down");
        rig.engine.linkUp(rig.now);
        rig.run(Duration.ofMinutes(1));
        assertThat(rig.last.allOff()).isTrue();
        assertThat(rig.phase()).isNotIn(Phase.STARTING, Phase.RUNNING);
    }

    @Test
    void highIntensityNeedsTheLocalConfigWhateverTheOrigin() {
        Rig home = duo(RemoteStartPolicy.ALLOWED);
        home.observe(Fixtures.seat(true, 30));
        CommandResult start = home.send(Fixtures.start(Origin.MQTT, "steady", Duration.ofMinutes(10), 9, false));
        assertThat(start.outcome()).isEqualTo(CommandResult.Outcome.ADJUSTED);
        assertThat(start.reason()).isEqualTo("above-home-max");
        assertThat(home.snap().targetLevel()).isEqualTo(6);
        CommandResult local = home.send(new Command.SetLevel(Origin.LOCAL_INPUT, 8));
        assertThat(local.reason()).isEqualTo("above-home-max");
        assertThat(local.message()).contains("allowHighIntensity");
        home.run(Duration.ofMinutes(1));
        assertThat(home.snap().zoneLevels().values()).allSatisfy(level -> assertThat(level).isLessThanOrEqualTo(6.0));

        Rig high = new Rig(Fixtures.duoConfig(true, RemoteStartPolicy.ALLOWED));
        high.observe(Fixtures.seat(true, 30));
        assertThat(high.send(Fixtures.start(Origin.MQTT, "steady", Duration.ofMinutes(10), 9, false)).outcome())
                .isEqualTo(CommandResult.Outcome.ACCEPTED);
        assertThat(high.snap().targetLevel()).isEqualTo(9);
        assertThat(high.send(new Command.SetLevel(Origin.MQTT, 12)).reason()).isEqualTo("above-hard-max");
    }

    @Test
    void aNewSessionStartsAtTheLowPressureLevelWhateverWasAsked() {
        Rig rig = duo(RemoteStartPolicy.ALLOWED);
        rig.observe(Fixtures.seat(true, 30));
        CommandResult started = rig.send(Fixtures.start(Origin.CLI, "steady", Duration.ofMinutes(10), 6, false));
        assertThat(started.message()).contains("level 2 rising to 6");
        rig.runUntil(Phase.RUNNING, Duration.ofSeconds(10));
        assertThat(rig.snap().zoneLevels().values()).allSatisfy(level -> assertThat(level).isLessThanOrEqualTo(2.0));
        rig.run(Duration.ofSeconds(2));
        assertThat(rig.level("lumbar-left")).as("rises at most 1 level/s").isLessThanOrEqualTo(4.0);
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.level("lumbar-left")).isGreaterThan(4.0);
    }

    @Test
    void tooMuchDropsOneLevelAtOnceAndLowersTheCeilingForTheSession() {
        Rig rig = duo(RemoteStartPolicy.ALLOWED);
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.CLI, "steady", Duration.ofMinutes(10), 5, false));
        rig.run(Duration.ofSeconds(20));
        double before = rig.level("lumbar-left");
        assertThat(before).isGreaterThan(4.0);
        rig.send(new Command.TooMuch(Origin.MQTT));
        rig.tick();
        assertThat(rig.level("lumbar-left")).isLessThanOrEqualTo(4.0);
        assertThat(rig.snap().ceiling()).isEqualTo(4);
        CommandResult up = rig.send(new Command.SetLevel(Origin.LOCAL_INPUT, 5));
        assertThat(up.reason()).isEqualTo("ceiling-lowered");
        assertThat(rig.snap().targetLevel()).isEqualTo(4);
        rig.send(new Command.TooMuch(Origin.MQTT));
        rig.send(new Command.TooMuch(Origin.MQTT));
        rig.send(new Command.TooMuch(Origin.MQTT));
        assertThat(rig.snap().ceiling()).isEqualTo(1);
        rig.send(new Command.TooMuch(Origin.MQTT));
        assertThat(rig.tick().allOff()).as("below the lowest level means off, at once").isTrue();
        assertThat(rig.phase()).isEqualTo(Phase.COOLDOWN);
    }

    @Test
    void theRestAndTheDailyBudgetSurviveARestart() {
        Duration tenMinutes = Duration.ofMinutes(10);
        var justEnded = new UsageHistory.PastSession(Rig.WALL_ORIGIN.minusSeconds(300), Rig.WALL_ORIGIN.minusSeconds(60),
                Duration.ofMinutes(4));
        Rig resting = new Rig(Fixtures.singleConfig(), new UsageHistory(java.util.List.of(justEnded)));
        CommandResult refused = resting.send(Fixtures.start(Origin.CLI));
        assertThat(refused.reason()).isEqualTo("resting");
        assertThat(refused.message()).contains("8:59");

        var morning = new java.util.ArrayList<UsageHistory.PastSession>();
        for (int i = 0; i < 4; i++) {
            Instant start = Rig.WALL_ORIGIN.minus(Duration.ofHours(5 - i));
            morning.add(new UsageHistory.PastSession(start, start.plus(tenMinutes), tenMinutes));
        }
        Rig budget = new Rig(Fixtures.singleConfig(), new UsageHistory(morning));
        CommandResult shortened = budget.send(Fixtures.start(Origin.CLI));
        assertThat(shortened.outcome()).as(shortened.message()).isEqualTo(CommandResult.Outcome.ADJUSTED);
        assertThat(shortened.reason()).isEqualTo("daily-budget");
        assertThat(budget.events(SessionEvent.Started.class).get(0).duration()).isEqualTo(Duration.ofMinutes(5));

        morning.add(new UsageHistory.PastSession(Rig.WALL_ORIGIN.minus(Duration.ofHours(1)),
                Rig.WALL_ORIGIN.minus(Duration.ofMinutes(59)), Duration.ofMinutes(1)));
        Rig spent = new Rig(Fixtures.singleConfig(), new UsageHistory(morning));
        assertThat(spent.send(Fixtures.start(Origin.CLI)).reason()).isEqualTo("daily-budget-spent");
        assertThat(spent.snap().minutesToday()).isEqualTo(41);
        assertThat(spent.snap().sessionsToday()).isEqualTo(5);
    }

    @Test
    void unknownProgramsAndNonLevelsAreRefusedWithAReason() {
        Rig rig = new Rig(Fixtures.singleConfig());
        CommandResult unknown = rig.send(new Command.Start(Origin.CLI, Optional.of("deep-tissue"), Optional.empty(),
                OptionalInt.empty(), Optional.empty()));
        assertThat(unknown.reason()).isEqualTo("unknown-program");
        assertThat(unknown.message()).contains("deep-tissue").contains("steady");
        assertThat(rig.send(new Command.Start(Origin.CLI, Optional.empty(), Optional.empty(), OptionalInt.of(0),
                Optional.empty())).reason()).isEqualTo("level-out-of-range");
        rig.send(Fixtures.start(Origin.CLI));
        assertThat(rig.send(new Command.SetLevel(Origin.CLI, -1)).reason()).isEqualTo("level-out-of-range");
        assertThat(rig.phase()).isEqualTo(Phase.STARTING);
    }

    @Test
    void heatOnADeviceWithoutAHeaterIsAdjustedAway() {
        Rig rig = new Rig(Fixtures.singleConfig());
        CommandResult result = rig.send(Fixtures.start(Origin.CLI, "steady", Duration.ofMinutes(5), 2, true));
        assertThat(result.reason()).isEqualTo("no-heater");
        assertThat(rig.snap().heatRequested()).isFalse();
        assertThat(rig.send(new Command.SetHeat(Origin.CLI, true)).reason()).isEqualTo("no-heater");
    }

    @Test
    void readingsWithoutAnOccupancySensorNeverPause() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.CLI));
        rig.observe(new Readings(Map.of(), Map.of(), Map.of(), Map.of(), Optional.of(false), false));
        assertThat(rig.phase()).isEqualTo(Phase.STARTING);
    }

    @Test
    void aResetAfterAFaultMidSessionLeavesTheRestToRun() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.CLI));
        rig.run(Duration.ofMinutes(1));
        rig.engine.deviceFault("overcurrent", "too much current", rig.now);
        rig.send(new Command.Reset(Origin.CLI));
        assertThat(rig.phase()).isEqualTo(Phase.COOLDOWN);
        assertThat(rig.snap().restRemainingSeconds()).isBetween(599L, 600L);
        assertThat(rig.send(Fixtures.start(Origin.CLI)).reason()).isEqualTo("resting");
    }

    @Test
    void aSessionThatEndedInTheFutureBecauseTheClockWentBackCountsAsJustEnded() {
        var future = new UsageHistory.PastSession(Rig.WALL_ORIGIN.plus(Duration.ofHours(2)),
                Rig.WALL_ORIGIN.plus(Duration.ofHours(2).plusMinutes(10)), Duration.ofMinutes(10));
        Rig rig = new Rig(Fixtures.singleConfig(), new UsageHistory(java.util.List.of(future)));
        CommandResult result = rig.send(Fixtures.start(Origin.CLI));
        assertThat(result.reason()).isEqualTo("resting");
        assertThat(rig.snap().minutesToday()).isEqualTo(10);
    }

    @Test
    void restAfterASessionOfThisRunIsTimedOnTheMonotonicClock() {
        Rig rig = new Rig(Fixtures.singleConfig());
        rig.send(Fixtures.start(Origin.CLI, Duration.ofMinutes(5)));
        rig.runUntil(Phase.COOLDOWN, Duration.ofMinutes(6));
        // the wall clock is set forward by a day (idle: no session to stop); the rest still runs its 10 minutes
        rig.wallOffset += Duration.ofDays(1).toNanos();
        rig.run(Duration.ofMinutes(9));
        assertThat(rig.phase()).isEqualTo(Phase.COOLDOWN);
        assertThat(rig.send(Fixtures.start(Origin.CLI)).reason()).isEqualTo("resting");
        rig.runUntil(Phase.IDLE, Duration.ofMinutes(2));
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);
    }
}
