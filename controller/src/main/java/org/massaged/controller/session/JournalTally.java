package org.massaged.controller.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Optional;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.profile.SessionLimits;

/**
 * Reads a journal's entries one at a time, in file order, into {@link JournalContents}, keeping only the most recent
 * of each kind ({@link JournalRetention}). Pairs each session's start with its progress marks and its end; a session
 * whose end was never written (a crash) is counted as the journal can prove, on the safe side (S11):
 * <ul>
 *   <li>with progress marks promised ({@code progressEvery}): until one interval plus {@link #CRASH_SLACK} past its
 *       last mark (or its start); the exposure that mark carried, if any, goes with it, so that the dose counts only
 *       the time after the mark on the safe side;</li>
 *   <li>without (journals from before progress marks): in full;</li>
 *   <li>a torn line that may be a session start: in full (its duration if the tear left it, else 15 minutes).</li>
 * </ul>
 */
final class JournalTally {

    /**
     * Beyond a missed progress mark: the mark's own write (an fsync can stall for seconds on an SD card) and the
     * motor's lease (≤ 1 s), after which the microcontroller stops it by itself.
     */
    static final Duration CRASH_SLACK = Duration.ofSeconds(5);

    private final JournalRetention keep;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private final Deque<JournalContents.SessionRecord> sessions = new ArrayDeque<>();
    private final Deque<JournalEntry> safetyEvents = new ArrayDeque<>();
    private final Deque<JournalProblem> problems = new ArrayDeque<>();
    private long sessionCount;
    private long safetyEventCount;
    private long problemCount;
    private Open open;

    /** The session in progress as far as the journal has been read: its start and its latest evidence. */
    private static final class Open {
        final String program;
        final Duration duration;
        final String origin;
        final Optional<Duration> progressEvery;
        final boolean torn;
        /** Null for a torn start whose time was cut off: the next line's time (or the file's) bounds it. */
        Instant startedAt;
        Instant lastAt;
        Duration lastRan = Duration.ZERO;
        /** The exposure the last progress mark carried (none before the first mark, or from older journals). */
        Optional<UsageHistory.ExposureMark> lastMark = Optional.empty();

        Open(Instant at, String program, Duration duration, String origin, Optional<Duration> progressEvery,
             boolean torn) {
            this.startedAt = at;
            this.lastAt = at;
            this.program = program;
            this.duration = duration;
            this.origin = origin;
            this.progressEvery = progressEvery;
            this.torn = torn;
        }
    }

    JournalTally(JournalRetention keep) {
        this.keep = keep;
    }

    void add(JournalEntry entry) {
        if (open != null && open.startedAt == null) {
            open.startedAt = entry.at();
            open.lastAt = entry.at();
        }
        keepLast(entries, entry, keep.entries());
        if (entry instanceof JournalEntry.SessionStarted started) {
            closeOpen();
            open = new Open(started.at(), started.program(), started.duration(), started.origin(),
                    started.progressEvery(), false);
        } else if (entry instanceof JournalEntry.SessionProgress progress) {
            if (open != null && open.program.equals(progress.program())) {
                open.lastAt = progress.at();
                open.lastRan = progress.ran();
                open.lastMark = progress.exposure().map(exposure -> new UsageHistory.ExposureMark(exposure,
                        progress.ran()));
            }
        } else if (entry instanceof JournalEntry.SessionEnded ended) {
            Instant startedAt = open != null ? open.startedAt : ended.at().minus(ended.ran());
            Duration duration = open != null ? open.duration : ended.ran();
            String origin = open != null ? open.origin : "";
            session(new JournalContents.SessionRecord(startedAt, ended.at(), ended.program(), duration, ended.ran(),
                    ended.cause(), ended.maxLevel(), origin, false, ended.exposure()));
            open = null;
        } else if (entry instanceof JournalEntry.Note note && note.type().equals(JournalFormat.FAULT_DISPROVED)
                && open == null && !sessions.isEmpty()) {
            sessions.addLast(sessions.pollLast().withRestWaived());
        } else if (isSafetyEvent(entry)) {
            safetyEventCount++;
            keepLast(safetyEvents, entry, keep.safetyEvents());
        }
    }

    void problem(JournalProblem problem) {
        problemCount++;
        keepLast(problems, problem, keep.problems());
    }

    /** A torn line that may have been a session start: counted as one, in full. */
    void tornStart(Optional<Instant> at, Optional<Duration> duration, int line) {
        closeOpen();
        open = new Open(at.orElse(null), "(torn line " + line + ")", duration.orElse(SessionLimits.CEILING), "",
                Optional.empty(), true);
    }

    /** @param fileTime when the file was last written: bounds a torn start at its very end whose time was cut off */
    JournalContents finish(Instant fileTime) {
        if (open != null && open.startedAt == null) {
            open.startedAt = fileTime;
            open.lastAt = fileTime;
        }
        closeOpen();
        return new JournalContents(new ArrayList<>(entries), new ArrayList<>(sessions), sessionCount,
                new ArrayList<>(safetyEvents), safetyEventCount, new ArrayList<>(problems), problemCount);
    }

    private void closeOpen() {
        if (open == null) {
            return;
        }
        Duration ran;
        Instant ended;
        String cause;
        if (open.torn) {
            ran = open.duration;
            ended = open.startedAt.plus(open.duration);
            cause = "torn start line (power loss?); counted in full";
        } else if (open.progressEvery.isPresent()) {
            Duration allowance = open.progressEvery.get().plus(CRASH_SLACK);
            ran = min(open.duration, open.lastRan.plus(allowance));
            ended = open.lastAt.plus(allowance);
            cause = "unfinished (no end recorded; counted to " + allowance.toSeconds()
                    + " s past its last progress mark)";
        } else {
            ran = open.duration;
            ended = open.startedAt.plus(open.duration);
            cause = "unfinished (no end recorded; counted in full)";
        }
        session(new JournalContents.SessionRecord(open.startedAt, ended, open.program, open.duration, ran, cause, 0,
                open.origin, false, Optional.empty(), open.torn ? Optional.empty() : open.lastMark));
        open = null;
    }

    private void session(JournalContents.SessionRecord record) {
        sessionCount++;
        keepLast(sessions, record, keep.sessions());
    }

    private static boolean isSafetyEvent(JournalEntry entry) {
        return entry instanceof JournalEntry.Fault || entry instanceof JournalEntry.EmergencyStop
                || entry instanceof JournalEntry.RepeatedWhileLatched || entry instanceof JournalEntry.LatchReset
                || entry instanceof JournalEntry.ConfigRefused;
    }

    private static <T> void keepLast(Deque<T> kept, T item, int limit) {
        if (limit <= 0) {
            return;
        }
        if (kept.size() == limit) {
            kept.removeFirst();
        }
        kept.addLast(item);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
