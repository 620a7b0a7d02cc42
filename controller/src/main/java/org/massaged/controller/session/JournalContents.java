package org.massaged.controller.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.massaged.controller.safety.UsageHistory;

/**
 * What was read from a journal file, in file order: the most recent entries, sessions and safety events (as many as
 * the reader was asked to keep, so that a journal of any size is read in bounded memory), how many there are in
 * all, and the lines that could not be read (a torn line after a crash, a damaged line). Problems are reported,
 * never fatal.
 */
public record JournalContents(List<JournalEntry> entries, List<SessionRecord> sessions, long sessionCount,
                              List<JournalEntry> safetyEvents, long safetyEventCount,
                              List<JournalProblem> problems, long problemCount) {

    public JournalContents {
        entries = List.copyOf(entries);
        sessions = List.copyOf(sessions);
        safetyEvents = List.copyOf(safetyEvents);
        problems = List.copyOf(problems);
    }

    static JournalContents empty() {
        return new JournalContents(List.of(), List.of(), 0, List.of(), 0, List.of(), 0);
    }

    /**
     * A session as the journal tells it: started, and ended, or cut short by a crash and counted as the journal can
     * prove ({@code cause} says how). {@code restWaived}: a {@code fault-disproved} line followed its end, so no
     * rest is due after it (its minutes still count).
     */
    public record SessionRecord(Instant started, Instant ended, String program, Duration duration, Duration ran,
                                String cause, int maxLevel, String origin, boolean restWaived,
                                Optional<Double> exposure, Optional<UsageHistory.ExposureMark> lastMark) {

        /** A session whose end was written, or one cut short before any progress mark with an exposure. */
        public SessionRecord(Instant started, Instant ended, String program, Duration duration, Duration ran,
                             String cause, int maxLevel, String origin, boolean restWaived,
                             Optional<Double> exposure) {
            this(started, ended, program, duration, ran, cause, maxLevel, origin, restWaived, exposure,
                    Optional.empty());
        }

        /** A session whose vibration exposure the journal does not hold. */
        public SessionRecord(Instant started, Instant ended, String program, Duration duration, Duration ran,
                             String cause, int maxLevel, String origin, boolean restWaived) {
            this(started, ended, program, duration, ran, cause, maxLevel, origin, restWaived, Optional.empty());
        }

        SessionRecord withRestWaived() {
            return new SessionRecord(started, ended, program, duration, ran, cause, maxLevel, origin, true, exposure,
                    lastMark);
        }
    }

    /** One sentence per unreadable line, naming the file and the line. */
    public List<String> warnings() {
        return problems.stream().map(JournalProblem::text).toList();
    }

    /**
     * What the engine computes rest and the daily budget from. A session followed (before the next start) by a
     * {@code fault-disproved} line owes no rest; its minutes still count.
     */
    public UsageHistory history() {
        return new UsageHistory(sessions.stream()
                .map(s -> new UsageHistory.PastSession(s.started(), s.ended(), s.ran(), s.restWaived(), s.maxLevel(),
                        s.exposure(), s.program(), s.cause(), s.lastMark()))
                .toList());
    }

    /** Time run in the rolling 24 hours before {@code wallNow} (the engine's "today"). */
    public Duration usedToday(Instant wallNow) {
        Instant since = wallNow.minus(Duration.ofHours(24));
        return sessions.stream().filter(s -> s.ended().isAfter(since)).map(SessionRecord::ran)
                .reduce(Duration.ZERO, Duration::plus);
    }

    public long sessionsToday(Instant wallNow) {
        Instant since = wallNow.minus(Duration.ofHours(24));
        return sessions.stream().filter(s -> s.ended().isAfter(since)).count();
    }

    static <T> List<T> last(List<T> list, int count) {
        return list.subList(Math.max(0, list.size() - count), list.size());
    }
}
