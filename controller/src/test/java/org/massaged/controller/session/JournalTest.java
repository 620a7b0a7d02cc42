package org.massaged.controller.session;

import org.massaged.controller.safety.Cause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionEvent;

class JournalTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void eachAppendIsOnDiskBeforeItReturnsAndReadsBack() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 2, true, Origin.MQTT), T0);
            // another reader sees the line while the journal is still open
            assertThat(Journal.read(file).entries()).singleElement().isInstanceOf(JournalEntry.SessionStarted.class);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(10), Cause.Event.DURATION_ELAPSED, 4),
                    T0.plus(Duration.ofMinutes(10)));
            journal.append(new SessionEvent.Faulted("sensor-stuck", "pad stuck"), T0.plus(Duration.ofMinutes(11)));
            journal.append(new SessionEvent.EmergencyStopped(Origin.LOCAL_INPUT), T0.plus(Duration.ofMinutes(12)));
            journal.append(new SessionEvent.LatchReset(Origin.CLI, Phase.EMERGENCY_STOP), T0.plus(Duration.ofMinutes(13)));
            journal.appendConfigRefused("/etc/massaged/override.yaml", "line 3: maxLevel raises a limit",
                    T0.plus(Duration.ofMinutes(14)));
        }
        JournalContents contents = Journal.read(file);
        assertThat(contents.warnings()).isEmpty();
        assertThat(contents.entries()).hasSize(6);
        assertThat(contents.sessions()).singleElement().satisfies(session -> {
            assertThat(session.started()).isEqualTo(T0);
            assertThat(session.ran()).isEqualTo(Duration.ofMinutes(10));
            assertThat(session.cause()).isEqualTo("duration-elapsed");
            assertThat(session.origin()).isEqualTo("mqtt");
        });
        assertThat(contents.safetyEvents()).hasSize(4);
        assertThat(Files.readAllLines(file)).allSatisfy(line -> assertThat(line).startsWith("{\"at\":"));
    }

    @Test
    void aTornLastLineIsReportedNeverFatalAndTheNextAppendStartsOnAFreshLine() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(5), 2, false, Origin.CLI), T0);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(5), Cause.Event.DURATION_ELAPSED, 2),
                    T0.plusSeconds(300));
        }
        // the writer is killed mid-line
        String fullLine = new JournalFormat().line(
                new SessionEvent.Started("deep", Duration.ofMinutes(15), 3, false, Origin.MQTT), T0.plusSeconds(2000));
        Files.write(file, fullLine.substring(0, fullLine.length() / 2).getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        try (Journal reopened = Journal.open(file)) {
            assertThat(reopened.warnings()).singleElement().asString()
                    .contains("journal.jsonl:3: torn (power loss?): the last line stops mid-way");
            reopened.append(new SessionEvent.Faulted("link", "lost"), T0.plusSeconds(3000));
        }
        JournalContents after = Journal.read(file);
        assertThat(after.entries()).hasSize(3);
        assertThat(after.entries().get(2)).isInstanceOf(JournalEntry.Fault.class);
        assertThat(after.warnings()).as("still torn, not damage, once the journal went on after it").singleElement()
                .asString().contains(":3: torn (power loss?): the line stops mid-way and the journal goes on");
    }

    @Test
    void aSessionWhoseEndingFaultTheDeviceDisprovedOwesNoRestAfterARestart() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 6, false, Origin.CLI), T0);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(3), new Cause.Fault("STUCK_RELAY"), 6),
                    T0.plusSeconds(180));
            journal.append(new SessionEvent.Faulted("STUCK_RELAY", "motor back turns at 362 rpm"), T0.plusSeconds(180));
            journal.append(new SessionEvent.FaultDisproved("STUCK_RELAY", "the motor stopped: it was coasting"),
                    T0.plusSeconds(181));
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(5), 2, false, Origin.CLI),
                    T0.plusSeconds(200));
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(5), new Cause.Fault("STUCK_RELAY"), 2),
                    T0.plusSeconds(500));
        }
        var sessions = Journal.read(file).history().sessions();
        assertThat(sessions).extracting(session -> session.restWaived()).containsExactly(true, false);
        assertThat(sessions).extracting(session -> session.ran())
                .containsExactly(Duration.ofMinutes(3), Duration.ofMinutes(5));
        assertThat(Files.readAllLines(file).get(3)).contains("\"type\":\"fault-disproved\"")
                .contains("\"code\":\"STUCK_RELAY\"");
    }

    @Test
    void aTornSessionStartIsCountedInFullOnTheSafeSide() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        String start = new JournalFormat().line(
                new SessionEvent.Started("deep", Duration.ofMinutes(12), 3, false, Origin.MQTT), T0);
        // power lost right after the start: only its first bytes reached the disk
        Files.writeString(file, start.substring(0, start.indexOf("\"program\"") - 5));

        JournalContents contents = Journal.read(file);

        assertThat(contents.sessions()).singleElement().satisfies(session -> {
            assertThat(session.started()).isEqualTo(T0);
            assertThat(session.ran()).isEqualTo(Duration.ofMinutes(15));
            assertThat(session.cause()).isEqualTo("torn start line (power loss?); counted in full");
        });
        assertThat(contents.warnings()).singleElement().asString()
                .contains("journal.jsonl:1: torn (power loss?)", "counted as a whole session");
        assertThat(contents.usedToday(T0.plus(Duration.ofMinutes(20)))).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aTornLineThatShowsItIsNoStartCostsNothingAndOneCutBeforeItsTimeIsBoundedByTheNextLine()
            throws IOException {
        Path file = dir.resolve("journal.jsonl");
        JournalFormat format = new JournalFormat();
        String fault = format.line(new SessionEvent.Faulted("link", "lost"), T0);
        String later = format.line(new SessionEvent.EmergencyStopped(Origin.CLI), T0.plusSeconds(600));
        Files.writeString(file, fault.substring(0, 40) + "\n" + "{\"at\":\"2026-11\n" + later + "\n");

        JournalContents contents = Journal.read(file);

        assertThat(contents.problems()).extracting(JournalProblem::kind)
                .containsExactly(JournalProblem.Kind.TORN, JournalProblem.Kind.TORN);
        assertThat(contents.sessions()).as("line 1 shows its type (fault); line 2 does not").singleElement()
                .satisfies(session -> assertThat(session.started()).isEqualTo(T0.plusSeconds(600)));
    }

    @Test
    void aSessionCutShortByACrashCountsToItsLastProgressMarkPlusOneInterval() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(12), 2, false, Origin.CLI), T0);
            journal.append(new SessionEvent.Progress("gentle", Duration.ofSeconds(30)), T0.plusSeconds(30));
            journal.append(new SessionEvent.Progress("gentle", Duration.ofSeconds(60)), T0.plusSeconds(61));
            // killed: the mark due at 90 s was never written
        }
        JournalContents contents = Journal.read(file);
        Duration allowance = SessionEvent.Progress.EVERY.plus(JournalTally.CRASH_SLACK);
        assertThat(contents.sessions()).singleElement().satisfies(session -> {
            assertThat(session.ran()).isEqualTo(Duration.ofSeconds(60).plus(allowance));
            assertThat(session.ended()).isEqualTo(T0.plusSeconds(61).plus(allowance));
            assertThat(session.cause()).startsWith("unfinished (no end recorded; counted to 35 s past its last");
        });
        assertThat(contents.usedToday(T0.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(95));
    }

    @Test
    void aSessionFromBeforeProgressMarksWhoseEndWasNeverWrittenCountsInFull() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Files.writeString(file, "{\"at\":\"" + T0 + "\",\"type\":\"session-started\",\"program\":\"gentle\","
                + "\"duration\":\"PT12M\",\"level\":2,\"heat\":false,\"origin\":\"cli\"}\n");
        JournalContents contents = Journal.read(file);
        assertThat(contents.sessions()).singleElement().satisfies(session -> {
            assertThat(session.ran()).isEqualTo(Duration.ofMinutes(12));
            assertThat(session.ended()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
        });
        assertThat(contents.usedToday(T0.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofMinutes(12));
        assertThat(contents.usedToday(T0.plus(Duration.ofHours(25)))).isEqualTo(Duration.ZERO);
    }

    @Test
    void anAppendThatFailsHalfWayLeavesNothingAndTheJournalGoesOnOnceItCan() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        AtomicInteger writes = new AtomicInteger();
        AtomicBoolean full = new AtomicBoolean(true);
        // the disk fills up at the third write, which gets half its bytes out
        JournalFile.Opener fillingUp = path -> {
            JournalFile real = JournalFile.appendingTo(path);
            return new JournalFile() {
                @Override public long size() throws IOException { return real.size(); }
                @Override public void truncate(long size) throws IOException { real.truncate(size); }
                @Override public void close() throws IOException { real.close(); }
                @Override public void appendAndForce(byte[] bytes) throws IOException {
                    if (writes.incrementAndGet() >= 3 && full.get()) {
                        real.appendAndForce(Arrays.copyOf(bytes, bytes.length / 2));
                        throw new IOException("No space left on device");
                    }
                    real.appendAndForce(bytes);
                }
            };
        };
        try (Journal journal = Journal.open(file, fillingUp)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 2, false, Origin.CLI), T0);
            journal.append(new SessionEvent.Progress("gentle", Duration.ofSeconds(30)), T0.plusSeconds(30));
            assertThatThrownBy(() -> journal.append(new SessionEvent.Progress("gentle", Duration.ofSeconds(60)),
                    T0.plusSeconds(60))).hasMessage("No space left on device");
            full.set(false);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofSeconds(61), new Cause.Fault("journal-unwritable"), 2),
                    T0.plusSeconds(61));
        }
        JournalContents contents = Journal.read(file);
        assertThat(contents.problems()).as("no torn line left behind").isEmpty();
        assertThat(contents.entries()).extracting(JournalEntry::line).containsExactly(1, 2, 3);
        assertThat(contents.sessions()).singleElement()
                .satisfies(session -> assertThat(session.ran()).isEqualTo(Duration.ofSeconds(61)));
    }

    @Test
    void aJournalThatCannotBeOpenedSaysWhatIsWrongAndWhatToDo() throws IOException {
        Path aDirectory = Files.createDirectories(dir.resolve("journal.jsonl"));
        assertThatThrownBy(() -> Journal.open(aDirectory)).isInstanceOf(JournalUnavailableException.class)
                .hasMessageStartingWith(aDirectory + ": is a directory.")
                .hasMessageContaining("Set journal: in the configuration to a file");

        Path aFile = Files.writeString(dir.resolve("state"), "");
        assertThatThrownBy(() -> Journal.open(aFile.resolve("journal.jsonl")))
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("is a file, not a directory");
    }

    @Test
    void aJournalInADirectoryTheDaemonMayNotWriteSaysWhoMustBeAllowed() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectories(dir.resolve("locked"));
        locked.toFile().setWritable(false, false);
        try {
            assertThatThrownBy(() -> Journal.open(locked.resolve("journal.jsonl")))
                    .isInstanceOf(JournalUnavailableException.class)
                    .hasMessageContaining("permission denied")
                    .hasMessageContaining("must be able to write the file and its directory");
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    @Test
    void aLineTooLongToBeAJournalLineIsSkippedWithoutBeingHeld() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        String good = new JournalFormat().line(
                new SessionEvent.Started("gentle", Duration.ofMinutes(5), 2, false, Origin.CLI), T0);
        Files.writeString(file, "x".repeat(5_000_000) + "\n" + good + "\n");

        JournalContents contents = Journal.read(file);

        assertThat(contents.warnings()).singleElement().asString().contains(":1: unreadable (longer than 64 KiB)");
        assertThat(contents.entries()).singleElement().isInstanceOf(JournalEntry.SessionStarted.class);
    }

    @Test
    void everyTimeReadsBackExactlyAsItWasWritten() {
        long seed = 20_261_120L;
        Random random = new Random(seed);
        JournalFormat format = new JournalFormat();
        long[] precisions = {1_000_000_000L, 1_000_000L, 1_000L, 1L};
        for (int i = 0; i < 20_000; i++) {
            long precision = precisions[random.nextInt(precisions.length)];
            Instant at = Instant.ofEpochSecond(random.nextLong(-1_000_000_000L, 8_000_000_000L),
                    random.nextInt(1_000_000_000) / precision * precision);
            byte[] line = format.configRefused("profile", "refused", at).getBytes(StandardCharsets.UTF_8);
            assertThat(format.parse(line, line.length, 1).at()).as("seed %d: %s", seed, at).isEqualTo(at);
        }
        byte[] offset = "{\"at\":\"2026-11-20T09:00:00+01:00\",\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(format.parse(offset, offset.length, 1).at()).isEqualTo(T0);
    }

    @Test
    void aLargeJournalIsRotatedAtStartAndWhatItHeldStillCounts() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Path previous = dir.resolve("journal.jsonl.1");
        fill(file, Instant.now().minus(Duration.ofDays(30)));

        try (Journal journal = Journal.open(file)) {
            assertThat(previous).exists();
            assertThat(Files.size(file)).isZero();
            Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 2, false, Origin.CLI), hourAgo);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(10), Cause.Event.DURATION_ELAPSED, 2),
                    hourAgo.plus(Duration.ofMinutes(10)));
        }
        // over the size again, but the previous file was written to within the week: it is kept, no rotation
        fill(file, Instant.now());
        long size = Files.size(file);
        Journal.open(file).close();
        assertThat(Files.size(file)).isEqualTo(size);

        // a week later it may go; the session an hour ago is now in the previous file, and still counts
        Files.setLastModifiedTime(previous, FileTime.from(Instant.now().minus(Journal.KEEP_PREVIOUS).minusSeconds(60)));
        try (Journal rotated = Journal.open(file)) {
            assertThat(Files.size(previous)).isEqualTo(size);
            assertThat(Files.size(file)).isZero();
            assertThat(rotated.contents().usedToday(Instant.now())).isEqualTo(Duration.ofMinutes(10));
        }
        assertThat(Journal.read(file).sessions()).hasSize(1);
    }

    /** Appends lines of emergency stops from {@code at} on until the journal is over the rotation size. */
    private static void fill(Path file, Instant at) throws IOException {
        JournalFormat format = new JournalFormat();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() < Journal.ROTATE_AT; i++) {
            lines.append(format.line(new SessionEvent.EmergencyStopped(Origin.MQTT), at.plusMillis(i))).append('\n');
        }
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aMissingJournalIsEmptyAndOpeningCreatesItsDirectory() throws IOException {
        Path file = dir.resolve("var/lib/massaged/journal.jsonl");
        assertThat(Journal.read(file).entries()).isEmpty();
        try (Journal journal = Journal.open(file)) {
            assertThat(journal.history().sessions()).isEmpty();
        }
        assertThat(file).exists();
    }

    @Test
    void garbageInTheMiddleIsReportedWithItsLineAndSkipped() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        String good = new JournalFormat().line(
                new SessionEvent.Started("gentle", Duration.ofMinutes(5), 2, false, Origin.CLI), T0);
        Files.writeString(file, good + "\n{\"at\":\"yesterday\",\"type\":\"fault\"}\nnot json\n" + good + "\n");
        JournalContents contents = Journal.read(file);
        assertThat(contents.entries()).hasSize(2);
        assertThat(contents.warnings()).hasSize(2);
        assertThat(contents.problems()).extracting(JournalProblem::kind)
                .containsOnly(JournalProblem.Kind.UNREADABLE);
        assertThat(contents.warnings().get(0)).contains(":2: unreadable ('at' is not a time: yesterday)");
        assertThat(contents.warnings().get(1)).contains(":3: unreadable (not JSON");
    }

    @Test
    void theReportListsSessionsSafetyEventsAndTheBudget() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 2, false, Origin.CLI), T0);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(7), new Cause.Asked(Cause.Act.STOP, Origin.MQTT), 3), T0.plusSeconds(420));
            journal.append(new SessionEvent.EmergencyStopped(Origin.LOCAL_INPUT), T0.plusSeconds(500));
        }
        String report = JournalReport.render(Journal.read(file), T0.plusSeconds(3600), Duration.ofMinutes(45), 10);
        assertThat(report).contains("gentle  ran 7:00 of 10:00  max level 3  ended: stop:mqtt")
                .contains("emergency stop from local-input")
                .contains("1 sessions, 7:00 of 45:00 used, 38:00 left");
    }
}
