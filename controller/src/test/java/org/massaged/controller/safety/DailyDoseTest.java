package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.DeviceProfile;

/**
 * The daily vibration dose (docs/dose.md): A(8) = √(Σ aᵢ²·tᵢ / 8 h) over the minutes budget's rolling 24 hours, from
 * the levels actually driven, and a configured limit that shortens, refuses and ends sessions as the minutes budget
 * does. Figures: level L shakes at L/2 m/s² ({@link Fixtures#halfPerLevel()}); 8 h is 28 800 s.
 */
class DailyDoseTest {

    private static final Instant NOW = Instant.parse("2026-11-20T08:00:00Z");

    private static DailyDose dose(DeviceProfile profile, Optional<Double> limit, UsageHistory history) {
        return new DailyDose(profile.withVibration(Optional.of(Fixtures.halfPerLevel())), limit, 6, history);
    }

    /** A session of the journal that ended {@code ago} before {@link Rig#WALL_ORIGIN}, with its exposure. */
    private static UsageHistory.PastSession past(Duration ago, Duration ran, int maxLevel, Optional<Double> exposure) {
        Instant ended = Rig.WALL_ORIGIN.minus(ago);
        return new UsageHistory.PastSession(ended.minus(ran), ended, ran, false, maxLevel, exposure);
    }

    private static Command.Start start(int level, Duration duration) {
        return new Command.Start(Origin.CLI, Optional.of("steady"), Optional.of(duration), OptionalInt.of(level),
                Optional.of(false));
    }

