package org.massaged.controller.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
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
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(10), "duration-elapsed", 4),
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
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(5), "duration-elapsed", 2),
                    T0.plusSeconds(300));
        }
        // the writer is killed mid-line
        String fullLine = new JournalFormat().line(
                new SessionEvent.Started("deep", Duration.ofMinutes(15), 3, false, Origin.MQTT), T0.plusSeconds(2000));
        Files.write(file, fullLine.substring(0, fullLine.length() / 2).getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        try (Journal reopened = Journal.open(file)) {
            assertThat(reopened.warnings()).singleElement().asString()
                    .contains("journal.jsonl:3").contains("torn last line");
            assertThat(reopened.history().sessions()).hasSize(1);
            reopened.append(new SessionEvent.Faulted("link", "lost"), T0.plusSeconds(3000));
        }
        JournalContents after = Journal.read(file);
        assertThat(after.entries()).hasSize(3);
        assertThat(after.entries().get(2)).isInstanceOf(JournalEntry.Fault.class);
        assertThat(after.warnings()).singleElement().asString().contains(":3: unreadable line");
    }

    @Test
    void aSessionWhoseEndingFaultTheDeviceDisprovedOwesNoRestAfterARestart() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 6, false, Origin.CLI), T0);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(3), "fault:STUCK_RELAY", 6),
                    T0.plusSeconds(180));
            journal.append(new SessionEvent.Faulted("STUCK_RELAY", "motor back turns at 362 rpm"), T0.plusSeconds(180));
            journal.append(new SessionEvent.FaultDisproved("STUCK_RELAY", "the motor stopped: it was coasting"),
                    T0.plusSeconds(181));
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(5), 2, false, Origin.CLI),
                    T0.plusSeconds(200));
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(5), "fault:STUCK_RELAY", 2),
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
    void aSessionWhoseEndWasNeverWrittenCountsInFull() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(12), 2, false, Origin.CLI), T0);
        }
        JournalContents contents = Journal.read(file);
        assertThat(contents.sessions()).singleElement().satisfies(session -> {
            assertThat(session.ran()).isEqualTo(Duration.ofMinutes(12));
            assertThat(session.ended()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
        });
        assertThat(contents.usedToday(T0.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofMinutes(12));
        assertThat(contents.usedToday(T0.plus(Duration.ofHours(25)))).isEqualTo(Duration.ZERO);
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
        assertThat(contents.warnings().get(0)).contains(":2: unreadable line");
        assertThat(contents.warnings().get(1)).contains(":3: unreadable line").contains("not JSON");
    }

    @Test
    void theReportListsSessionsSafetyEventsAndTheBudget() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append(new SessionEvent.Started("gentle", Duration.ofMinutes(10), 2, false, Origin.CLI), T0);
            journal.append(new SessionEvent.Ended("gentle", Duration.ofMinutes(7), "stop:mqtt", 3), T0.plusSeconds(420));
            journal.append(new SessionEvent.EmergencyStopped(Origin.LOCAL_INPUT), T0.plusSeconds(500));
        }
        String report = JournalReport.render(Journal.read(file), T0.plusSeconds(3600), Duration.ofMinutes(45), 10);
        assertThat(report).contains("gentle  ran 7:00 of 10:00  max level 3  ended: stop:mqtt")
                .contains("emergency stop from local-input")
                .contains("1 sessions, 7:00 of 45:00 used, 38:00 left");
    }
}
