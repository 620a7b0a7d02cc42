package org.massaged.controller.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.UsageHistory;

/**
 * The day's vibration dose survives a restart: each session's end carries its exposure Σ a²·t, from which the next
 * engine recomputes A(8); a line written before the dose (or with a damaged figure) counts on the safe side, at the
 * figure of its highest level for all the time it ran.
 */
class JournalDoseTest {

    private static final long TICK = Duration.ofMillis(20).toNanos();
    private static final Instant T0 = Instant.parse("2026-11-20T07:00:00Z");
    private static final double EIGHT_HOURS = 28_800;

    @TempDir
    Path dir;

    /** body-massager-serial: its shipped figures put level 4 at 0.4 m/s². */
    private static EngineConfig config() {
        return JournalRestartTest.config();
    }

    @Test
    void theNextEngineRecomputesTheDayFromTheExposureEachEndCarries() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        double shownBefore;
        try (Journal journal = Journal.open(file)) {
            SessionEngine engine = new SessionEngine(config(), UsageHistory.empty(), 0);
            long now = 0;
            CommandResult started = engine.handle(new Command.Start(Origin.CLI, Optional.empty(),
                    Optional.of(Duration.ofMinutes(5)), OptionalInt.of(4), Optional.empty()), now, T0);
            assertThat(started.isRejected()).as(started.message()).isFalse();
            while (engine.snapshot().phase() != Phase.COOLDOWN) {
                now += TICK;
                engine.tick(now, T0.plusNanos(now));
                for (SessionEvent event : engine.drainEvents()) {
                    if (event.safetyRelevant()) {
                        journal.append(event, T0.plusNanos(now));
                    }
                }
            }
            shownBefore = engine.snapshot().dose().orElseThrow().a8();
        }
        assertThat(Files.readString(file)).contains("\"exposure\":");
        assertThat(shownBefore).isGreaterThan(0);

