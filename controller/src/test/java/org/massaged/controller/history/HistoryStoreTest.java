package org.massaged.controller.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;

/** The recorder fed by the real engine in virtual time, writing real files; read back as {@code massaged history} does. */
class HistoryStoreTest {

    private static final Instant WALL = Instant.parse("2026-11-29T07:00:00Z");
    private static final EngineConfig CONFIG = VirtualSession.config("body-massager-serial");

    @TempDir
    Path directory;

    /**
     * One session, recorded by a recorder of its own (a daemon run), its end by {@code stop} after {@code run}.
     *
     * @return its vibration exposure as the engine counted it (the day held only this session)
     */
    private double recordSession(HistoryStore store, long startNanos, Duration run, boolean toTheEnd) throws IOException {
        HistoryRecorder[] recorder = new HistoryRecorder[1];
        VirtualSession[] session = new VirtualSession[1];
        recorder[0] = HistoryRecorder.open(store, () -> session[0].nanos(), () -> session[0].wall());
        session[0] = new VirtualSession(CONFIG, recorder[0], startNanos, WALL);
        assertThat(session[0].start("gentle", Duration.ofMinutes(5), 2).isRejected()).isFalse();
        session[0].run(run.dividedBy(2));
        session[0].send(new Command.SetLevel(Origin.CLI, 4));
        session[0].run(run.dividedBy(2));
        if (toTheEnd) {
            session[0].runToEnd(Duration.ofMinutes(6));
        } else {
            session[0].send(new Command.Stop(Origin.CLI));
            session[0].runToEnd(Duration.ofSeconds(10));
        }
        recorder[0].close();
        assertThat(recorder[0].dropped()).isZero();
        double a8 = session[0].engine.snapshot().dose().orElseThrow().a8();
        return a8 * a8 * 8 * 3600;
    }

    @Test
    void eachSessionIsKeptWithItsTraceAcrossRestartsInOrder() throws IOException {
        double exposure = recordSession(new HistoryStore(directory, HistoryBounds.DEFAULT), 1_000_000_000L,
                Duration.ofSeconds(60), false);
        // a restart: a new store and a new recorder on the same directory
        recordSession(new HistoryStore(directory, HistoryBounds.DEFAULT), 500_000_000_000L, Duration.ofSeconds(20), true);

        HistoryContents contents = new HistoryStore(directory, HistoryBounds.DEFAULT).read();
        assertThat(contents.problems()).isEmpty();
        assertThat(contents.sessions()).extracting(SessionSummary::id).containsExactly(1L, 2L);
        SessionSummary stopped = contents.sessions().get(0);
        assertThat(stopped.program()).isEqualTo("gentle");
        assertThat(stopped.planned()).isEqualTo(Duration.ofMinutes(5));
        assertThat(stopped.startLevel()).isEqualTo(2);
        assertThat(stopped.maxLevel()).isEqualTo(4);
        assertThat(stopped.endLevel()).isEqualTo(4);
        assertThat(stopped.peakLevel()).isBetween(2, 4);
        assertThat(stopped.endedBy()).contains("stop:cli");
        assertThat(stopped.endedKind()).contains("stop");
        assertThat(stopped.completed()).isFalse();
        assertThat(stopped.origin()).isEqualTo("cli");
        assertThat(stopped.ran()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(70));
        assertThat(stopped.ended().orElseThrow()).isAfter(stopped.started());
        assertThat(exposure).isPositive();
        assertThat(stopped.exposure()).as("the journal's number").hasValueSatisfying(kept ->
                assertThat(kept).isCloseTo(exposure, org.assertj.core.api.Assertions.within(1e-9)));
        SessionSummary completed = contents.sessions().get(1);
        assertThat(completed.endedBy()).contains("duration-elapsed");
        assertThat(completed.completed()).isTrue();
        assertThat(completed.started()).isAfter(stopped.ended().orElseThrow());

        SessionTrace trace = new HistoryStore(directory, HistoryBounds.DEFAULT).trace(1).orElseThrow();
        assertThat(trace.summary()).isEqualTo(stopped);
        List<TraceSample> samples = trace.samples();
        assertThat(samples.size()).isBetween(60, 72);
        for (int i = 1; i < samples.size(); i++) {
            double spacing = samples.get(i).at() - samples.get(i - 1).at();
            assertThat(spacing).as("sample %d", i).isBetween(0.89, 1.03);
        }
        TraceSample middle = samples.get(45);
        assertThat(middle.levels()).isNotEmpty();
        assertThat(middle.rpm().keySet()).isEqualTo(middle.levels().keySet());
        assertThat(middle.levels().values()).anyMatch(level -> level > 0);
    }