    @Test
    void a8IsTheRootOfTheSummedSquaredAccelerationTimesTimeOverEightHours() {
        DailyDose dose = dose(Fixtures.single(), Optional.empty(), UsageHistory.empty());
        for (int second = 0; second < 600; second++) {
            dose.drove(new double[] {2.0}, 1.0); // 1.0 m/s² for 10 minutes: 600 m²/s³
        }
        for (int second = 0; second < 300; second++) {
            dose.drove(new double[] {4.0}, 1.0); // 2.0 m/s² for 5 minutes: 1200 m²/s³
        }
        assertThat(dose.sessionEnded(NOW)).isCloseTo(1800.0, within(1e-9));
        // by hand: √(1800 / 28800) = √(1/16) = 0.25 m/s²
        assertThat(dose.shown(NOW).orElseThrow().a8()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void theLargestZoneCountsAndAZoneThatDoesNotTurnOrIsOverTheSpineCountsNothing() {
        DailyDose dose = dose(Fixtures.duo(), Optional.empty(), UsageHistory.empty());
        // zones: lumbar-left, spine (never driven), lumbar-right
        assertThat(dose.acceleration(new double[] {2.0, 9.0, 6.0})).isEqualTo(3.0);
        // level 0.5 is 13 of 255 steps, below offBelow (20): the motor stands still
        assertThat(dose.acceleration(new double[] {0.5, 0.0, 0.0})).isZero();
        assertThat(dose.acceleration(new double[] {1.5, 0.0, 0.0})).isEqualTo(0.75);
    }

    @Test
    void onlyTheRolling24HoursCountAndAProfileWithoutFiguresShowsNoDose() {
        UsageHistory history = new UsageHistory(List.of(
                past(Duration.ofHours(25), Duration.ofMinutes(10), 4, Optional.of(10_000.0)),
                past(Duration.ofHours(2), Duration.ofMinutes(10), 4, Optional.of(1800.0))));
        Rig rig = new Rig(Fixtures.singleWithDose(Optional.empty()), history);
        assertThat(rig.snap().dose().orElseThrow().a8()).isCloseTo(0.25, within(1e-9));
        assertThat(rig.snap().dose().orElseThrow().limit()).isEmpty();

        assertThat(new Rig(Fixtures.singleConfig(), history).snap().dose()).isEmpty();
    }

    @Test
    void aSessionJournaledWithoutItsExposureCountsAtItsHighestLevelOrAtTheCeiling() {
        UsageHistory history = new UsageHistory(List.of(
                // an old journal's line: 10 minutes, highest level 4 (2 m/s²): 4 × 600 = 2400
                past(Duration.ofHours(3), Duration.ofMinutes(10), 4, Optional.empty()),
                // a crash: no end line, no highest level: the ceiling's 6 (3 m/s²) for 100 s: 900
                past(Duration.ofHours(2), Duration.ofSeconds(100), 0, Optional.empty())));
        Rig rig = new Rig(Fixtures.singleWithDose(Optional.empty()), history);
        assertThat(rig.snap().dose().orElseThrow().a8()).isCloseTo(Math.sqrt(3300 / 28_800.0), within(1e-9));
    }

    @Test
    void theLevelsActuallyDrivenAreCountedAndTheEndCarriesTheSessionsExposure() {
        Rig rig = new Rig(Fixtures.singleWithDose(Optional.empty()));
        assertThat(rig.send(start(4, Duration.ofMinutes(5))).isRejected()).isFalse();
        rig.run(Duration.ofMinutes(6));
        rig.runUntil(Phase.IDLE, Duration.ofMinutes(20));
        SessionEvent.Ended ended = rig.events(SessionEvent.Ended.class).get(0);
        double exposure = ended.exposure().orElseThrow();
        // at most level 4 (2 m/s²) throughout 5 minutes, and well above nothing (the soft start and ramp down are lower)
        assertThat(exposure).isLessThanOrEqualTo(4.0 * 300).isGreaterThan(0.5 * 4.0 * 300);
        assertThat(rig.snap().dose().orElseThrow().a8()).isCloseTo(Math.sqrt(exposure / 28_800), within(1e-12));
        LastSession last = rig.snap().lastSession().orElseThrow();
        assertThat(last.program()).isEqualTo("steady");
        assertThat(last.ended()).isEqualTo("completed");
        assertThat(last.ran()).isEqualTo(rig.events(SessionEvent.Ended.class).get(0).ran());
        assertThat(last.maxLevel()).isEqualTo(4);
    }

    @Test
    void theLastSessionAfterARestartIsTheJournalsLatest() {
        Instant ended = Rig.WALL_ORIGIN.minus(Duration.ofHours(1));
        UsageHistory history = new UsageHistory(List.of(
                new UsageHistory.PastSession(ended.minus(Duration.ofHours(3)), ended.minus(Duration.ofHours(2)),
                        Duration.ofMinutes(10), false, 3, Optional.empty(), "gentle", "duration-elapsed"),
                new UsageHistory.PastSession(ended.minusSeconds(200), ended, Duration.ofSeconds(200), false, 5,
                        Optional.empty(), "kneading", "link-down: no status for 800 ms")));
        LastSession last = new Rig(Fixtures.singleConfig(), history).snap().lastSession().orElseThrow();
        assertThat(last.program()).isEqualTo("kneading");
        assertThat(last.ended()).isEqualTo("link-down");
        assertThat(last.cause()).isEqualTo("link-down: no status for 800 ms");
        assertThat(last.endedAt()).isEqualTo(ended);
        assertThat(LastSession.endedAs("stop:mqtt")).isEqualTo("stop");
        assertThat(LastSession.endedAs("duration-elapsed")).isEqualTo("completed");
    }

    @Test
    void aStartIsShortenedToWhatTheDoseLeavesWithTheReason() {
        // limit 0.5 m/s² allows 0.25 × 28800 = 7200; 5760 spent leaves 1440: 360 s at level 4 (2 m/s²)
        Rig rig = new Rig(Fixtures.singleWithDose(Optional.of(0.5)), new UsageHistory(List.of(
                past(Duration.ofHours(1), Duration.ofMinutes(10), 4, Optional.of(5760.0)))));
        CommandResult result = rig.send(start(4, Duration.ofMinutes(10)));
        assertThat(result.outcome()).as(result.message()).isEqualTo(CommandResult.Outcome.ADJUSTED);
        assertThat(result.reason()).isEqualTo("daily-dose");
        assertThat(result.message()).contains("today's vibration dose allows only 6:00 at level 4");
        assertThat(rig.events(SessionEvent.Started.class).get(0).duration()).isEqualTo(Duration.ofMinutes(6));
        assertThat(rig.snap().dose().orElseThrow().limit()).contains(0.5);
    }

    @Test
    void aStartIsRefusedWhenTheDoseLeavesLessThanTheShortestSessionSayingWhenItResets() {
        // 6004 spent leaves 1196: 299 s at level 4, less than the 5-minute minimum
        Rig rig = new Rig(Fixtures.singleWithDose(Optional.of(0.5)), new UsageHistory(List.of(
                past(Duration.ofHours(1), Duration.ofMinutes(10), 4, Optional.of(6004.0)))));
        CommandResult result = rig.send(start(4, Duration.ofMinutes(10)));
        assertThat(result.isRejected()).isTrue();
        assertThat(result.reason()).isEqualTo("daily-dose-spent");
        // the session that spent it ended at 07:00 UTC: it leaves the 24 hours at 07:00 tomorrow
        assertThat(result.message()).contains("A(8) 0.46 m/s² of the 0.50 m/s² daily limit")
                .contains("5:00 session at level 4").contains("at 07:00 UTC (in 23 h 0 min)");
        assertThat(rig.events(SessionEvent.Started.class)).isEmpty();
        assertThat(rig.phase()).isEqualTo(Phase.IDLE);

        // a lower level shakes less: 1196 / 0.25 (level 1) is far more than 5 minutes
        assertThat(rig.send(start(1, Duration.ofMinutes(5))).isRejected()).isFalse();
    }

    @Test
    void aSessionWhoseLevelIsRaisedEndsGentlyWhenTheDoseIsSpent() {
        // 6840 spent leaves 360: 6 minutes at level 2 (1 m/s²), 40 s at level 6 (3 m/s²)
        Rig rig = new Rig(Fixtures.singleWithDose(Optional.of(0.5)), new UsageHistory(List.of(
                past(Duration.ofHours(1), Duration.ofMinutes(10), 4, Optional.of(6840.0)))));
        CommandResult started = rig.send(start(2, Duration.ofMinutes(6)));
        assertThat(started.isRejected()).as(started.message()).isFalse();
        rig.run(Duration.ofSeconds(10));
        assertThat(rig.send(new Command.SetLevel(Origin.CLI, 6)).isRejected()).isFalse();
        rig.runUntil(Phase.STOPPING, Duration.ofMinutes(6));
        assertThat(rig.phase()).isEqualTo(Phase.STOPPING);
        assertThat(rig.snap().cause()).isEqualTo(Cause.Event.DAILY_DOSE_SPENT);
        assertThat(rig.snap().elapsedSeconds()).isLessThan(120);
        Duration rampDown = rig.runUntil(Phase.IDLE, Duration.ofMinutes(1));
        assertThat(rampDown).isGreaterThanOrEqualTo(Limits.RAMP_DOWN_MIN); // S3: a ramp, not a cut
        SessionEvent.Ended ended = rig.events(SessionEvent.Ended.class).get(0);
        assertThat(ended.cause()).isEqualTo(Cause.Event.DAILY_DOSE_SPENT);
        // the ramp down was counted in before it began: the day stays within its limit (a tick's worth of slack)
        assertThat(ended.exposure().orElseThrow()).isLessThanOrEqualTo(360.0 + 9.0 * 0.02 * 2);
        assertThat(rig.snap().dose().orElseThrow().a8()).isLessThanOrEqualTo(0.5 + 1e-4);
    }

    @Test
    void aLimitOnAProfileWithoutFiguresCannotWork() {
        assertThatThrownBy(() -> new SessionEngine(new EngineConfig(Fixtures.single(), Fixtures.singleConfig().programs(),
                "steady", false, RemoteStartPolicy.ALLOWED, Optional.of(0.5)), UsageHistory.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declares no vibration figures");
    }
}