        UsageHistory history = Journal.read(file).history();
        assertThat(history.sessions()).singleElement().satisfies(session ->
                assertThat(DoseOf.a8(session.exposure().orElseThrow())).isCloseTo(shownBefore, within(1e-12)));
        SessionEngine restarted = new SessionEngine(config(), history, 0);
        restarted.tick(TICK, T0.plus(Duration.ofMinutes(40)));
        assertThat(restarted.snapshot().dose().orElseThrow().a8()).isCloseTo(shownBefore, within(1e-12));
    }

    @Test
    void anEndWrittenBeforeTheDoseOrWithADamagedFigureCountsItsTimeAtItsHighestLevel() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Files.writeString(file, """
                {"at":"2026-11-20T07:00:00Z","type":"session-started","program":"gentle","duration":"PT10M","level":2,"heat":false,"origin":"cli","progressEvery":"PT30S"}
                {"at":"2026-11-20T07:10:00Z","type":"session-ended","program":"gentle","ran":"PT10M","cause":"duration-elapsed","maxLevel":4}
                {"at":"2026-11-20T08:00:00Z","type":"session-started","program":"gentle","duration":"PT5M","level":2,"heat":false,"origin":"cli","progressEvery":"PT30S"}
                {"at":"2026-11-20T08:05:00Z","type":"session-ended","program":"gentle","ran":"PT5M","cause":"duration-elapsed","maxLevel":4,"exposure":"lots"}
                """);
        JournalContents contents = Journal.read(file);
        assertThat(contents.warnings()).isEmpty();
        assertThat(contents.history().sessions()).hasSize(2)
                .allSatisfy(session -> assertThat(session.exposure()).isEmpty());

        SessionEngine engine = new SessionEngine(config(), contents.history(), 0);
        engine.tick(TICK, Instant.parse("2026-11-20T09:00:00Z"));
        // level 4 is 0.4 m/s²: (0.16 × 600 + 0.16 × 300) / 28 800 under the root
        assertThat(engine.snapshot().dose().orElseThrow().a8()).isCloseTo(Math.sqrt(144 / EIGHT_HOURS), within(1e-12));
        assertThat(engine.snapshot().minutesToday()).isEqualTo(15);
    }

    /**
     * kill -9 in the middle of a session: no end line. The progress marks carry the exposure so far, so the next
     * engine counts the last mark's exposure plus, at the ceiling's figure, only the time the journal allows after it
     * (one interval plus the slack): never less than what was driven, and far less than the whole session at the
     * ceiling.
     */
    @Test
    void aCrashedSessionCountsItsLastMarksExposureAndTheCeilingOnlyAfterIt() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        SessionEngine engine = new SessionEngine(config(), UsageHistory.empty(), 0);
        long now = 0;
        try (Journal journal = Journal.open(file)) {
            CommandResult started = engine.handle(new Command.Start(Origin.CLI, Optional.empty(),
                    Optional.of(Duration.ofMinutes(10)), OptionalInt.of(4), Optional.empty()), now, T0);
            assertThat(started.isRejected()).as(started.message()).isFalse();
            while (now < Duration.ofSeconds(100).toNanos()) {
                now += TICK;
                engine.tick(now, T0.plusNanos(now));
                for (SessionEvent event : engine.drainEvents()) {
                    if (event.safetyRelevant()) {
                        journal.append(event, T0.plusNanos(now));
                    }
                }
            }
        } // killed here: the session never ends in the journal
        double truth = Math.pow(engine.snapshot().dose().orElseThrow().a8(), 2) * EIGHT_HOURS;
        assertThat(Files.readAllLines(file)).filteredOn(line -> line.contains("\"session-progress\""))
                .hasSize(3).allSatisfy(line -> assertThat(line).contains("\"exposure\":"));

        JournalContents contents = Journal.read(file);
        UsageHistory.PastSession crashed = contents.history().sessions().get(0);
        UsageHistory.ExposureMark mark = crashed.lastMark().orElseThrow();
        assertThat(mark.ran()).isEqualTo(Duration.ofSeconds(90));
        assertThat(crashed.ran()).as("the last mark plus one interval and the slack").isEqualTo(Duration.ofSeconds(125));
        SessionEngine restarted = new SessionEngine(config(), contents.history(), 0);
        restarted.tick(TICK, T0.plus(Duration.ofMinutes(40)));
        double counted = Math.pow(restarted.snapshot().dose().orElseThrow().a8(), 2) * EIGHT_HOURS;

        double ceilingSquared = Math.pow(config().profile().vibration().orElseThrow()
                .accelerationAt(Limits.of(config()).ceiling()), 2);
        assertThat(counted).isCloseTo(mark.exposure() + ceilingSquared * 35, within(1e-6));
        assertThat(counted).as("never less than the truth").isGreaterThanOrEqualTo(truth);
        assertThat(counted).as("less than the whole session at the ceiling").isLessThan(ceilingSquared * 125);
    }

    @Test
    void aCrashedSessionWhoseMarksCarryNoExposureCountsAllItsTimeAtTheCeiling() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Files.writeString(file, """
                {"at":"2026-11-20T07:00:00Z","type":"session-started","program":"gentle","duration":"PT10M","level":2,"heat":false,"origin":"cli","progressEvery":"PT30S"}
                {"at":"2026-11-20T07:00:30Z","type":"session-progress","program":"gentle","ran":"PT30S"}
                {"at":"2026-11-20T07:01:00Z","type":"session-progress","program":"gentle","ran":"PT1M","exposure":"lots"}
                """);
        JournalContents contents = Journal.read(file);
        assertThat(contents.warnings()).isEmpty();
        assertThat(contents.history().sessions()).singleElement().satisfies(session -> {
            assertThat(session.lastMark()).isEmpty();
            assertThat(session.ran()).isEqualTo(Duration.ofSeconds(95));
        });

        SessionEngine engine = new SessionEngine(config(), contents.history(), 0);
        engine.tick(TICK, Instant.parse("2026-11-20T09:00:00Z"));
        double ceilingSquared = Math.pow(config().profile().vibration().orElseThrow()
                .accelerationAt(Limits.of(config()).ceiling()), 2);
        assertThat(Math.pow(engine.snapshot().dose().orElseThrow().a8(), 2) * EIGHT_HOURS)
                .isCloseTo(ceilingSquared * 95, within(1e-6));
    }

    /** A(8) of an exposure, by hand. */
    private static final class DoseOf {
        static double a8(double exposure) {
            return Math.sqrt(exposure / EIGHT_HOURS);
        }
    }
}
