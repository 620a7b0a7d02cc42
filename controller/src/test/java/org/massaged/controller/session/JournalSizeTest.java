package org.massaged.controller.session;

import org.massaged.controller.safety.Cause;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.testing.ChildJvm;
import org.massaged.testing.PackagedLauncher;

/**
 * A journal of years of use, and of floods of emergency stops written before repeats were counted, must not keep
 * the daemon from starting: read in a child JVM with the launcher's own small-heap flags (packaging/massaged),
 * the daemon's way (open) and the command line's ({@code massaged journal}).
 */
class JournalSizeTest {

    private static final Instant NOW = Instant.now();

    @TempDir
    static Path directory;

    private static Path journal;

    @BeforeAll
    static void aYearOfUseAndSomeFloods() throws IOException {
        journal = directory.resolve("journal.jsonl");
        write(journal, 365, 30_000);
        assertThat(Files.size(journal)).isGreaterThan(20L * 1024 * 1024);
        System.out.println("A journal of " + Files.size(journal) / 1024 / 1024 + " MB");
    }

    /**
     * {@code days} days of three 10-minute sessions a day, all before the last 24 hours, with a flood of
     * {@code floodLines} emergency stops (one line each, as before repeats were counted) every 30 days; then one
     * 12-minute session two hours ago.
     */
    static void write(Path file, int days, int floodLines) throws IOException {
        JournalFormat format = new JournalFormat();
        Instant day = NOW.minus(Duration.ofDays(days + 1));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int d = 0; d < days; d++, day = day.plus(Duration.ofDays(1))) {
                for (int s = 0; s < 3; s++) {
                    session(out, format, day.plus(Duration.ofHours(8 + 4 * s)), Duration.ofMinutes(10));
                }
                if (d % 30 == 0) {
                    for (int i = 0; i < floodLines; i++) {
                        out.write(format.line(new SessionEvent.EmergencyStopped(Origin.MQTT), day.plusMillis(i)));
                        out.newLine();
                    }
                }
            }
            session(out, format, NOW.minus(Duration.ofHours(2)), Duration.ofMinutes(12));
        }
    }

    private static void session(BufferedWriter out, JournalFormat format, Instant start, Duration ran)
            throws IOException {
        out.write(format.line(new SessionEvent.Started("gentle", Duration.ofMinutes(15), 2, false, Origin.CLI), start));
        out.newLine();
        for (Duration mark = SessionEvent.Progress.EVERY; mark.compareTo(ran) < 0;
             mark = mark.plus(SessionEvent.Progress.EVERY)) {
            out.write(format.line(new SessionEvent.Progress("gentle", mark), start.plus(mark)));
            out.newLine();
        }
        out.write(format.line(new SessionEvent.Ended("gentle", ran, new Cause.Asked(Cause.Act.STOP, Origin.CLI), 3), start.plus(ran)));
        out.newLine();
    }

    /** What the daemon does at start-up with its journal; prints the minutes used in the last 24 hours. */
    public static final class OpenAsTheDaemonDoes {
        public static void main(String[] args) throws IOException {
            long started = System.nanoTime();
            try (Journal opened = Journal.open(Path.of(args[0]))) {
                JournalContents contents = opened.contents();
                System.out.println("used " + contents.usedToday(Instant.now()).toMinutes() + " min, read in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms, heap used "
                        + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024 / 1024 + " MB");
            }
        }
    }

    @Test
    void theDaemonOpensItUnderTheLaunchersHeap() throws Exception {
        Result result = java(OpenAsTheDaemonDoes.class.getName(), journal.toString());

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("used 12 min");
    }

    @Test
    void theJournalCommandReadsItUnderTheLaunchersHeap() throws Exception {
        Result result = java("org.massaged.controller.app.Main", "journal", "--file", journal.toString(), "--json");

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).contains("\"used_seconds\":720", "\"session_count\":1096");
    }

    record Result(int code, String output) {}

    static Result java(String mainClass, String... args) throws Exception {
        Path log = Files.createTempFile("journal-size", ".log");
        ChildJvm child = ChildJvm.Launch.of(mainClass, log, args)
                .withJvmFlags(PackagedLauncher.flags()).start();
        int code = child.awaitExit(Duration.ofSeconds(120));
        String text = child.logText();
        Files.delete(log);
        System.out.println(mainClass + " with the launcher's flags: " + text.lines().reduce("", (a, b) -> b));
        return new Result(code, text);
    }
}
