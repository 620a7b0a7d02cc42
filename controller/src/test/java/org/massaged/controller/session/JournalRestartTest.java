package org.massaged.controller.session;

import org.massaged.controller.safety.Cause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.CommandResult;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.profile.ProfileCatalogue;
import org.massaged.device.program.ProgramCatalogue;
import org.massaged.testing.ChildJvm;

/** The journal across a crash: what one engine journaled, the next one enforces (S11, S12). */
class JournalRestartTest {

    private static final long TICK = Duration.ofMillis(20).toNanos();
    private static final Instant T0 = Instant.parse("2026-11-20T07:00:00Z");

    @TempDir
    Path dir;

    static EngineConfig config() {
        ProfileCatalogue profiles = ProfileCatalogue.builtIn();
        // body-massager-serial: 30 min rest, 45 min a day
        return new EngineConfig(profiles.find("body-massager-serial").orElseThrow(),
                ProgramCatalogue.builtIn(profiles).byId(), ProgramCatalogue.DEFAULT_PROGRAM, false,
                RemoteStartPolicy.ALLOWED);
    }

    /**
     * Runs a session of {@code minutes} from {@code wallStart}, journaling what the control loop would; with
     * {@code crash}, everything but its end (the daemon died as the session ended).
     */
    private static Instant session(Journal journal, UsageHistory history, Instant wallStart, int minutes, boolean crash)
            throws IOException {
        SessionEngine engine = new SessionEngine(config(), history, 0);
        long now = 0;
        CommandResult result = engine.handle(new Command.Start(Origin.CLI, Optional.empty(),
                Optional.of(Duration.ofMinutes(minutes)), OptionalInt.empty(), Optional.empty()), now, wallStart);
        assertThat(result.isRejected()).as(result.message()).isFalse();
        while (engine.snapshot().phase() != Phase.COOLDOWN) {
            now += TICK;
            engine.tick(now, wallStart.plusNanos(now));
            for (SessionEvent event : engine.drainEvents()) {
                if (event.safetyRelevant() && !(crash && event instanceof SessionEvent.Ended)) {
                    journal.append(event, wallStart.plusNanos(now));
                }
            }
        }
        return wallStart.plusNanos(now);
    }

    private static CommandResult startAt(UsageHistory history, Instant wall) {
        SessionEngine engine = new SessionEngine(config(), history, 0);
        return engine.handle(new Command.Start(Origin.MQTT, Optional.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.empty()), 0, wall);
    }

    @Test
    void aTornWriteAfterThreeSessionsStillCountsEveryOneOfThem() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Instant wall = T0;
        for (int i = 0; i < 3; i++) {
            try (Journal journal = Journal.open(file)) {
                Instant ended = session(journal, journal.history(), wall, 10, false);
                wall = ended.plus(Duration.ofMinutes(31));
            }
        }
        // the daemon is killed while writing the end of a fourth session
        try (Journal journal = Journal.open(file)) {
            session(journal, journal.history(), wall, 10, true);
        }
        String ended = "{\"at\":\"" + wall.plusSeconds(600) + "\",\"type\":\"session-ended\",\"program\":\"gen";
        Files.writeString(file, ended, java.nio.file.StandardOpenOption.APPEND);

        Journal reopened = Journal.open(file);
        assertThat(reopened.warnings()).singleElement().asString().contains("torn (power loss?)")
                .doesNotContain("session start");
        UsageHistory history = reopened.history();
        assertThat(history.sessions()).hasSize(4);
        reopened.close();

        // 40 minutes used: 5 left is enough for one more 5-minute session, no more
        Instant later = wall.plus(Duration.ofMinutes(45));
        CommandResult fifth = startAt(history, later);
        assertThat(fifth.outcome()).as(fifth.message()).isEqualTo(CommandResult.Outcome.ADJUSTED);
        assertThat(fifth.reason()).isEqualTo("daily-budget");
        // and right after the torn session, rest applies from its last progress mark on
        assertThat(startAt(history, wall.plus(Duration.ofMinutes(20))).reason()).isEqualTo("resting");
        // a day later the budget is back
        assertThat(startAt(history, wall.plus(Duration.ofHours(25))).outcome()).isEqualTo(CommandResult.Outcome.ACCEPTED);
    }

    /** Appends session lines as fast as it can until it is killed; run as a separate JVM. */
    public static final class Writer {
        public static void main(String[] args) throws IOException {
            try (Journal journal = Journal.open(Paths.get(args[0]))) {
                Instant at = T0;
                for (long i = 0; ; i++) {
                    journal.append(new SessionEvent.Started("gentle-with-a-long-name-" + i, Duration.ofMinutes(5), 2,
                            false, Origin.CLI), at);
                    journal.append(new SessionEvent.Ended("gentle-with-a-long-name-" + i, Duration.ofMinutes(5),
                            Cause.Event.DURATION_ELAPSED, 2), at.plusSeconds(300));
                    at = at.plusSeconds(3600);
                }
            }
        }
    }

    @Test
    void aWriterKilledWithSigkillLeavesAReadableJournal() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (ChildJvm writer = ChildJvm.Launch.of(Writer.class.getName(), dir.resolve("writer.log"), file.toString())
                .start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file) && Files.size(file) > 20_000);
            writer.kill(); // SIGKILL, in the middle of its writes
        }
        long size = Files.size(file);
        JournalContents contents = Journal.read(file);
        assertThat(contents.warnings()).hasSizeLessThanOrEqualTo(1);
        assertThat(contents.sessions()).hasSizeGreaterThan(20);
        // every complete pair is a session; a start cut off at the end counts in full, one without its end to
        // its progress marks (none: the writer writes none)
        List<JournalContents.SessionRecord> complete = contents.sessions().subList(0, contents.sessions().size() - 1);
        assertThat(complete).allSatisfy(session -> assertThat(session.ran()).isEqualTo(Duration.ofMinutes(5)));
        assertThat(contents.sessions().get(contents.sessions().size() - 1).ran())
                .isGreaterThanOrEqualTo(SessionEvent.Progress.EVERY);
        try (Journal reopened = Journal.open(file)) {
            reopened.append(new SessionEvent.Faulted("after-kill", "restarted"), T0);
        }
        JournalContents after = Journal.read(file);
        assertThat(after.entries()).last().isInstanceOf(JournalEntry.Fault.class);
        assertThat(Files.size(file)).isGreaterThan(size);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(raf.length() - 1);
            assertThat(raf.read()).isEqualTo('\n');
        }
    }
}