    @Test
    void aTornLastRecordIsSkippedAndSaidAndTheUnfinishedSessionIsShown() throws IOException {
        HistoryStore store = new HistoryStore(directory, HistoryBounds.DEFAULT);
        recordSession(store, 1_000_000_000L, Duration.ofSeconds(30), false);
        // power lost during session 2: its start and some samples are on disk, the last one half written
        List<String> lines = Files.readAllLines(store.sessionFile(1), StandardCharsets.UTF_8);
        String unfinished = String.join("\n", lines.subList(0, 11)).replace("\"id\":1", "\"id\":2") + "\n"
                + lines.get(11).substring(0, 25);
        Files.writeString(store.sessionFile(2), unfinished, StandardCharsets.UTF_8);

        HistoryContents contents = new HistoryStore(directory, HistoryBounds.DEFAULT).read();
        assertThat(contents.sessions()).extracting(SessionSummary::id).containsExactly(1L, 2L);
        SessionSummary lost = contents.sessions().get(1);
        assertThat(lost.finished()).isFalse();
        assertThat(lost.endedByText()).isEqualTo("unrecorded");
        assertThat(lost.ran().toMillis()).isBetween(8_500L, 10_500L);
        assertThat(contents.problems()).singleElement().asString()
                .contains("session-000002.jsonl line 12").contains("torn last record skipped");
        assertThat(store.trace(2).orElseThrow().samples()).hasSize(10);

        // the next daemon run numbers on after it
        recordSession(store, 900_000_000_000L, Duration.ofSeconds(4), false);
        assertThat(store.read().sessions()).extracting(SessionSummary::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRecordWrittenBeforeTheExposureWasKeptShowsItAsUnknownNotZero() throws IOException {
        HistoryStore store = new HistoryStore(directory, HistoryBounds.DEFAULT);
        recordSession(store, 1_000_000_000L, Duration.ofSeconds(6), false);
        Path index = store.directory().resolve(HistoryStore.INDEX);
        for (Path file : List.of(index, store.sessionFile(1))) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).contains("\"exposure\":");
            Files.writeString(file, text.replaceAll(",\"exposure\":[^,}]*", ""), StandardCharsets.UTF_8);
        }

        HistoryContents contents = store.read();
        assertThat(contents.problems()).isEmpty();
        SessionSummary old = contents.sessions().get(0);
        assertThat(old.exposure()).isEmpty();
        assertThat(old.exposureText()).isEqualTo("unknown");
        assertThat(HistoryJson.summary(old).get("exposure").isNull()).isTrue();
        assertThat(store.trace(1).orElseThrow().summary().exposure()).isEmpty();
    }

    @Test
    void aRecordThatIsNotJsonIsSkippedAndSaidWithItsLine() throws IOException {
        HistoryStore store = new HistoryStore(directory, HistoryBounds.DEFAULT);
        recordSession(store, 1_000_000_000L, Duration.ofSeconds(6), false);
        Files.writeString(store.directory().resolve(HistoryStore.INDEX), "{\"id\":\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        HistoryContents contents = store.read();
        assertThat(contents.sessions()).hasSize(1);
        assertThat(contents.problems()).singleElement().asString().contains("index.jsonl line 2")
                .contains("unreadable index record skipped");
    }

    @Test
    void theOldestSessionsGoBeyondTheSessionBound() throws IOException {
        HistoryStore store = new HistoryStore(directory, new HistoryBounds(3, Long.MAX_VALUE));
        for (int i = 0; i < 5; i++) {
            recordSession(store, (1 + i) * 100_000_000_000L, Duration.ofSeconds(4), false);
        }
        assertThat(store.read().sessions()).extracting(SessionSummary::id).containsExactly(3L, 4L, 5L);
        assertThat(Files.readAllLines(directory.resolve(HistoryStore.INDEX))).hasSize(3);
        assertThat(store.read().problems()).isEmpty();
    }

    @Test
    void theOldestSessionsGoBeyondTheByteBoundButNeverTheNewest() throws IOException {
        HistoryStore probe = new HistoryStore(directory.resolve("probe"), HistoryBounds.DEFAULT);
        recordSession(probe, 1_000_000_000L, Duration.ofSeconds(4), false);
        long oneSession = Files.size(probe.sessionFile(1));

        HistoryStore store = new HistoryStore(directory.resolve("bounded"), new HistoryBounds(100, oneSession * 2 + 10));
        for (int i = 0; i < 4; i++) {
            recordSession(store, (1 + i) * 100_000_000_000L, Duration.ofSeconds(4), false);
        }
        assertThat(store.read().sessions()).extracting(SessionSummary::id).containsExactly(3L, 4L);

        HistoryStore tiny = new HistoryStore(directory.resolve("tiny"), new HistoryBounds(100, 1));
        recordSession(tiny, 1_000_000_000L, Duration.ofSeconds(4), false);
        recordSession(tiny, 100_000_000_000L, Duration.ofSeconds(4), false);
        assertThat(tiny.read().sessions()).extracting(SessionSummary::id).containsExactly(2L);
    }
}
