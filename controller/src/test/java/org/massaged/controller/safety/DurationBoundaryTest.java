package org.massaged.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.massaged.device.profile.SessionLimits;

/** The 5–15 minute band at its edges, and a full 15-minute program played in virtual time. */
class DurationBoundaryTest {

    @ParameterizedTest(name = "{0}s asked -> {1}s, {2}")
    @CsvSource({
            "299, 300, duration-raised",
            "300, 300, ok",
            "900, 900, ok",
            "901, 900, duration-clamped",
            "3600, 900, duration-clamped",
            "0, 300, duration-raised"})
    void durationsAreClampedIntoTheBandAndTheAnswerSaysSo(long askedSeconds, long expectedSeconds, String reason) {
        Rig rig = new Rig(Fixtures.singleConfig());
        CommandResult result = rig.send(Fixtures.start(Origin.MQTT, Duration.ofSeconds(askedSeconds)));
        assertThat(result.reason()).isEqualTo(reason);
        assertThat(result.outcome()).isEqualTo(reason.equals("ok") ? CommandResult.Outcome.ACCEPTED
                : CommandResult.Outcome.ADJUSTED);
        Duration expected = Duration.ofSeconds(expectedSeconds);
        assertThat(rig.events(SessionEvent.Started.class)).singleElement()
                .satisfies(started -> assertThat(started.duration()).isEqualTo(expected));

        long startedAt = rig.now;
        long lastOnAt = startedAt;
        while (rig.phase() != Phase.COOLDOWN) {
            rig.tick();
            if (!rig.last.allOff()) {
                lastOnAt = rig.now;
            }
            assertThat(rig.now - startedAt).as("still going well after its duration").isLessThan(expected.toNanos() + 60_000_000_000L);
        }
        assertThat(Duration.ofNanos(lastOnAt - startedAt)).as("S1: outputs never on past the duration")
                .isLessThanOrEqualTo(expected);
        assertThat(Duration.ofNanos(rig.now - startedAt)).isLessThanOrEqualTo(expected.plus(Duration.ofMillis(20)));
        assertThat(rig.events(SessionEvent.Ended.class)).singleElement().satisfies(ended -> {
            assertThat(ended.cause().text()).isEqualTo("duration-elapsed");
            assertThat(ended.ran()).isLessThanOrEqualTo(expected);
            assertThat(ended.ran()).as("the ramp down is timed to end at the duration, not before")
                    .isGreaterThan(expected.minus(Duration.ofMillis(100)));
        });
    }

    @Test
    void aProfileCannotWidenTheBand() {
        var wide = new SessionLimits(Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofMinutes(60),
                Duration.ZERO, Duration.ofHours(5), Duration.ofMinutes(2));
        var profile = Fixtures.profile(Fixtures.single().zones(), java.util.Optional.empty(), List.of(), wide);
        Rig rig = new Rig(new EngineConfig(profile, Fixtures.singleConfig().programs(), "steady", true,
                RemoteStartPolicy.ALLOWED));
        rig.send(Fixtures.start(Origin.CLI));
        assertThat(rig.events(SessionEvent.Started.class).get(0).duration()).isEqualTo(Duration.ofMinutes(15));
        rig.runUntil(Phase.IDLE, Duration.ofMinutes(20));
        assertThat(rig.events(SessionEvent.Ended.class).get(0).ran()).isLessThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(rig.send(Fixtures.start(Origin.CLI, Duration.ofMinutes(2))).reason()).isEqualTo("duration-raised");
    }

    @Test
    void aProfileMayNarrowTheBand() {
        var narrow = new SessionLimits(Duration.ofMinutes(8), Duration.ofMinutes(6), Duration.ofMinutes(8),
                Duration.ZERO, Duration.ofMinutes(45), Duration.ofMinutes(2));
        var profile = Fixtures.profile(Fixtures.single().zones(), java.util.Optional.empty(), List.of(), narrow);
        Rig rig = new Rig(new EngineConfig(profile, Fixtures.singleConfig().programs(), "steady", false,
                RemoteStartPolicy.ALLOWED));
        assertThat(rig.send(Fixtures.start(Origin.CLI, Duration.ofMinutes(10))).reason()).isEqualTo("duration-clamped");
        assertThat(rig.events(SessionEvent.Started.class).get(0).duration()).isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void aFullFifteenMinuteProgramOnTwoZonesPlaysEveryStepAndEndsInTime() {
        Rig rig = new Rig(Fixtures.duoConfig(false, RemoteStartPolicy.ALLOWED));
        rig.observe(Fixtures.seat(true, 30));
        rig.send(Fixtures.start(Origin.LOCAL_INPUT, "busy", Duration.ofMinutes(15), 5, false));
        long startedAt = rig.now;
        Map<String, Double> previous = rig.snap().zoneLevels();
        Set<String> techniques = new HashSet<>();
        boolean leftAlone = false;
        boolean rightAlone = false;
        while (rig.phase() != Phase.COOLDOWN) {
            Setpoints setpoints = rig.tick();
            SessionSnapshot snap = rig.snap();
            snap.technique().ifPresent(techniques::add);
            assertThat(setpoints.zoneSteps().get("spine")).isZero();
            int left = setpoints.zoneSteps().get("lumbar-left");
            int right = setpoints.zoneSteps().get("lumbar-right");
            leftAlone |= left > 0 && right == 0 && snap.phase() == Phase.RUNNING;
            rightAlone |= right > 0 && left == 0 && snap.phase() == Phase.RUNNING;
            for (var zone : List.of("lumbar-left", "lumbar-right")) {
                double level = snap.zoneLevels().get(zone);
                assertThat(level).isLessThanOrEqualTo(snap.ceiling());
                assertThat(level - previous.get(zone)).as("rise per tick").isLessThanOrEqualTo(1.0 * 0.02 + 1e-9);
            }
            if (setpoints.allOff()) {
                assertThat(setpoints.leaseMillis()).isZero();
            } else {
                assertThat(setpoints.leaseMillis()).isBetween(1, 1000);
                assertThat(rig.now - startedAt).isLessThanOrEqualTo(Duration.ofMinutes(15).toNanos());
            }
            previous = snap.zoneLevels();
        }
        assertThat(techniques).hasSize(org.massaged.device.program.Technique.values().length);
        assertThat(leftAlone).as("each side separately").isTrue();
        assertThat(rightAlone).isTrue();
        var steps = rig.events(SessionEvent.StepChanged.class);
        assertThat(steps).extracting(SessionEvent.StepChanged::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(rig.events(SessionEvent.Ended.class)).singleElement().satisfies(ended -> {
            assertThat(ended.ran()).isLessThanOrEqualTo(Duration.ofMinutes(15));
            assertThat(ended.ran()).isGreaterThan(Duration.ofMinutes(14));
            assertThat(ended.maxLevel()).isEqualTo(5);
        });
    }
}
